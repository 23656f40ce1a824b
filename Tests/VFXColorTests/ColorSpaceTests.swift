import Testing
import VFXColor

/// Matrices against published values; the full comparisons (RP 177 derivation in numpy,
/// OpenColorIO builtins) are in Tests/python/test_color.py.
@Suite struct ColorSpaceTests {
    func close(_ a: Matrix3, _ b: [Double], _ tolerance: Double) -> Bool {
        zip(a.values, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func acesMatricesMatchTB2014004() {
        #expect(close(Gamuts.ap0.rgbToXYZ, [0.9525523959, 0, 0.0000936786, 0.3439664498, 0.7281660966, -0.0721325464,
                                            0, 0, 1.0088251844], 1e-9))
        #expect(close(Gamuts.ap1.rgbToXYZ, [0.6624541811, 0.1340042065, 0.1561876870, 0.2722287168, 0.6740817658,
                                            0.0536895174, -0.0055746495, 0.0040607335, 1.0103391003], 1e-9))
        #expect(close(ColorSpaces.matrix(from: Gamuts.ap1, to: Gamuts.ap0),
                      [0.6954522414, 0.1406786965, 0.1638690622, 0.0447945634, 0.8596711185, 0.0955343182,
                       -0.0055258826, 0.0040252103, 1.0015006723], 1e-9))
    }

    @Test func bradfordMatchesLindbloom() {
        let m = ChromaticAdaptation.bradford.matrix(from: SIMD3(0.95047, 1, 1.08883), to: SIMD3(0.96422, 1, 0.82521))
        #expect(close(m, [1.0478112, 0.0228866, -0.0501270, 0.0295424, 0.9904844, -0.0170491,
                          -0.0092345, 0.0150436, 0.7521316], 5e-8))
    }

    @Test func cat02MatchesARRIsPublishedIDT() {
        #expect(close(ColorSpaces.matrix(from: Gamuts.awg3, to: Gamuts.ap0, adaptation: .cat02),
                      [0.680206, 0.236137, 0.083658, 0.085415, 1.017471, -0.102886, 0.002057, -0.062563, 1.060506],
                      5e-7))
    }

    @Test func inverseAndConversionOps() throws {
        let m = Gamuts.rec2020.rgbToXYZ
        #expect(close(try #require(m.inverse) * m, Matrix3.identity.values, 1e-14))
        let ops = try ColorSpaces.conversion(from: "ACEScg", to: "sRGB")
        #expect(ops.map(\.name) == ["matrix", "srgb_encode"])
        #expect(try ColorSpaces.conversion(from: "sRGB", to: "SRGB").isEmpty)
        #expect(throws: ColorSpaceError.unknownSpace(argument: "src", name: "nope")) {
            try ColorSpaces.conversion(from: "nope", to: "sRGB")
        }
    }
}
