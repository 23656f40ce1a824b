import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// SMPTE ST 2084 (PQ). Decode gives linear light with 1.0 = `scale` cd/m² (100 by
/// default, as OCIO's "CURVE - ST-2084_to_LINEAR"); encode is the inverse. Negatives
/// are clamped to 0 in both directions (as OCIO).
public struct PQCurve: TransferFunction, Equatable {
    static let m1 = 2610.0 / 16384.0
    static let m2 = 2523.0 / 4096.0 * 128.0
    static let c1 = 3424.0 / 4096.0
    static let c2 = 2413.0 / 4096.0 * 32.0
    static let c3 = 2392.0 / 4096.0 * 32.0

    /// cd/m² of linear 1.0.
    public let scale: Float
    let toPeak: Double
    let fromPeak: Double

    public init(scale: Float = 100) {
        self.scale = scale
        toPeak = Double(scale) / 10000
        fromPeak = 10000 / Double(scale)
    }

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let ym1 = VectorMath.pow(pointwiseMax(x * toPeak, .zero), Self.m1)
        return VectorMath.pow((Self.c1 + Self.c2 * ym1) / (1 + Self.c3 * ym1), Self.m2)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        let e = VectorMath.pow(pointwiseMax(y, .zero), 1 / Self.m2)
        // Codes past ~1.99 would make the denominator negative: they saturate instead.
        let denominator = pointwiseMax(Self.c2 - Self.c3 * e, Lanes(repeating: 1e-300))
        return VectorMath.pow(pointwiseMax(e - Self.c1, .zero) / denominator, 1 / Self.m1) * fromPeak
    }
}

/// Hybrid Log-Gamma, ITU-R BT.2100-2. Encode is the OETF (scene light E in [0, 1] →
/// E′): `sqrt(3E)` up to 1/12, else `a·ln(12E − b) + c`; decode is the inverse OETF
/// (scene light). Negatives are mirrored (odd extension), so both directions invert.
///
/// With `ootf`, decode continues with the OOTF to display light — `Fd = Ys^(γ−1)·E` per
/// channel, Ys = 0.2627R + 0.6780G + 0.0593B (BT.2100 luminance), γ = `systemGamma`
/// (1.2 for the 1000 cd/m² nominal peak), normalized so 1.0 = the peak (Lw = 1, Lb = 0)
/// — and encode starts with the inverse OOTF (`E = Yd^((1−γ)/γ)·Fd`).
public struct HLGCurve: TransferFunction, Equatable {
    static let a = 0.17883277
    static let b = 1 - 4 * 0.17883277
    static let c = 0.5 - 0.17883277 * log(4 * 0.17883277)
    static let luminance = (0.2627, 0.6780, 0.0593)

    public let ootf: Bool
    public let systemGamma: Float

    public init(ootf: Bool = false, systemGamma: Float = 1.2) {
        self.ootf = ootf
        self.systemGamma = systemGamma
    }

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let v = magnitude(x)
        let e = select(v .<= 1.0 / 12.0, (3 * v).squareRoot(), Self.a * VectorMath.ln(12 * v - Self.b) + Self.c)
        return select(x .< 0, -e, e)
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        let v = magnitude(y)
        let e = select(v .<= 0.5, v * v * (1 / 3.0),
                       (VectorMath.exp((v - Self.c) * (1 / Self.a)) + Self.b) * (1 / 12.0))
        return select(y .< 0, -e, e)
    }

    public func makeRenderer(_ direction: TransferDirection) -> any CPURenderer {
        if let kernel = floatKernel(direction) { return FloatCurveRenderer(kernel: kernel) }
        return switch (direction, ootf) {
        case (.encode, false): EncodeRenderer(function: self)
        case (.decode, false): DecodeRenderer(function: self)
        case (.encode, true): HLGInverseOOTFRenderer(curve: self)
        case (.decode, true): HLGOOTFRenderer(curve: self)
        }
    }

    /// `Y^exponent` of each pixel's BT.2100 luminance, spread over its R, G, B lanes
    /// (0 where the luminance is not positive).
    @inline(__always)
    func luminanceFactor(_ rgb: Lanes, exponent: Double) -> Lanes {
        let (wr, wg, wb) = Self.luminance
        let y0 = wr * rgb[0] + wg * rgb[1] + wb * rgb[2]
        let y1 = wr * rgb[4] + wg * rgb[5] + wb * rgb[6]
        let y = Lanes(y0, y0, y0, 1, y1, y1, y1, 1)
        return select(y .> 0, VectorMath.pow(y, exponent), .zero)
    }
}

/// Inverse OETF then OOTF: HLG signal → display light.
struct HLGOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let exponent = Double(curve.systemGamma) - 1
        forEachPixelPair(pixels, count) { signal in
            let scene = curve.decode(signal)
            return scene * curve.luminanceFactor(scene, exponent: exponent)
        }
    }
}

/// Inverse OOTF then OETF: display light → HLG signal.
struct HLGInverseOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let gamma = Double(curve.systemGamma)
        forEachPixelPair(pixels, count) { display in
            curve.encode(display * curve.luminanceFactor(display, exponent: (1 - gamma) / gamma))
        }
    }
}
