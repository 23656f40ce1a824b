import CPixelKernels
import VFXColor
import VFXCore

/// A per-channel curve sampled evenly on [domainMin, domainMax] and continued by straight
/// lines outside it (`below` and `above`: the slopes per channel), as OCIO's grading
/// curves extrapolate. Linear interpolation inside, its position carried with its exact
/// rounding error (`vfx_curve_lut_rgba`): a plain float32 `(x - min) * scale` alone moves
/// the output of the ACES tone scale by a few 1e-6. NaN gives the first entry (as
/// `Lut1DOp`). Runs on the CPU (no shader: the Vulkan backend runs it on the host).
public struct CurveLut1DOp: ColorOperation {
    public let lut: Lut1D
    public let below: SIMD3<Float>
    public let above: SIMD3<Float>

    public var name: String { "curve_lut1d" }

    public func makeCPURenderer() -> any CPURenderer { CurveLut1DRenderer(op: self) }
}

struct CurveLut1DRenderer: CPURenderer {
    /// Each curve's samples as (s[i], s[i + 1]) pairs (vfx_curve_lut_rgba): one curve
    /// when R, G and B are the same, else three; tables that stay in the L2 cache.
    let pairs: [Float]
    let shared: Bool
    let size: Int32
    let lo: [Float]
    let hi: [Float]
    let below: [Float]
    let above: [Float]

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    init(op: CurveLut1DOp) {
        let all = op.lut.values
        let size = op.lut.size
        shared = stride3Equal(all) && op.lut.domainMin.x == op.lut.domainMin.y && op.lut.domainMin.y == op.lut.domainMin.z
            && op.lut.domainMax.x == op.lut.domainMax.y && op.lut.domainMax.y == op.lut.domainMax.z
        var pairs: [Float] = []
        pairs.reserveCapacity((shared ? 2 : 6) * size)
        for channel in 0..<(shared ? 1 : 3) {
            for i in 0..<size {
                pairs.append(all[3 * i + channel])
                pairs.append(all[3 * Swift.min(i + 1, size - 1) + channel])
            }
        }
        self.pairs = pairs
        self.size = Int32(size)
        lo = [op.lut.domainMin.x, op.lut.domainMin.y, op.lut.domainMin.z]
        hi = [op.lut.domainMax.x, op.lut.domainMax.y, op.lut.domainMax.z]
        below = [op.below.x, op.below.y, op.below.z]
        above = [op.above.x, op.above.y, op.above.z]
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_curve_lut_rgba(pairs, size, shared ? 1 : 0, lo, hi, below, above, floats, count)
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
