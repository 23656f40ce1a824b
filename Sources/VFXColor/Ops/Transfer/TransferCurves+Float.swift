/// The curves computed in float32 (FloatCurveKernel), each written as its kernel's form
/// of the formula in the curve's documentation. The float64 `encode`/`decode` stay the
/// reference the tests hold both against.
extension SRGBCurve {
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode: .power(above: .above(0.0031308), linear: 12.92, p: 1 / 2.4, mul: 1.055, add: -0.055)
        case .decode: .power(above: .above(0.04045), linear: 1 / 12.92, offset: 0.055, scale: 1 / 1.055, p: 2.4)
        }
    }
}

extension Rec709Curve {
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode: .power(above: .atOrAbove(0.018), linear: 4.5, p: 0.45, mul: 1.099, add: -0.099)
        case .decode: .power(above: .atOrAbove(0.081), linear: 1 / 4.5, offset: 0.099, scale: 1 / 1.099, p: 1 / 0.45)
        }
    }
}

extension GammaCurve {
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        .gamma(direction == .encode ? inverse : exponent, mirrored: mirrored)
    }
}

extension LogC3Curve {
    /// c·log10(a·x + b) + d = log2(a·x + b)·(c·log10 2) + d; its inverse
    /// (10^((y − d)/c) − b)/a = (2^((y − d)·log2(10)/c) − b)·(1/a).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .above(Self.cut), a: Self.a, b: Self.b, c: Self.c * VectorMath.log10of2, d: Self.d,
                       e: Self.e, f: Self.f)
        case .decode:
            .logDecode(above: .above(Self.codeCut), d: Self.d, s: Self.exponentScale, b: Self.b, m: 1 / Self.a,
                       f: Self.f, n: 1 / Self.e)
        }
    }
}

extension LogC4Curve {
    /// (log2(a·x + 64) − 6)/14·b + c = log2(a·x + 64)·(b/14) + (c − 6b/14); its inverse
    /// (2^((E − c)·14/b + 6) − 64)/a = (2^((E − c)·14/b) − 1)·(64/a).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .atOrAbove(Self.t), a: Self.a, b: 64, c: Self.b / 14, d: Self.c - 6 * Self.b / 14,
                       e: 1 / Self.s, f: -Self.t / Self.s)
        case .decode:
            .logDecode(above: .atOrAbove(0), d: Self.c, s: 14 / Self.b, b: 1, m: 64 / Self.a, f: -Self.t / Self.s,
                       n: Self.s)
        }
    }
}

extension SLog3Curve {
    /// (420 + log10((x + 0.01)/0.19)·261.5)/1023 = log2(x/0.19 + 0.01/0.19)·(261.5/1023·log10 2)
    /// + 420/1023; its inverse 10^((1023y − 420)/261.5)·0.19 − 0.01 =
    /// (2^((y − 420/1023)·1023/261.5·log2 10) − 0.01/0.19)·0.19.
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .atOrAbove(0.01125), a: 1 / 0.19, b: 0.01 / 0.19, c: 261.5 / 1023 * VectorMath.log10of2,
                       d: 420.0 / 1023, e: Self.slope, f: 95.0 / 1023)
        case .decode:
            .logDecode(above: .atOrAbove(Self.codeCut), d: 420.0 / 1023, s: 1023 / 261.5 * VectorMath.log2of10,
                       b: 0.01 / 0.19, m: 0.19, f: 95.0 / 1023, n: 1 / Self.slope)
        }
    }
}

extension VLogCurve {
    /// c·log10(x + b) + d = log2(x + b)·(c·log10 2) + d; its inverse 10^((y − d)/c) − b.
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .atOrAbove(0.01), a: 1, b: Self.b, c: Self.c * VectorMath.log10of2, d: Self.d,
                       e: 5.6, f: 0.125)
        case .decode:
            .logDecode(above: .atOrAbove(0.181), d: Self.d, s: VectorMath.log2of10 / Self.c, b: Self.b, m: 1,
                       f: 0.125, n: 1 / 5.6)
        }
    }
}

extension Log3G10Curve {
    /// a·log10(b·(x + c) + 1) = log2(b·x + (b·c + 1))·(a·log10 2) for x + c ≥ 0, else
    /// g·x + g·c; its inverse (10^(y/a) − 1)/b − c = (2^(y·log2(10)/a) − (1 + b·c))/b.
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .atOrAbove(-Self.c), a: Self.b, b: Self.b * Self.c + 1, c: Self.a * VectorMath.log10of2,
                       d: 0, e: Self.g, f: Self.g * Self.c)
        case .decode:
            .logDecode(above: .atOrAbove(0), d: 0, s: VectorMath.log2of10 / Self.a, b: 1 + Self.b * Self.c,
                       m: 1 / Self.b, f: Self.g * Self.c, n: 1 / Self.g)
        }
    }
}

extension ACEScctCurve {
    /// (log2(x) + 9.72)/17.52 above 2^−7; its inverse 2^((y − 9.72/17.52)·17.52) at most
    /// 65504: the published third piece (65504 from ACEScc's top code up, where the log
    /// piece reaches 65504).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: .above(0.0078125), a: 1, b: 0, c: 1 / 17.52, d: 9.72 / 17.52, e: Self.a, f: Self.b)
        case .decode:
            .logDecode(above: .above(Self.codeBreak), d: 9.72 / 17.52, s: 17.52, b: 0, m: 1, f: Self.b, n: 1 / Self.a,
                       top: 65504)
        }
    }
}

