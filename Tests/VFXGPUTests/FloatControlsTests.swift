import Foundation
import Testing
import VFXColor
import VFXGPU

/// Which float-control execution modes a device's shaders get, and that every shader
/// with them is valid SPIR-V for Vulkan. lavapipe takes only SignedZeroInfNanPreserve,
/// so the DenormPreserve variants a discrete GPU gets run nowhere in CI: spirv-val
/// (spirv-tools, installed by scripts/bootstrap) is what checks them here.
struct FloatControlsTests {
    typealias Mode = FloatControls
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

    static let shaders: [GPUShader] = [.chain, .chain64, .resample, .composite, .blend, .sharpen]

    @Test func onlyChain64ComputesInFloat64() {
        #expect(Self.shaders.filter(\.usesFloat64).map(\.name) == ["chain64"])
    }

    /// The device kinds' modes: lavapipe's (SignedZeroInfNanPreserve only), and
    /// DenormPreserve under each independence rule with every width supported.
    static let devices: [FloatControls] = [
        FloatControls(signedZeroInfNanPreserve: [32, 64]),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independenceAll),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independence32BitOnly),
        FloatControls(denormPreserve: [16, 32, 64], signedZeroInfNanPreserve: [16, 32, 64],
                      denormIndependence: FloatControls.independenceNone),
    ]

    static func spirvVal() -> String? {
        ["/usr/bin/spirv-val", "/usr/local/bin/spirv-val"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func everyVariantIsValidSPIRVForVulkan() throws {
        let validator = try #require(Self.spirvVal(), "spirv-val is missing: run scripts/bootstrap (spirv-tools)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vfx-spirv-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var checked = 0
        for shader in Self.shaders {
            for device in Self.devices {
                let modes = device.modes(float64: shader.usesFloat64)
                let variant = shader.addingExecutionModes(modes)
                #expect(variant.words.count == shader.words.count + 4 * modes.count
                        + 2 * Set(modes.map(\.mode)).count + 1 + 6, "\(variant.name)")
                let file = folder.appendingPathComponent("\(variant.name).spv")
                try variant.words.withUnsafeBytes { try Data($0).write(to: file) }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: validator)
                process.arguments = ["--target-env", "vulkan1.1", file.path]
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = errors
                try process.run()
                let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "\(variant.name): \(output)")
                checked += 1
            }
        }
        #expect(checked == Self.shaders.count * Self.devices.count)
    }
}
