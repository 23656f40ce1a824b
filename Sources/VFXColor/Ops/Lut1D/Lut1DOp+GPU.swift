extension Lut1DOp {
    /// lut1d.glsl: Lut1DRenderer's lookup, or HalfDomainLut1DRenderer's for half-domain LUTs.
    public func makeGPUKernel() -> GPUKernel? {
        if lut.isHalfDomain { return .halfDomainLut1D(table: lut.values) }
        let (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        return .lut1d(size: UInt32(lut.size), a: a, b: b, table: lut.values)
    }
}
