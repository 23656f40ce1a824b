import Foundation
import Testing
import VFXColor
import VFXCore
import VFXOCIO

/// The COCIO shim and VFXOCIO on a small config: errors as values (no exception crosses,
/// nothing printed), steps translated into vfxpy ops or run on OCIO's CPU processor, with
/// values worked out by hand. (PyOpenColorIO comparisons are in Tests/python/test_ocio.py.)
@Suite struct OCIOConfigTests {
    static let yaml = """
        ocio_profile_version: 2.1
        roles: {default: lin, scene_linear: lin}
        file_rules:
          - !<Rule> {name: Default, colorspace: default}
        displays:
          sRGB:
            - !<View> {name: Video, colorspace: video}
        colorspaces:
          - !<ColorSpace> {name: lin, family: Linear, encoding: scene-linear}
          - !<ColorSpace>
            name: doubled
            from_scene_reference: !<MatrixTransform> {matrix: [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]}
          - !<ColorSpace>
            name: video
            from_scene_reference: !<ExposureContrastTransform> {style: video, exposure: 1, contrast: 1, pivot: 0.18}
        """

    func apply(_ processor: OCIOProcessor, _ pixel: RGBA) -> RGBA {
        var pixels = [pixel]
        pixels.withUnsafeMutableBufferPointer {
            ColorPipeline(processor.operations).apply(to: $0.baseAddress!, count: 1)
        }
        return pixels[0]
    }

    @Test func translatesAMatrixIntoOurOp() throws {
        let config = try OCIOConfig.parse(Self.yaml, workingDirectory: nil)
        let processor = try config.processor(from: "scene_linear", to: "doubled", looks: nil, direction: .forward)
        #expect(processor.steps.map(\.transform) == ["MatrixTransform"])
        #expect(processor.operations.map(\.name) == ["matrix"])
        #expect(apply(processor, RGBA(0.25, 0.5, 1, 0.3)) == RGBA(0.5, 1, 2, 0.3))
        let inverse = try config.processor(from: "lin", to: "doubled", looks: nil, direction: .inverse)
        #expect(apply(inverse, RGBA(0.5, 1, 2, 0.3)) == RGBA(0.25, 0.5, 1, 0.3))
        #expect(!processor.isNoOp && !processor.cacheID.isEmpty)
    }

    @Test func runsOtherStepsOnOCIOsCPUProcessor() throws {
        let config = try OCIOConfig.parse(Self.yaml, workingDirectory: nil)
        let processor = try config.displayProcessor(from: "lin", display: "sRGB", view: "Video", looks: nil,
                                                    direction: .forward)
        #expect(processor.steps.map(\.runsOnOCIO) == [true])
        #expect(processor.operations.map(\.name) == ["ocio_cpu"])
        // video style, contrast 1: out = in * 2^(exposure / 1.83) (OCIO's video gamma, 1.83)
        let out = apply(processor, RGBA(0.25, 0.5, 0.125, 1))
        let gain = Float(exp2(1 / 1.83))
        #expect(abs(out.x - 0.25 * gain) < 1e-6 && abs(out.y - 0.5 * gain) < 1e-6 && out.w == 1)
    }

    @Test func errorsAreValues() {
        #expect(throws: OCIOFailure.vfx(.io(path: "/nonexistent/config.ocio", message: "No such file or directory", code: 2))) {
            _ = try OCIOConfig.load(path: "/nonexistent/config.ocio")
        }
        do {
            _ = try OCIOConfig.parse("ocio_profile_version: 2.1\ncolorspaces: [}\n", workingDirectory: nil)
            Issue.record("an unparsable config was accepted")
        } catch {
            guard case .ocio(let message) = error else { Issue.record("not an OCIO error: \(error)"); return }
            #expect(!message.isEmpty)
        }
        #expect(throws: OCIOFailure.self) {
            let config = try OCIOConfig.parse(Self.yaml, workingDirectory: nil)
            _ = try config.processor(from: "lin", to: "nothing", looks: nil, direction: .forward)
        }
    }
}
