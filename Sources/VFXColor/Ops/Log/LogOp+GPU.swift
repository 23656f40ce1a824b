extension LogOp {
    /// log.glsl: LogKernelRenderer's direction and constants, the same float operations.
    public func makeGPUKernel() -> GPUKernel? {
        guard let renderer = makeCPURenderer() as? LogKernelRenderer else { return nil }
        return .log(direction: UInt32(renderer.direction), k: renderer.constants)
    }
}
