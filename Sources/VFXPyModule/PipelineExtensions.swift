import PythonBridge

/// Pipeline methods added by other color modules (LUTs, CLF, transfer functions), one
/// line each, so that `_vfxpy.Pipeline` can carry their ops into fused chains.
enum PipelineExtensions {
    static var methods: [MethodDefinition] {
        []
        + LutPipelineMethods.table
        + CLFPipelineMethods.table
        + TransferPipelineMethods.table
    }
}
