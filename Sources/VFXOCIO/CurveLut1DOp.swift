import COCIO
import VFXColor
import VFXCore

/// A per-channel curve sampled evenly on [domainMin, domainMax] and continued by straight
/// lines outside it (`below` and `above`: the slopes per channel), as OCIO's grading
/// curves extrapolate. Linear interpolation inside, its position computed in double: in
/// float32, `(x - min) * scale` alone moves the output of the ACES tone scale by a few
/// 1e-6. NaN gives the first entry (as `Lut1DOp`). Runs on the CPU (no shader: the
/// Vulkan backend runs it on the host).
public struct CurveLut1DOp: ColorOperation {
    public let lut: Lut1D
    public let below: SIMD3<Float>
    public let above: SIMD3<Float>

    public var name: String { "curve_lut1d" }

    public func makeCPURenderer() -> any CPURenderer { CurveLut1DRenderer(op: self) }
}

struct CurveLut1DRenderer: CPURenderer {
    /// One curve (stride 1) when R, G and B are the same, else RGB samples (stride 3):
    /// a table that stays in the L2 cache.
    let values: [Float]
    let stride: Int32
    let size: Int32
    let lo: [Float]
    let hi: [Float]
    let below: [Float]
    let above: [Float]

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    init(op: CurveLut1DOp) {
        let all = op.lut.values
        let shared = stride3Equal(all) && op.lut.domainMin.x == op.lut.domainMin.y && op.lut.domainMin.y == op.lut.domainMin.z
            && op.lut.domainMax.x == op.lut.domainMax.y && op.lut.domainMax.y == op.lut.domainMax.z
        values = shared ? Swift.stride(from: 0, to: all.count, by: 3).map { all[$0] } : all
        stride = shared ? 1 : 3
        size = Int32(op.lut.size)
        lo = [op.lut.domainMin.x, op.lut.domainMin.y, op.lut.domainMin.z]
        hi = [op.lut.domainMax.x, op.lut.domainMax.y, op.lut.domainMax.z]
        below = [op.below.x, op.below.y, op.below.z]
        above = [op.above.x, op.above.y, op.above.z]
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            cocio_curve_apply(values, size, stride, lo, hi, below, above, floats, Int64(count))
        }
    }
}

/// True when every RGB triplet of `values` has three equal entries.
private func stride3Equal(_ values: [Float]) -> Bool {
    var index = 0
    while index + 2 < values.count {
        if values[index] != values[index + 1] || values[index] != values[index + 2] { return false }
        index += 3
    }
    return true
}
