extension CDLOp {
    /// cdl.glsl for the forward CDL (the CPU's cdl_rgb kernel, same float steps and the
    /// same fast_pow). The reverse CDL uses libm's powf on the CPU and runs there.
    public func makeGPUKernel() -> GPUKernel? {
        guard !isReverse else { return nil }
        let withPower: UInt32 = power == .one ? 0 : 1
        return GPUKernel(.cdl, parameters: words(slope) + words(offset) + words(power)
                         + [saturation.bitPattern, style == .asc ? 1 : 0, withPower])
    }
}
