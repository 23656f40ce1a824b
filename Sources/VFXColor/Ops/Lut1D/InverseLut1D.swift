import VFXCore

/// The exact inverse of a `Lut1D`: for each channel, the input x at which the LUT's
/// piecewise-linear curve (linear interpolation between its entries) gives y, found by
/// a binary search over the entries and solved on that segment, so forward(inverse(y)) = y
/// up to float rounding for every y in the curve's range.
///
/// Each channel must be monotonic (non-decreasing or non-increasing, not constant).
/// Values beyond the curve's range give the matching end of the domain; on a flat run of
/// equal entries the inverse is the run's first input; NaN gives the domain's start.
public struct InverseLut1DOp: ColorOperation, Equatable {
    public var lut: Lut1D

    /// Checks that every channel is monotonic (and not constant).
    public init(_ lut: Lut1D) throws(VFXError) {
        guard !lut.isHalfDomain else {
            throw .unsupported("the inverse of a half-domain LUT is not implemented")
        }
        for c in 0..<3 {
            var rising = false, falling = false
            for i in 1..<lut.size {
                let a = lut.values[3 * (i - 1) + c], b = lut.values[3 * i + c]
                guard a.isFinite, b.isFinite else {
                    throw .invalidArgument(name: "lut", message: "has values that are not finite (channel \(c))")
                }
                if b > a { rising = true }
                if b < a { falling = true }
            }
            guard rising != falling else {
                throw .invalidArgument(name: "lut", message: rising
                    ? "is not monotonic in channel \(c), so it has no inverse"
                    : "is constant in channel \(c), so it has no inverse")
            }
        }
        self.lut = lut
    }

    public var name: String { "inverse_lut1d" }

    public func makeCPURenderer() -> any CPURenderer { InverseLut1DRenderer(lut) }

    /// The inverse of channel `channel` at `y` (the renderer's arithmetic).
    public func evaluate(_ y: Float, channel: Int) -> Float {
        InverseLut1DRenderer(lut).channels[channel].evaluate(y)
    }
}

struct InverseLut1DRenderer: CPURenderer {
    /// One channel as an increasing table (a falling curve is stored negated).
    struct Channel: Sendable {
        let values: [Float]
        let negate: Bool
        let low: Float
        let step: Float
        let high: Float

        @inline(__always)
        func evaluate(_ input: Float) -> Float {
            guard !input.isNaN else { return low }
            let y = negate ? -input : input
            let n = values.count
            if y <= values[0] {
                // the first input of the flat run at the start
                return low
            }
            if y >= values[n - 1] {
                var i = n - 1
                while i > 0 && values[i - 1] == values[n - 1] { i -= 1 }
                return i == n - 1 ? high : low + Float(i) * step
            }
            // the segment with values[lo] < y <= values[lo + 1]
            var lo = 0, hi = n - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if values[mid] < y { lo = mid } else { hi = mid }
            }
            let a = values[lo], b = values[lo + 1]
            if b == y {
                // land on the first entry of a flat run (or the exact entry)
                return low + Float(lo + 1) * step
            }
            let f = (y - a) / (b - a)
            return low + (Float(lo) + f) * step
        }
    }

    let channels: [Channel]

    init(_ lut: Lut1D) {
        channels = (0..<3).map { c in
            let curve = (0..<lut.size).map { lut.values[3 * $0 + c] }
            let negate = curve[lut.size - 1] < curve[0]
            let low = lut.domainMin[c], high = lut.domainMax[c]
            return Channel(values: negate ? curve.map { -$0 } : curve, negate: negate, low: low,
                           step: (high - low) / Float(lut.size - 1), high: high)
        }
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let (r, g, b) = (channels[0], channels[1], channels[2])
        for i in 0..<count {
            var p = pixels[i]
            p.x = r.evaluate(p.x)
            p.y = g.evaluate(p.y)
            p.z = b.evaluate(p.z)
            pixels[i] = p
        }
    }
}
