extension CDLOp {
    /// cdl.glsl: the forward CDL as the CPU's cdl_rgb kernel, the reverse one as
    /// ReverseCDLRenderer (same float steps, same fast_pow, the same reciprocals).
    public func makeGPUKernel() -> GPUKernel? {
        if isReverse {
            let reverse = ReverseCDLRenderer(op: self)
            let rgb = { (v: RGBA) in SIMD3(v.x, v.y, v.z) }
            return .reverseCDL(inverseSlope: rgb(reverse.inverseSlope), minusOffset: rgb(reverse.minusOffset),
                               inversePower: reverse.inversePower, inverseSaturation: reverse.inverseSaturation,
                               clamps: reverse.clamps)
        }
        return .cdl(slope: slope, offset: offset, power: power, saturation: saturation, clamps: style == .asc,
                    withPower: power != .one)
    }
}
