import VFXCore

/// The exact inverse of a 1D LUT with linear interpolation (CTF's InvLUT1D): for each
/// channel, the input that the forward LUT maps onto the pixel value.
///
/// Each channel's curve is taken as increasing or decreasing (by its end points) and
/// made monotonic first (an entry that goes back is flattened to its predecessor).
/// Values beyond the curve's range clamp to its ends; where the curve is flat at either
/// end, the inverse maps to the inner end of the flat part. NaN maps to the start.
///
/// A half-domain LUT is a curve through its finite halves (from -65504 to 65504, in
/// order; -0 and infinities left out), inverted the same way.
public struct InverseLut1DOp: ColorOperation, Equatable {
    public var lut: Lut1D

    public init(_ lut: Lut1D) throws(VFXError) {
        self.lut = lut
    }

    public var name: String { "inverse_lut1d" }

    public func makeCPURenderer() -> any CPURenderer {
        InverseLut1DRenderer(lut: lut)
    }
}

struct InverseLut1DRenderer: CPURenderer {
    /// One channel: the curve's sample positions (increasing), its values as increasing
    /// numbers (negated when the LUT decreases), and where its flat ends stop.
    struct Curve {
        let positions: [Float]
        let values: [Float]
        let sign: Float
        let first: Int
        let last: Int

        init(positions: [Float], raw: [Float]) {
            let n = raw.count
            let sign: Float = raw[n - 1] < raw[0] ? -1 : 1
            var values = raw.map { $0 * sign }
            for i in 1..<n where !(values[i] >= values[i - 1]) { values[i] = values[i - 1] }
            var first = 0
            while first + 1 < n, values[first + 1] == values[0] { first += 1 }
            var last = n - 1
            while last > first, values[last - 1] == values[n - 1] { last -= 1 }
            self.positions = positions
            self.sign = sign
            self.values = values
            self.first = first
            self.last = last
        }

        /// The input that the forward curve maps onto `y`.
        func invert(_ y: Float) -> Float {
            let low = values[first], high = values[last]
            let target = y * sign
            let value = target > low ? (target < high ? target : high) : low
            // the first entry in [first, last] not below value
            var lo = first, hi = last
            while lo < hi {
                let mid = (lo + hi) / 2
                if values[mid] < value { lo = mid + 1 } else { hi = mid }
            }
            if lo == first { return positions[lo] }
            let a = values[lo - 1], b = values[lo]
            let f = (value - a) / (b - a)
            return positions[lo - 1] + f * (positions[lo] - positions[lo - 1])
        }
    }

    let curves: [Curve]

    init(lut: Lut1D) {
        if lut.isHalfDomain {
            // finite halves in increasing order: -65504 … -0 (skipped) … +0 … 65504
            var bits: [Int] = (0x8001...0xFBFF).reversed()
            bits += Array(0x0000...0x7BFF)
            let positions = bits.map { Float(Float16(bitPattern: UInt16($0))) }
            curves = (0..<3).map { c in Curve(positions: positions, raw: bits.map { lut.values[3 * $0 + c] }) }
        } else {
            let n = lut.size
            curves = (0..<3).map { c in
                let step = (lut.domainMax[c] - lut.domainMin[c]) / Float(n - 1)
                return Curve(positions: (0..<n).map { lut.domainMin[c] + step * Float($0) },
                             raw: (0..<n).map { lut.values[3 * $0 + c] })
            }
        }
    }

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let r = curves[0], g = curves[1], b = curves[2]
        applyChannelCurves(pixels, count: count, r.invert, g.invert, b.invert)
    }
}
