/// sRGB, IEC 61966-2-1: `12.92·x` up to 0.0031308, else `1.055·x^(1/2.4) − 0.055`;
/// decode switches at 0.04045. The linear segment continues through negatives.
public struct SRGBCurve: TransferFunction, Equatable {
    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .<= 0.0031308, 12.92 * x, 1.055 * VectorMath.pow(x, 1 / 2.4) - 0.055)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .<= 0.04045, y * (1 / 12.92), VectorMath.pow((y + 0.055) * (1 / 1.055), 2.4))
    }
}

/// Rec.709 camera OETF, ITU-R BT.709-6: `4.5·L` below 0.018, else `1.099·L^0.45 − 0.099`;
/// decode is its inverse (switching at 0.081). The linear segment continues through
/// negatives. (The published pieces do not quite meet: 0.081 vs 0.081243 at 0.018.)
public struct Rec709Curve: TransferFunction, Equatable {
    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .< 0.018, 4.5 * x, 1.099 * VectorMath.pow(x, 0.45) - 0.099)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .< 0.081, y * (1 / 4.5), VectorMath.pow((y + 0.099) * (1 / 1.099), 1 / 0.45))
    }
}

/// A pure power: decode `y^gamma`, encode `x^(1/gamma)`. Negatives become 0 (as OCIO's
/// ExponentTransform, NEGATIVE_CLAMP) unless `mirrored`, which applies the curve to |x|
/// and keeps the sign (OCIO's NEGATIVE_MIRROR). BT.1886 is gamma 2.4 (Lw = 1, Lb = 0).
public struct GammaCurve: TransferFunction, Equatable {
    public let gamma: Float
    public let mirrored: Bool
    let exponent: Double
    let inverse: Double

    public init(gamma: Float, mirrored: Bool = false) {
        self.gamma = gamma
        self.mirrored = mirrored
        exponent = Double(gamma)
        inverse = 1 / Double(gamma)
    }

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes { power(x, inverse) }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes { power(y, exponent) }

    @inline(__always)
    private func power(_ v: Lanes, _ p: Double) -> Lanes {
        if mirrored {
            let result = VectorMath.pow(magnitude(v), p)
            return select(v .< 0, -result, result)
        }
        return select(v .> 0, VectorMath.pow(v, p), .zero)
    }
}
