/// Sony S-Log3 (Sony "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3"):
///
///     encode(x) = (420 + log10((x + 0.01) / 0.19) · 261.5) / 1023           for x ≥ 0.01125
///                 (x · (171.2102946929 − 95) / 0.01125 + 95) / 1023          otherwise
public struct SLog3Curve: TransferFunction, Equatable {
    static let codeCut = 171.2102946929 / 1023
    static let slope = (171.2102946929 - 95) / 0.01125 / 1023

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .>= 0.01125, (420 + VectorMath.log10((x + 0.01) * (1 / 0.19)) * 261.5) * (1 / 1023.0),
               x * Self.slope + 95.0 / 1023)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .>= Self.codeCut, VectorMath.exp10((y * 1023 - 420) * (1 / 261.5)) * 0.19 - 0.01,
               (y - 95.0 / 1023) * (1 / Self.slope))
    }
}

/// Panasonic V-Log ("VARICAM V-Log/V-Gamut" reference manual):
///
///     encode(x) = 5.6·x + 0.125                          for x < 0.01
///                 0.241514 · log10(x + 0.00873) + 0.598206 otherwise
///     decode switches at 0.181.
public struct VLogCurve: TransferFunction, Equatable {
    static let b = 0.00873
    static let c = 0.241514
    static let d = 0.598206

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        select(x .< 0.01, 5.6 * x + 0.125, Self.c * VectorMath.log10(x + Self.b) + Self.d)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .< 0.181, (y - 0.125) * (1 / 5.6), VectorMath.exp10((y - Self.d) * (1 / Self.c)) - Self.b)
    }
}

/// Canon Log 3 (Canon "Canon Log 3 / Cinema Gamut" white paper, v1.2 curve), code values
/// as full-range [0, 1], linear as scene reflectance (the curve's input is x / 0.9):
///
///     r = x / 0.9
///     encode = −0.36726845 · log10(1 − 14.98325·r) + 0.12783901   for r < −0.014
///              1.9754798 · r + 0.12512219                        for |r| ≤ 0.014
///              0.36726845 · log10(1 + 14.98325·r) + 0.12240537    for r > 0.014
public struct CanonLog3Curve: TransferFunction, Equatable {
    static let lowCode = 0.097465473
    static let highCode = 0.15277891

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let r = x * (1 / 0.9)
        let low = -0.36726845 * VectorMath.log10(1 - 14.98325 * r) + 0.12783901
        let high = 0.36726845 * VectorMath.log10(1 + 14.98325 * r) + 0.12240537
        return select(r .< -0.014, low, select(r .<= 0.014, 1.9754798 * r + 0.12512219, high))
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        let low = -(VectorMath.exp10((0.12783901 - y) * (1 / 0.36726845)) - 1) * (1 / 14.98325)
        let high = (VectorMath.exp10((y - 0.12240537) * (1 / 0.36726845)) - 1) * (1 / 14.98325)
        let middle = (y - 0.12512219) * (1 / 1.9754798)
        return 0.9 * select(y .< Self.lowCode, low, select(y .<= Self.highCode, middle, high))
    }
}

/// RED Log3G10 (RED "REDWideGamutRGB and Log3G10" white paper, v3):
///
///     x′ = x + 0.01
///     encode = 0.224282 · log10(155.975327·x′ + 1)   for x′ ≥ 0,   15.1927·x′ otherwise
public struct Log3G10Curve: TransferFunction, Equatable {
    static let a = 0.224282
    static let b = 155.975327
    static let c = 0.01
    static let g = 15.1927

    public init() {}

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let v = x + Self.c
        return select(v .< 0, v * Self.g, Self.a * VectorMath.log10(v * Self.b + 1))
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        select(y .< 0, y * (1 / Self.g), (VectorMath.exp10(y * (1 / Self.a)) - 1) * (1 / Self.b)) - Self.c
    }
}
