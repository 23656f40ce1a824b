extension Lut3DOp {
    /// lut3d.glsl: vfx_lut3d_rgba's trilinear or tetrahedral interpolation; the table is
    /// padded to RGBA entries as on the CPU.
    public func makeGPUKernel() -> GPUKernel? {
        let (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        return .lut3d(size: UInt32(lut.size), a: a, b: b, tetrahedral: interpolation == .tetrahedral,
                      table: lut.paddedRGBA())
    }
}
