extension Lut3DOp {
    /// lut3d.glsl: vfx_lut3d_rgba's trilinear or tetrahedral interpolation; the table is
    /// padded to RGBA entries as on the CPU.
    public func makeGPUKernel() -> GPUKernel? {
        let (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        var table = [Float](repeating: 0, count: 4 * lut.size * lut.size * lut.size)
        for i in 0..<(lut.size * lut.size * lut.size) {
            table[4 * i] = lut.values[3 * i]
            table[4 * i + 1] = lut.values[3 * i + 1]
            table[4 * i + 2] = lut.values[3 * i + 2]
        }
        return .lut3d(size: UInt32(lut.size), a: a, b: b, tetrahedral: interpolation == .tetrahedral, table: table)
    }
}
