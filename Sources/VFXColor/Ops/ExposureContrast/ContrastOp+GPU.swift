extension ContrastOp {
    /// contrast.comp: the CPU's contrast_rgb kernel with the same constants.
    public func makeGPUKernel() -> GPUKernel? {
        let pivot = max(self.pivot, 1e-6)
        return GPUKernel(shader: .contrast, parameters: words([amount, 1 / pivot, pivot]))
    }
}
