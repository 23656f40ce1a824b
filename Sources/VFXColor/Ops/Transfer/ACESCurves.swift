#if canImport(Glibc)
import Glibc
#endif

/// ACEScc, Academy S-2014-003:
///
///     encode(x) = (log2(2^−16) + 9.72) / 17.52               for x ≤ 0
///                 (log2(2^−16 + x/2) + 9.72) / 17.52          for x < 2^−15
///                 (log2(x) + 9.72) / 17.52                    otherwise
///     decode(y) = (2^(17.52·y − 9.72) − 2^−16) · 2            for y ≤ (9.72 − 15) / 17.52
///                 2^(17.52·y − 9.72)                          below (log2(65504) + 9.72) / 17.52
///                 65504                                       otherwise
public struct ACESccCurve: TransferFunction, Equatable {
    static let lowCode = (9.72 - 15) / 17.52
    static let highCode = (log2(65504.0) + 9.72) / 17.52
    static let zeroCode = (-16 + 9.72) / 17.52

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let toe = (VectorMath.log2(0x1p-16 + x * 0.5) + 9.72) * (1 / 17.52)
        let log = (VectorMath.log2(x) + 9.72) * (1 / 17.52)
        return select(x .<= 0, Lanes(repeating: Self.zeroCode), select(x .< 0x1p-15, toe, log))
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        let power = VectorMath.exp2(y * 17.52 - 9.72)
        return select(y .<= Self.lowCode, (power - 0x1p-16) * 2,
                      select(y .< Self.highCode, power, Lanes(repeating: 65504)))
    }
}

/// ACEScct, Academy S-2016-001: ACEScc with a linear toe,
///
///     encode(x) = 10.5402377416545·x + 0.0729055341958355     for x ≤ 0.0078125
///                 (log2(x) + 9.72) / 17.52                    otherwise
///     decode switches at 0.155251141552511 and returns 65504 above ACEScc's top code.
public struct ACEScctCurve: TransferFunction, Equatable {
    static let a = 10.5402377416545
    static let b = 0.0729055341958355
    static let codeBreak = 0.155251141552511

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .<= 0.0078125, Self.a * x + Self.b, (VectorMath.log2(x) + 9.72) * (1 / 17.52))
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .<= Self.codeBreak, (y - Self.b) * (1 / Self.a),
               select(y .< ACESccCurve.highCode, VectorMath.exp2(y * 17.52 - 9.72), Lanes(repeating: 65504)))
    }
}
