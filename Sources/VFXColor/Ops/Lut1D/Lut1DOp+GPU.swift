extension Lut1DOp {
    /// lut1d.glsl: Lut1DRenderer's lookup, or HalfDomainLut1DRenderer's for half-domain LUTs.
    public func makeGPUKernel() -> GPUKernel? {
        if lut.isHalfDomain { return GPUKernel(.halfDomainLut1D, parameters: [0], table: lut.values) }
        let (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        return GPUKernel(.lut1d, parameters: [UInt32(lut.size)] + words(a) + words(b), table: lut.values)
    }
}
