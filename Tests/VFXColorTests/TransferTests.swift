import Testing
import VFXColor

/// Swift-side checks of the transfer ops; the float64 references against the published
/// formulas and OpenColorIO are in Tests/python/test_transfer.py.
@Suite struct TransferTests {
    @Test func everyCurveRoundTrips() throws {
        for entry in TransferCurves.all {
            let function = try entry.make()
            for x: Float in [0.001, 0.01, 0.18, 0.5, 1, 4] {
                let back = function.decode(function.encode(x))
                #expect(abs(back - x) <= 2e-6 * max(1, x), "\(entry.name) at \(x): \(back)")
            }
        }
    }

    @Test func knownValues() {
        #expect(abs(SRGBCurve().encode(0.18) - 0.46135612) < 1e-6)
        #expect(abs(LogC3Curve().encode(0.18) - 0.39100683) < 1e-6)
        #expect(abs(SLog3Curve().encode(0.18) - 0.41055718) < 1e-6)   // 420 / 1023
        #expect(abs(PQCurve(scale: 100).encode(1) - 0.50807842) < 1e-6) // 100 cd/m2
        #expect(abs(ACEScctCurve().encode(0.18) - 0.41358938) < 1e-6)
    }

    @Test func opLeavesAlphaAndFusesInAPipeline() throws {
        var pixels: [RGBA] = [RGBA(0.18, 0.5, 1, 0.25), RGBA(-0.1, 0, 2, 1)]
        let original = pixels
        var pipeline = ColorPipeline()
        pipeline.append(try TransferOp(curve: "logc3", direction: .encode))
        pipeline.append(try TransferOp(curve: "LogC3", direction: .decode))
        pixels.withUnsafeMutableBufferPointer { pipeline.apply(to: $0.baseAddress!, count: $0.count) }
        for (p, q) in zip(pixels, original) {
            #expect(p.w == q.w)
            #expect(abs(p.x - q.x) < 1e-6 && abs(p.y - q.y) < 1e-6 && abs(p.z - q.z) < 2e-6)
        }
    }

    @Test func badNamesAndParametersThrow() {
        #expect(throws: TransferCurveError.unknownCurve("nope")) { try TransferOp(curve: "nope", direction: .decode) }
        #expect(throws: TransferCurveError.self) { try TransferCurves.entry(named: "pq").make(["scale": .number(-1)]) }
        #expect(throws: TransferCurveError.self) { try TransferCurves.entry(named: "srgb").make(["gamma": .number(2)]) }
    }
}
