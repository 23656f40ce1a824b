extension CDLOp {
    /// cdl.glsl: the forward CDL as the CPU's cdl_rgb kernel, the reverse one as
    /// ReverseCDLRenderer (same float steps, same fast_pow, the same reciprocals).
    public func makeGPUKernel() -> GPUKernel? {
        if isReverse {
            let reverse = ReverseCDLRenderer(op: self)
            let rgb = { (v: RGBA) in [v.x.bitPattern, v.y.bitPattern, v.z.bitPattern] }
            return GPUKernel(.reverseCDL, parameters: rgb(reverse.inverseSlope) + rgb(reverse.minusOffset)
                             + words(reverse.inversePower)
                             + [reverse.inverseSaturation.bitPattern, reverse.clamps ? 1 : 0])
        }
        let withPower: UInt32 = power == .one ? 0 : 1
        return GPUKernel(.cdl, parameters: words(slope) + words(offset) + words(power)
                         + [saturation.bitPattern, style == .asc ? 1 : 0, withPower])
    }
}
