extension Lut1DOp {
    /// lut1d.glsl: Lut1DRenderer's lookup. Half-domain LUTs run on the CPU.
    public func makeGPUKernel() -> GPUKernel? {
        guard !lut.isHalfDomain else { return nil }
        let (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        return GPUKernel(.lut1d, parameters: [UInt32(lut.size)] + words(a) + words(b), table: lut.values)
    }
}
