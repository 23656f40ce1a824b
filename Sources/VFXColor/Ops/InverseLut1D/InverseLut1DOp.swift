import VFXCore

/// The exact inverse of a 1D LUT with linear interpolation (CTF's InvLUT1D): for each
/// channel, the input that the forward LUT maps onto the pixel value.
///
/// Each channel's curve is taken as increasing or decreasing (by its end points) and
/// made monotonic first (an entry that goes back is flattened to its predecessor).
/// Values beyond the curve's range clamp to its ends; where the curve is flat at either
/// end, the inverse maps to the inner end of the flat part. NaN maps to the start.
public struct InverseLut1DOp: ColorOperation, Equatable {
    public var lut: Lut1D

    public init(_ lut: Lut1D) throws(VFXError) {
        guard !lut.isHalfDomain else {
            throw .unsupported("the inverse of a half-domain 1D LUT is not supported")
        }
        self.lut = lut
    }

    public var name: String { "inverse_lut1d" }

    public func makeCPURenderer() -> any CPURenderer {
        InverseLut1DRenderer(lut: lut)
    }
}

struct InverseLut1DRenderer: CPURenderer {
    /// One channel: the curve as increasing values (negated when the LUT decreases),
    /// and the indices where its flat ends stop.
    struct Curve {
        let values: [Float]
        let sign: Float
        let first: Int
        let last: Int
    }

    let curves: [Curve]
    let domainMin: SIMD3<Float>
    let domainStep: SIMD3<Float>

    init(lut: Lut1D) {
        let n = lut.size
        curves = (0..<3).map { c in
            let raw = (0..<n).map { lut.values[3 * $0 + c] }
            let sign: Float = raw[n - 1] < raw[0] ? -1 : 1
            var values = raw.map { $0 * sign }
            for i in 1..<n where !(values[i] >= values[i - 1]) { values[i] = values[i - 1] }
            var first = 0
            while first + 1 < n, values[first + 1] == values[0] { first += 1 }
            var last = n - 1
            while last > first, values[last - 1] == values[n - 1] { last -= 1 }
            return Curve(values: values, sign: sign, first: first, last: last)
        }
        domainMin = lut.domainMin
        domainStep = (lut.domainMax - lut.domainMin) / Float(n - 1)
    }

    /// The fractional index whose forward interpolation gives `y`.
    @inline(__always)
    static func index(_ y: Float, _ curve: Curve, _ v: UnsafePointer<Float>) -> Float {
        let low = v[curve.first], high = v[curve.last]
        let target = y * curve.sign
        let value = target > low ? (target < high ? target : high) : low
        // the first entry in [first, last] not below value
        var lo = curve.first, hi = curve.last
        while lo < hi {
            let mid = (lo + hi) / 2
            if v[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        if lo == curve.first { return Float(lo) }
        let a = v[lo - 1], b = v[lo]
        return Float(lo - 1) + (value - a) / (b - a)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let r = curves[0], g = curves[1], b = curves[2]
        r.values.withUnsafeBufferPointer { rv in
            g.values.withUnsafeBufferPointer { gv in
                b.values.withUnsafeBufferPointer { bv in
                    guard let rp = rv.baseAddress, let gp = gv.baseAddress, let bp = bv.baseAddress else { return }
                    for i in 0..<count {
                        var p = pixels[i]
                        p.x = domainMin.x + domainStep.x * Self.index(p.x, r, rp)
                        p.y = domainMin.y + domainStep.y * Self.index(p.y, g, gp)
                        p.z = domainMin.z + domainStep.z * Self.index(p.z, b, bp)
                        pixels[i] = p
                    }
                }
            }
        }
    }
}
