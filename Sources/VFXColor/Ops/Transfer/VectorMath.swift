/// Eight doubles: the width the transfer renderers compute in (two RGBA pixels).
public typealias Lanes = SIMD8<Double>
typealias LaneMask = SIMDMask<SIMD8<Int64>>

/// Float64 exp2/log2 on `Lanes`, written with operations SSE2 has (no float↔int64
/// conversions, no rounding instructions), so the curves vectorize without AVX. Relative
/// error below 1e-12 — far under float32's 6e-8 step even after a curve's amplification
/// (PQ's 78.8 power), so a curve computed with them and rounded to Float is within a
/// float step or two of the float64 formula.
///
/// Their edges are chosen for results that end as Float: exp2 saturates at 2^±1022 (0 and
/// inf once rounded to Float); log2(0) = −1023 (so pow(0, p) rounds to 0) and log2 of a
/// negative number is meaningless — no curve selects a branch that takes the log of a
/// value ≤ 0; log2(inf) = inf. NaN is not tracked here: the renderers pass NaN inputs
/// through unchanged.
enum VectorMath {
    static let ln2 = 0.6931471805599453
    static let log2e = 1.4426950408889634
    static let log10of2 = 0.30102999566398120
    static let log2of10 = 3.3219280948873622
    /// 1.5 · 2^52: adding it rounds to an integer held in the low mantissa bits.
    static let magic = 6755399441055744.0
    static let magicBits = Int64(bitPattern: 6755399441055744.0.bitPattern)

    /// The polynomial with coefficients `c` (highest power first) at `x`, by Horner's rule:
    /// a multiply and an add per coefficient, unrolled (the count is a constant).
    @inline(__always)
    static func horner<let n: Int>(_ x: Lanes, _ c: InlineArray<n, Double>) -> Lanes {
        var p = Lanes(repeating: c[0])
        for i in 1..<n { p = p * x + c[i] }
        return p
    }

    @inline(__always)
    static func exp2(_ x: Lanes) -> Lanes {
        let clamped = pointwiseMin(pointwiseMax(x, Lanes(repeating: -1022)), Lanes(repeating: 1023))
        let shifted = clamped + magic
        let n = shifted - magic
        let f = (clamped - n) * ln2  // |f| ≤ ln2 / 2
        // e^f, Taylor to degree 10 (remainder < 3e-13 relative for |f| ≤ 0.347).
        let p = horner(f, [1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
                           1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0])
        let integer = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- magicBits
        let scale = unsafeBitCast((integer &+ 1023) &<< 52, to: Lanes.self)
        return p * scale
    }

    @inline(__always)
    static func log2(_ x: Lanes) -> Lanes {
        let bits = unsafeBitCast(x, to: SIMD8<Int64>.self)
        var exponent = ((bits &>> 52) & 0x7FF) &- 1023
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Lanes.self)
        let high = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: high)
        exponent.replace(with: exponent &+ 1, where: high)
        // ln m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716: series to s^15
        // (remainder < 2e-14 relative).
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        let p = horner(s2, [1.0 / 15.0, 1.0 / 13.0, 1.0 / 11.0, 1.0 / 9.0, 1.0 / 7.0, 1.0 / 5.0, 1.0 / 3.0, 1.0])
        let lnm = 2 * s * p
        let e = unsafeBitCast(exponent &+ magicBits, to: Lanes.self) - magic
        return (e + lnm * log2e).replacing(with: .infinity, where: x .== .infinity)
    }

    @inline(__always)
    static func log10(_ x: Lanes) -> Lanes { log2(x) * log10of2 }

    @inline(__always)
    static func exp10(_ x: Lanes) -> Lanes { exp2(x * log2of10) }

    @inline(__always)
    static func ln(_ x: Lanes) -> Lanes { log2(x) * ln2 }

    @inline(__always)
    static func exp(_ x: Lanes) -> Lanes { exp2(x * log2e) }

    /// x^p for x > 0; for x = 0 and p ≥ 0.15 a value that rounds to Float 0.
    @inline(__always)
    static func pow(_ x: Lanes, _ p: Double) -> Lanes {
        exp2(log2(x) * p)
    }
}

@inline(__always)
func select(_ condition: LaneMask, _ then: Lanes, _ otherwise: Lanes) -> Lanes {
    otherwise.replacing(with: then, where: condition)
}

@inline(__always)
func magnitude(_ x: Lanes) -> Lanes { x.replacing(with: -x, where: x .< 0) }
