#if canImport(Glibc)
import Glibc
#endif

/// ARRI LogC3 (ALEXA LogC v3, EI 800), from ARRI's "ALEXA Log C Curve — Usage in VFX"
/// table, scene-linear reflectance (0.18 = mid grey):
///
///     encode(x) = c·log10(a·x + b) + d   for x > cut,   e·x + f otherwise
///
/// cut = 0.010591, a = 5.555556, b = 0.052272, c = 0.247190, d = 0.385537,
/// e = 5.367655, f = 0.092809. The linear segment covers negatives. (OCIO 2.1 derives
/// unrounded parameters instead; the two differ by up to 1.1e-5 relative.)
public struct LogC3Curve: TransferFunction, Equatable {
    static let cut = 0.010591
    static let a = 5.555556
    static let b = 0.052272
    static let c = 0.247190
    static let d = 0.385537
    static let e = 5.367655
    static let f = 0.092809
    static let codeCut = 5.367655 * 0.010591 + 0.092809
    /// 10^((y − d)/c) = 2^((y − d) · log2(10)/c)
    static let exponentScale = VectorMath.log2of10 / 0.247190

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .> Self.cut, Self.c * VectorMath.log10(Self.a * x + Self.b) + Self.d, Self.e * x + Self.f)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .> Self.codeCut, (VectorMath.exp2((y - Self.d) * Self.exponentScale) - Self.b) * (1 / Self.a),
               (y - Self.f) * (1 / Self.e))
    }
}

/// ARRI LogC4 (ARRI "LogC4 Logarithmic Color Space — Specification", 2022):
///
///     a = (2^18 − 16) / 117.45, b = (1023 − 95) / 1023, c = 95 / 1023
///     s = 7·ln 2 · 2^(7 − 14c/b) / (a·b),  t = (2^(14·(−c/b) + 6) − 64) / a
///     encode(x) = (log2(a·x + 64) − 6) / 14 · b + c   for x ≥ t,   (x − t) / s otherwise
///     decode(E) = (2^(14·(E − c)/b + 6) − 64) / a     for E ≥ 0,   E·s + t otherwise
public struct LogC4Curve: TransferFunction, Equatable {
    static let a = (262144.0 - 16.0) / 117.45
    static let b = (1023.0 - 95.0) / 1023.0
    static let c = 95.0 / 1023.0
    static let s = 7 * log(2.0) * pow(2, 7 - 14 * c / b) / (a * b)
    static let t = (pow(2, 14 * (-c / b) + 6) - 64) / a

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .>= Self.t, (VectorMath.log2(Self.a * x + 64) - 6) / 14 * Self.b + Self.c, (x - Self.t) * (1 / Self.s))
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .>= 0, (VectorMath.exp2((y - Self.c) * (14 / Self.b) + 6) - 64) * (1 / Self.a), y * Self.s + Self.t)
    }
}
