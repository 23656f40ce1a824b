import Foundation
import Testing
import VFXColor
import VFXCore
import VFXLUT

/// The CLF reader and the ops it brings, on values worked out from the CLF 3.0 formulas.
/// (OpenColorIO comparisons of every node type are in Tests/python/test_clf.py.)
@Suite struct CLFReaderTests {
    func parse(_ body: String, root: String = #"compCLFversion="3" id="t""#) throws -> CLFDocument {
        let text = "<?xml version=\"1.0\"?>\n<ProcessList \(root)>\n\(body)\n</ProcessList>\n"
        return try CLFReader.parse(Array(text.utf8), path: "test.clf")
    }

    func run(_ document: CLFDocument, _ pixels: [RGBA]) -> [RGBA] {
        var out = pixels
        out.withUnsafeMutableBufferPointer { document.pipeline.apply(to: $0.baseAddress!, count: $0.count) }
        return out
    }

    func formatError(_ body: String) -> String? {
        do {
            _ = try parse(body)
            return nil
        } catch let error as VFXError {
            if case let .format(path, message) = error { return "\(path): \(message)" }
            return "not a format error: \(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func metadataAndNodes() throws {
        let document = try parse("""
            <Description>hello</Description>
            <InputDescriptor>in</InputDescriptor>
            <OutputDescriptor>out</OutputDescriptor>
            <Log id="n1" name="log" inBitDepth="32f" outBitDepth="32f" style="log2"/>
            """, root: #"compCLFversion="3.0" id="abc" name="Name""#)
        #expect(document.id == "abc")
        #expect(document.name == "Name")
        #expect(document.descriptions == ["hello"])
        #expect(document.inputDescriptor == "in" && document.outputDescriptor == "out")
        #expect(document.nodes.map(\.type) == ["Log"])
        #expect(document.nodes[0].id == "n1" && document.nodes[0].line == 6)
        let out = run(document, [RGBA(0.5, 4, 1, 0.25)])
        #expect(out[0] == RGBA(-1, 2, 0, 0.25))
    }

    @Test func lut1DBitDepthScaling() throws {
        // 10i in, 10i out: 3 entries 0, 512, 1023 → input 0.25 is index 0.5 → 256/1023
        let document = try parse("""
            <LUT1D inBitDepth="10i" outBitDepth="10i"><Array dim="3 1">0 512 1023</Array></LUT1D>
            """)
        let out = run(document, [RGBA(0.25, 0.5, 1, 1)])
        #expect(abs(out[0].x - Float(256.0 / 1023)) < 1e-6)
        #expect(abs(out[0].y - Float(512.0 / 1023)) < 1e-6)
        #expect(out[0].z == 1)
    }

    @Test func rangeFrom32fTo12i() throws {
        // CLF 3.0: out = (in - minIn) * (maxOut - minOut) / (maxIn - minIn) + minOut, in 12i codes
        let document = try parse("""
            <Range inBitDepth="32f" outBitDepth="12i">
            <minInValue>0.1</minInValue><maxInValue>0.9</maxInValue>
            <minOutValue>0</minOutValue><maxOutValue>4095</maxOutValue></Range>
            """)
        let out = run(document, [RGBA(0.5, -1, 2, 1)])
        #expect(abs(out[0].x - 0.5) < 1e-6)
        #expect(out[0].y == 0 && out[0].z == 1)
    }

    @Test func matrixScalesByInOverOutDepth() throws {
        // a 16i→8i matrix of 255/65535 on the diagonal is the identity when normalized
        let k = 255.0 / 65535.0
        let document = try parse("""
            <Matrix inBitDepth="16i" outBitDepth="8i"><Array dim="3 4">\(k) 0 0 25.5 0 \(k) 0 0 0 0 \(k) 0</Array></Matrix>
            """)
        let out = run(document, [RGBA(0.25, 0.5, 0.75, 1)])
        #expect(abs(out[0].x - 0.35) < 1e-6)
        #expect(abs(out[0].y - 0.5) < 1e-6 && abs(out[0].z - 0.75) < 1e-6)
    }

    @Test func monCurveReverseUndoesForward() throws {
        let forward = try ExponentOp(style: .monCurveFwd, parameters: Array(repeating: .init(exponent: 2.4, offset: 0.055), count: 3))
        let reverse = try ExponentOp(style: .monCurveRev, parameters: Array(repeating: .init(exponent: 2.4, offset: 0.055), count: 3))
        let pipeline = ColorPipeline([forward, reverse])
        var pixels = stride(from: -0.2, through: 1.5, by: 0.01).map { RGBA(Float($0), Float($0) * 0.5, 0.01, 1) }
        let original = pixels
        pixels.withUnsafeMutableBufferPointer { pipeline.apply(to: $0.baseAddress!, count: $0.count) }
        for (a, b) in zip(pixels, original) {
            #expect(abs(a.x - b.x) < 2e-6 && abs(a.y - b.y) < 2e-6 && abs(a.z - b.z) < 2e-6)
        }
        // sRGB-like curve at 0.5 from the formula ((x + o) / (1 + o))^g
        var one = [RGBA(0.5, 0.5, 0.5, 1)]
        one.withUnsafeMutableBufferPointer { ColorPipeline([forward]).apply(to: $0.baseAddress!, count: 1) }
        #expect(abs(Double(one[0].x) - pow(0.555 / 1.055, 2.4)) < 1e-6)
    }

    @Test func cameraLogIsContinuousAtTheBreak() throws {
        var p = LogParameters()
        p.base = 10; p.logSideSlope = 0.25; p.logSideOffset = 0.4; p.linSideSlope = 5.5; p.linSideOffset = 0.05
        p.linSideBreak = 0.01
        let op = try LogOp(style: .cameraLinToLog, parameters: [p, p, p])
        var pixels = [RGBA(0.01 - 1e-6, 0.01, 0.01 + 1e-6, 1)]
        pixels.withUnsafeMutableBufferPointer { ColorPipeline([op]).apply(to: $0.baseAddress!, count: 1) }
        #expect(abs(pixels[0].x - pixels[0].y) < 1e-5 && abs(pixels[0].z - pixels[0].y) < 1e-5)
        #expect(abs(Double(pixels[0].y) - (0.25 * log10(5.5 * 0.01 + 0.05) + 0.4)) < 1e-6)
    }

    @Test func inverseLut1DUndoesTheLut() throws {
        let lut = try Lut1D.gamma(size: 64, gamma: 2.2)
        let pipeline = ColorPipeline([Lut1DOp(lut), try InverseLut1DOp(lut)])
        var pixels = stride(from: 0.0, through: 1.0, by: 0.05).map { RGBA(Float($0), Float($0), Float($0), 1) }
        let original = pixels
        pixels.withUnsafeMutableBufferPointer { pipeline.apply(to: $0.baseAddress!, count: $0.count) }
        for (a, b) in zip(pixels, original) { #expect(abs(a.x - b.x) < 1e-5) }
    }

    @Test func reverseCDLUndoesForward() throws {
        let forward = CDLOp(slope: SIMD3(1.1, 0.9, 1.2), offset: SIMD3(0.01, 0.02, -0.01), power: SIMD3(1.2, 0.8, 1.1),
                            saturation: 0.9)
        var reverse = forward
        reverse.isReverse = true
        var pixels = [RGBA(0.2, 0.4, 0.6, 1), RGBA(0.9, 0.1, 0.5, 0.5)]
        let original = pixels
        pixels.withUnsafeMutableBufferPointer { ColorPipeline([forward, reverse]).apply(to: $0.baseAddress!, count: 2) }
        for (a, b) in zip(pixels, original) { #expect(simd_distance(a, b) < 1e-5) }
    }

    @Test func malformedFilesNameTheLine() {
        #expect(formatError(#"<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="3 1">0 1</Array></LUT1D>"#)?
            .contains("test.clf: line 3: <Array dim=\"3 1\"> needs 3 values, found 2") == true)
        #expect(formatError("<Log inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"log2\"/>\n<Bogus/>")?
            .contains("line 4: unknown element <Bogus>") == true)
        #expect(formatError(#"<Log inBitDepth="9i" outBitDepth="32f" style="log2"/>"#)?.contains("line 3:") == true)
        #expect(formatError("<LUT1D inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"3 1\">0\nx\n1</Array></LUT1D>")?
            .contains("line 4: \"x\"") == true)
        #expect(throws: VFXError.self) { try CLFReader.parse(Array("<ProcessList><Log".utf8), path: "t.clf") }
    }

    @Test func inverse3DLutUndoesTheLut() throws {
        var lut = try Lut3D.identity(size: 5)
        lut.values = lut.values.enumerated().map { i, v in i % 3 == 0 ? v * v * 0.8 + 0.1 : v * 0.9 + 0.05 }
        let pipeline = ColorPipeline([Lut3DOp(lut, interpolation: .tetrahedral), InverseLut3DOp(lut)])
        var pixels = [RGBA(0.2, 0.4, 0.6, 1), RGBA(0.9, 0.1, 0.5, 0.5), RGBA(0.33, 0.33, 0.33, 1)]
        let original = pixels
        pixels.withUnsafeMutableBufferPointer { pipeline.apply(to: $0.baseAddress!, count: $0.count) }
        for (a, b) in zip(pixels, original) { #expect(simd_distance(a, b) < 1e-5) }
    }

    @Test func otherCTFNodesAreUnsupported() {
        #expect(throws: VFXError.unsupported("test.clf: line 3: <ExposureContrast> is not supported by this CLF reader")) {
            _ = try parse(#"<ExposureContrast inBitDepth="32f" outBitDepth="32f" style="linear"/>"#)
        }
    }
}

private func simd_distance(_ a: RGBA, _ b: RGBA) -> Float {
    let d = a - b
    return (d * d).sum().squareRoot()
}
