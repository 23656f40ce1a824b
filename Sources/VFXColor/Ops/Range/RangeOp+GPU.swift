extension RangeOp {
    /// range.glsl: RangeRenderer's scale, offset and clamps.
    public func makeGPUKernel() -> GPUKernel? {
        guard let renderer = makeCPURenderer() as? RangeRenderer else { return nil }
        return GPUKernel(.range, parameters: words(renderer.scale) + words(renderer.offset)
                         + words(renderer.low) + words(renderer.high))
    }
}
