extension ContrastOp {
    /// contrast.glsl: the CPU's contrast_rgb kernel with the same constants.
    public func makeGPUKernel() -> GPUKernel? {
        let pivot = max(self.pivot, 1e-6)
        return .contrast(amount: amount, inScale: 1 / pivot, outScale: pivot)
    }
}