extension CineonCurve {
    /// white + log10(max(x·(1 − k) + k, FLT_MIN))·logScale = log2(...)·(logScale·log10 2) +
    /// white; its inverse (10^((y − white)·expScale) − k)/(1 − k) =
    /// (2^((y − white)·expScale·log2 10) − k)·blackScale. Both are one log piece on every
    /// input (cut −inf; no linear piece).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .logEncode(above: -.infinity, a: 1 - black, b: black, c: logScale * VectorMath.log10of2, d: whiteCode,
                       e: 0, f: 0)
        case .decode:
            .logDecode(above: -.infinity, d: whiteCode, s: expScale * VectorMath.log2of10, b: black,
                       m: blackScale, f: 0, n: 0)
        }
    }
}

extension ACESccCurve {
    /// Below 2^−15, log2(max(x/2 + 2^−16, 2^−16)) (the floor is the x ≤ 0 piece), else
    /// log2(x), both ·(1/17.52) + 9.72/17.52; its inverse (2^((y − 9.72/17.52)·17.52) −
    /// 2^−16)·2 up to the low code, 2^((y − 9.72/17.52)·17.52) at most 65504 above (as
    /// ACEScct's, the log piece reaches 65504 at the top code).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        switch direction {
        case .encode:
            .split(below: 0x1p-15,
                   .logEncode(above: -.infinity, a: 0.5, b: 0x1p-16, c: 1 / 17.52, d: 9.72 / 17.52, e: 0, f: 0,
                              floor: 0x1p-16),
                   .logEncode(above: -.infinity, a: 1, b: 0, c: 1 / 17.52, d: 9.72 / 17.52, e: 0, f: 0))
        case .decode:
            .split(below: Float.above(Self.lowCode).nextUp,
                   .logDecode(above: -.infinity, d: 9.72 / 17.52, s: 17.52, b: 0x1p-16, m: 2, f: 0, n: 0),
                   .logDecode(above: -.infinity, d: 9.72 / 17.52, s: 17.52, b: 0, m: 1, f: 0, n: 0, top: 65504))
        }
    }
}

extension CanonLog3Curve {
    /// Two-sided about 0: for x ≥ 0, 0.36726845·log10(1 + 14.98325·x/0.9) + 0.12240537 =
    /// log2(x·(14.98325/0.9) + 1)·(0.36726845·log10 2) + 0.12240537 above 0.014·0.9, else
    /// x·(1.9754798/0.9) + 0.12512219; below 0 the same on −x with −0.12783901 and
    /// −0.12512219, negated. The inverse likewise, split at the linear piece's centre.
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        let a = 14.98325 / 0.9, c = 0.36726845 * VectorMath.log10of2, e = 1.9754798 / 0.9
        let s = VectorMath.log2of10 / 0.36726845, m = 0.9 / 14.98325, n = 0.9 / 1.9754798
        switch direction {
        case .encode:
            return .split(below: 0, mirrored: true,
                          .logEncode(above: .above(0.014 * 0.9), a: a, b: 1, c: c, d: -0.12783901, e: e, f: -0.12512219),
                          .logEncode(above: .above(0.014 * 0.9), a: a, b: 1, c: c, d: 0.12240537, e: e, f: 0.12512219))
        case .decode:
            return .split(below: Float(0.12512219), mirrored: true,
                          .logDecode(above: .above(-Self.lowCode), d: -0.12783901, s: s, b: 1, m: m, f: -0.12512219,
                                     n: n),
                          .logDecode(above: .above(Self.highCode), d: 0.12240537, s: s, b: 1, m: m, f: 0.12512219,
                                     n: n))
        }
    }
}

extension HLGCurve {
    /// Without the OOTF (which mixes channels: float64): odd about 0; for x ≥ 0, sqrt(3x)
    /// up to 1/12 (fast_pow with p = 0.5), else a·ln(12x − b) + c = log2(12x − b)·(a·ln 2)
    /// + c; its inverse x²/3 = (x·(1/3))·x up to 0.5, else (e^((x − c)/a) + b)/12 =
    /// (2^((x − c)·log2(e)/a) + b)·(1/12).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        guard !ootf else { return nil }
        switch direction {
        case .encode:
            let piece = FloatCurveKernel.logEncode(above: .above(1.0 / 12), a: 12, b: -Self.b,
                                                   c: Self.a * VectorMath.ln2, d: Self.c, e: 3, f: 0)
            return .split(below: 0, mirrored: true, lowerPiece: true, piece, piece)
        case .decode:
            let piece = FloatCurveKernel.logDecode(above: .above(0.5), d: Self.c, s: VectorMath.log2e / Self.a,
                                                   b: -Self.b, m: 1.0 / 12, f: 0, n: 1.0 / 3)
            return .split(below: 0, mirrored: true, lowerPiece: true, piece, piece)
        }
    }
}

extension PQCurve {
    /// SMPTE ST 2084 in float32: encode of `max(x·toPeak, 0)`, decode times `fromPeak`
    /// (the kernels carry float pairs where the curve amplifies rounding: within 3.5e-7 of
    /// the float64 formula; ops/transfer_pq.inc).
    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? {
        .pq(direction, peak: direction == .encode ? toPeak : fromPeak)
    }
}
