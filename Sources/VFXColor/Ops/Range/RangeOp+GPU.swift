extension RangeOp {
    /// range.glsl: RangeRenderer's scale, offset and clamps.
    public func makeGPUKernel() -> GPUKernel? {
        guard let renderer = makeCPURenderer() as? RangeRenderer else { return nil }
        return .range(scale: renderer.scale, offset: renderer.offset, low: renderer.low, high: renderer.high)
    }
}
