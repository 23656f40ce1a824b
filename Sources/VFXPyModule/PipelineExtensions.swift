import CPython

/// Pipeline methods added by other color modules (LUTs, CLF, transfer functions), one
/// line each, so that `_vfxpy.Pipeline` can carry their ops into fused chains.
enum PipelineExtensions {
    static var methods: [PyMethodDef] {
        []
        + LutPipelineMethods.table
        + CLFPipelineMethods.table
        + TransferPipelineMethods.table
    }
}
