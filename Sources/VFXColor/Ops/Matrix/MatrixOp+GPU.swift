extension MatrixOp {
    /// matrix.glsl: the same choice between a per-channel scale and the full 4x4 as
    /// `makeCPURenderer()`, so NaN and infinity behave as on the CPU.
    public func makeGPUKernel() -> GPUKernel? {
        let renderer = makeCPURenderer()
        let matrix = rows.flatMap { [$0.x, $0.y, $0.z, $0.w] }
        return .matrix(full: !(renderer is ScaleRenderer), matrix: matrix, offset: offset)
    }
}
