import Testing
import VFXGPU
import VFXOps

/// blend.comp's modes and composite.comp's operators come from GPUOps.table
/// (GPUBlendMode, GPUCompositeOperator); GPUOps finds the shader's case by name, so every
/// Blend.Mode and Compositing.Operator needs a case of the same name.
@Suite struct BlendModeTableTests {
    @Test func everyBlendModeHasAShaderMode() {
        #expect(Blend.Mode.allCases.map { "\($0)" } == GPUBlendMode.allCases.map { "\($0)" })
    }

    @Test func everyCompositingOperatorHasAShaderOperator() {
        #expect(Compositing.Operator.allCases.map { "\($0)" } == GPUCompositeOperator.allCases.map { "\($0)" })
    }
}
