import VFXCore

/// A 1D LUT with hue restoration (CTF's `hueAdjust="dw3"`): the LUT runs on each
/// channel, then the middle channel is set so that its position between the smallest
/// and largest channel is what it was before the LUT — the hue (for that ordering of
/// channels) is kept while the LUT changes lightness and chroma.
///
/// Channel order by value: ties keep OpenColorIO's order (a fixed table indexed by
/// the three pairwise comparisons), so equal channels resolve the same way.
public struct HueAdjustLut1DOp: ColorOperation, Equatable {
    public var lut: Lut1D

    public init(_ lut: Lut1D) { self.lut = lut }

    public var name: String { "lut1d_hue_adjust" }

    public func makeCPURenderer() -> any CPURenderer {
        HueAdjustLut1DRenderer(lut: lut)
    }
}

struct HueAdjustLut1DRenderer: CPURenderer {
    let table: [Float]
    let size: Int
    /// The domain normalization `x * a + b`, exactly as the plain 1D LUT renderer's.
    let a: SIMD3<Float>
    let b: SIMD3<Float>
    let halfDomain: Bool

    init(lut: Lut1D) {
        table = lut.values
        size = lut.size
        (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        halfDomain = lut.isHalfDomain
    }

    /// Indices of the largest, middle and smallest channel. The code
    /// `5·[r>g] + 4·[g>b] − 3·[r>b] + 3` (0…8 for ordinary numbers; NaN compares false)
    /// picks a start in `orders`; the next three entries are max, mid, min.
    @inline(__always)
    static func order(_ p: RGBA) -> (max: Int, mid: Int, min: Int) {
        let orders = (2, 1, 0, 2, 1, 0, 2, 1, 2, 0, 1, 2)
        let code = (p.x > p.y ? 5 : 0) + (p.y > p.z ? 4 : 0) - (p.x > p.z ? 3 : 0) + 3
        return withUnsafeBytes(of: orders) { raw in
            let o = raw.bindMemory(to: Int.self)
            return (o[code], o[code + 1], o[code + 2])
        }
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        table.withUnsafeBufferPointer { buffer in
            guard let t = buffer.baseAddress else { return }
            for i in 0..<count {
                let p = pixels[i]
                let (hi, mid, lo) = Self.order(p)
                let chroma = p[hi] - p[lo]
                let hueFactor = chroma == 0 ? 0 : (p[mid] - p[lo]) / chroma
                var q = p
                for c in 0..<3 {
                    q[c] = halfDomain ? HalfDomainLut1DRenderer.lookup(p[c], c, t)
                        : Lut1DRenderer.lookup(p[c], c, t, size, a[c], b[c])
                }
                q[mid] = hueFactor * (q[hi] - q[lo]) + q[lo]
                pixels[i] = q
            }
        }
    }
}
