import Testing
import VFXColor
import VFXCore
import VFXLUT

@Suite struct LUTFileTests {
    func read(_ text: String, _ format: LUTFormat) throws -> LUTFile {
        try LUTFiles.parse(text, path: "test.\(format.rawValue)", format: format)
    }

    @Test func cubeShaperAndCube() throws {
        var text = "TITLE \"t\"\n# c\nLUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE -1 2\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n"
        for b in 0..<2 { for g in 0..<2 { for r in 0..<2 { text += "\(r) \(g) \(b)\n" } } }
        let file = try read(text, .cube)
        #expect(file.title == "t")
        #expect(file.comments == ["c"])
        #expect(file.steps.count == 2)
        guard case .lut1D(let shaper) = file.steps[0] else { Issue.record("no shaper"); return }
        #expect(shaper.domainMin == SIMD3(repeating: -1) && shaper.domainMax == SIMD3(repeating: 2))
        guard case .lut3D(let cube) = file.steps[1] else { Issue.record("no cube"); return }
        #expect(cube.domainMin == .zero && cube.values[3] == 1)
    }

    @Test(arguments: [
        ("LUT_3D_SIZE 2\n0 0 0\n", "line 2: the file ends after 1 table rows, expected 8"),
        ("LUT_1D_SIZE 2\n0 0 0\n0 x 0\n", "line 3: 'x' is not a finite number"),
        ("LUT_1D_SIZE 2\nFOO 1\n0 0 0\n1 1 1\n", "line 2: unknown keyword 'FOO'"),
        ("LUT_1D_SIZE 1\n0 0 0\n", "line 1: LUT_1D_SIZE 1 is out of range (2...65536)"),
        ("LUT_1D_SIZE 2\n0 0 0\n1 1\n", "line 3: a table row needs 3 numbers, got 2"),
        ("LUT_1D_SIZE 2\n0 0 0\n1 1 1\n2 2 2\n", "line 4: more table rows than the 2 the sizes announce"),
    ])
    func cubeErrors(text: String, message: String) {
        #expect(throws: VFXError.format(path: "test.cube", message: message)) { try read(text, .cube) }
    }

    @Test func writersRoundTrip() throws {
        let lut = try Lut3D(size: 3, values: (0..<81).map { Float($0) * 0.0123456789 - 0.1 },
                            domainMin: SIMD3(-0.5, 0, 0.1), domainMax: SIMD3(2, 1, 3))
        let file = LUTFile(title: "x", steps: [.lut3D(lut)])
        let again = try read(LUTFiles.text(of: file, format: .cube), .cube)
        guard case .lut3D(let back) = again.steps[0] else { Issue.record("not 3D"); return }
        #expect(back == lut)
        let csp = try read(LUTFiles.text(of: file, format: .csp), .csp)
        #expect(csp.steps.count == 2)
    }

    @Test func spimtxOffsetsAreSixteenBit() throws {
        let file = try read("1 0 0 65535\n0 1 0 0\n0 0 1 0\n", .spimtx)
        guard case .matrix(let m) = file.steps[0] else { Issue.record("no matrix"); return }
        #expect(m.offset.x == 1)
    }

    @Test func inverseLut1DIsExact() throws {
        let lut = try Lut1D.gamma(size: 17, gamma: 2.2)
        let forward = Lut1DOp(lut).makeCPURenderer()
        let inverse = try InverseLut1DOp(lut).makeCPURenderer()
        var pixels = (0..<1000).map { RGBA(repeating: Float($0) / 999) }
        let original = pixels
        pixels.withUnsafeMutableBufferPointer {
            inverse.apply($0.baseAddress!, count: $0.count)
            forward.apply($0.baseAddress!, count: $0.count)
        }
        for (a, b) in zip(pixels, original) { #expect(abs(a.x - b.x) < 2e-7) }
    }

    @Test func cspPrelutTwoPointsIsLinear() throws {
        let renderer = CSPPrelutOp(try CSPPrelut.domain(SIMD3(repeating: -1), SIMD3(repeating: 3))).makeCPURenderer()
        var p = [RGBA(1, -2, 5, 0.5)]
        p.withUnsafeMutableBufferPointer { renderer.apply($0.baseAddress!, count: 1) }
        #expect(p[0] == RGBA(0.5, 0, 1, 0.5))
    }
}
