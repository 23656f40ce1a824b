import Testing
import VFXGPU
import VFXOps

/// blend.comp's modes come from GPUOps.table (GPUBlendMode); GPUOps.blend finds the
/// shader's mode by case name, so every Blend.Mode needs a case of the same name.
@Suite struct BlendModeTableTests {
    @Test func everyBlendModeHasAShaderMode() {
        #expect(Blend.Mode.allCases.map { "\($0)" } == GPUBlendMode.allCases.map { "\($0)" })
    }
}
