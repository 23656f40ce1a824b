import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// SMPTE ST 2084 (PQ). Decode gives linear light with 1.0 = `scale` cd/m² (100 by
/// default, as OCIO's "CURVE - ST-2084_to_LINEAR"); encode is the inverse. Negatives
/// are clamped to 0 in both directions (as OCIO).
public struct PQCurve: TransferFunction, Equatable {
    static let m1: Double = 2610.0 / 16384.0
    static let m2: Double = 2523.0 / 4096.0 * 128.0
    static let c1: Double = 3424.0 / 4096.0
    static let c2: Double = 2413.0 / 4096.0 * 32.0
    static let c3: Double = 2392.0 / 4096.0 * 32.0

    /// cd/m² of linear 1.0.
    public let scale: Float
    private let toPeak: Double
    private let fromPeak: Double

    public init(scale: Float = 100) {
        self.scale = scale
        toPeak = Double(scale) / 10000
        fromPeak = 10000 / Double(scale)
    }

    @inline(__always)
    public func encode(_ x: Float) -> Float {
        Float(encodeDouble(Double(x)))
    }

    @inline(__always)
    func encodeDouble(_ x: Double) -> Double {
        let ym1 = pow(max(x * toPeak, 0), Self.m1)
        return pow((Self.c1 + Self.c2 * ym1) / (1 + Self.c3 * ym1), Self.m2)
    }

    @inline(__always)
    public func decode(_ y: Float) -> Float {
        Float(decodeDouble(Double(y)))
    }

    @inline(__always)
    func decodeDouble(_ y: Double) -> Double {
        let e = pow(max(y, 0), 1 / Self.m2)
        return pow(max(e - Self.c1, 0) / (Self.c2 - Self.c3 * e), 1 / Self.m1) * fromPeak
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
    static let a: Double = 0.17883277
    static let b: Double = 1 - 4 * 0.17883277
    static let c: Double = 0.5 - 0.17883277 * log(4 * 0.17883277)
    static let luminance = SIMD3<Double>(0.2627, 0.6780, 0.0593)

    public let ootf: Bool
    public let systemGamma: Float

    public init(ootf: Bool = false, systemGamma: Float = 1.2) {
        self.ootf = ootf
        self.systemGamma = systemGamma
    }

    @inline(__always)
    public func encode(_ x: Float) -> Float {
        Float(encodeDouble(Double(x)))
    }

    @inline(__always)
    func encodeDouble(_ x: Double) -> Double {
        let v = abs(x)
        let e = v <= 1.0 / 12.0 ? sqrt(3 * v) : Self.a * log(12 * v - Self.b) + Self.c
        return x < 0 ? -e : e
    }

    @inline(__always)
    public func decode(_ y: Float) -> Float {
        Float(decodeDouble(Double(y)))
    }

    @inline(__always)
    func decodeDouble(_ y: Double) -> Double {
        let v = abs(y)
        let e = v <= 0.5 ? v * v / 3 : (exp((v - Self.c) / Self.a) + Self.b) / 12
        return y < 0 ? -e : e
    }

    public func makeRenderer(_ direction: TransferDirection) -> any CPURenderer {
        switch (direction, ootf) {
        case (.encode, false): EncodeRenderer(function: self)
        case (.decode, false): DecodeRenderer(function: self)
        case (.encode, true): HLGInverseOOTFRenderer(curve: self)
        case (.decode, true): HLGOOTFRenderer(curve: self)
        }
    }

    /// Scene light → display light (BT.2100 OOTF, α = 1, β = 0).
    @inline(__always)
    func ootf(_ scene: SIMD3<Double>) -> SIMD3<Double> {
        let ys = (scene * Self.luminance).sum()
        guard ys > 0 else { return .zero }
        return scene * pow(ys, Double(systemGamma) - 1)
    }

    /// Display light → scene light.
    @inline(__always)
    func inverseOOTF(_ display: SIMD3<Double>) -> SIMD3<Double> {
        let yd = (display * Self.luminance).sum()
        guard yd > 0 else { return .zero }
        return display * pow(yd, (1 - Double(systemGamma)) / Double(systemGamma))
    }
}

/// Inverse OETF then OOTF: HLG signal → display light.
struct HLGOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            let scene = SIMD3(curve.decodeDouble(Double(p.x)), curve.decodeDouble(Double(p.y)),
                              curve.decodeDouble(Double(p.z)))
            let display = curve.ootf(scene)
            pixels[i] = RGBA(Float(display.x), Float(display.y), Float(display.z), p.w)
        }
    }
}

/// Inverse OOTF then OETF: display light → HLG signal.
struct HLGInverseOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            let scene = curve.inverseOOTF(SIMD3(Double(p.x), Double(p.y), Double(p.z)))
            pixels[i] = RGBA(Float(curve.encodeDouble(scene.x)), Float(curve.encodeDouble(scene.y)),
                             Float(curve.encodeDouble(scene.z)), p.w)
        }
    }
}
