import Testing
import VFXGPU

/// Which float-control execution modes a device's shaders get (ShaderTests checks the
/// SPIR-V they make).
struct FloatControlsTests {
    static let dp = FloatControls.denormPreserveMode, sz = FloatControls.signedZeroInfNanPreserveMode

    static func denormWidths(_ preserve: Set<Int>, _ independence: UInt32, float64: Bool) -> [Int] {
        FloatControls(denormPreserve: preserve, denormIndependence: independence).denormPreserveWidths(float64: float64)
    }

    @Test func everyWidthOnItsOwnWhenTheDeviceLetsThemDiffer() {
        let all = FloatControls.independenceAll
        #expect(Self.denormWidths([32, 64], all, float64: true) == [32, 64])
        #expect(Self.denormWidths([32, 64], all, float64: false) == [32])
        #expect(Self.denormWidths([64], all, float64: true) == [64])
        #expect(Self.denormWidths([16], all, float64: true) == [])
    }

    /// VkShaderFloatControlsIndependence 0 is 32_BIT_ONLY (not "none"): 32-bit is free,
    /// 16- and 64-bit share a mode, so 64-bit gets DenormPreserve only with 16-bit.
    @Test func thirtyTwoBitOnlyTiesSixtyFourToSixteen() {
        let only32 = FloatControls.independence32BitOnly
        #expect(only32 == 0)
        #expect(Self.denormWidths([32], only32, float64: false) == [32])
        #expect(Self.denormWidths([16, 32, 64], only32, float64: true) == [16, 32, 64])
        #expect(Self.denormWidths([32, 64], only32, float64: true) == [32])
        #expect(Self.denormWidths([16, 64], only32, float64: true) == [16, 64])
        #expect(Self.denormWidths([16, 64], only32, float64: false) == [])
    }

    @Test func noIndependenceMeansEveryWidthOrNone() {
        let none = FloatControls.independenceNone
        #expect(none == 2)
        #expect(Self.denormWidths([16, 32, 64], none, float64: true) == [16, 32, 64])
        #expect(Self.denormWidths([16, 32, 64], none, float64: false) == [16, 32])
        #expect(Self.denormWidths([32, 64], none, float64: true) == [])
        #expect(Self.denormWidths([32], none, float64: false) == [])
    }

    @Test func signedZeroInfNanPerWidthTheShaderComputesIn() {
        let controls = FloatControls(signedZeroInfNanPreserve: [16, 32, 64])
        #expect(controls.modes(float64: false).map(\.width) == [32])
        #expect(controls.modes(float64: true).map(\.width) == [32, 64])
        #expect(controls.modes(float64: true).allSatisfy { $0.mode == Self.sz })
    }
}
