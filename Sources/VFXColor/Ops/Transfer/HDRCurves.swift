import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// SMPTE ST 2084 (PQ). Decode gives linear light with 1.0 = `scale` cd/m² (100 by
/// default, as OCIO's "CURVE - ST-2084_to_LINEAR"); encode is the inverse. Negatives
/// are clamped to 0 in both directions (as OCIO).
public struct PQCurve: TransferFunction, Equatable {
    static let m1: Float = 2610.0 / 16384.0
    static let m2: Float = 2523.0 / 4096.0 * 128.0
    static let c1: Float = 3424.0 / 4096.0
    static let c2: Float = 2413.0 / 4096.0 * 32.0
    static let c3: Float = 2392.0 / 4096.0 * 32.0

    /// cd/m² of linear 1.0.
    public let scale: Float
    private let toPeak: Float
    private let fromPeak: Float

    public init(scale: Float = 100) {
        self.scale = scale
        toPeak = scale / 10000
        fromPeak = 10000 / scale
    }

    @inline(__always)
    public func encode(_ x: Float) -> Float {
        let ym1 = powf(max(x * toPeak, 0), Self.m1)
        return powf((Self.c1 + Self.c2 * ym1) / (1 + Self.c3 * ym1), Self.m2)
    }

    @inline(__always)
    public func decode(_ y: Float) -> Float {
        let e = powf(max(y, 0), 1 / Self.m2)
        return powf(max(e - Self.c1, 0) / (Self.c2 - Self.c3 * e), 1 / Self.m1) * fromPeak
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
    static let a: Float = 0.17883277
    static let b: Float = 1 - 4 * 0.17883277
    static let c: Float = Float(0.5 - 0.17883277 * log(4 * 0.17883277))
    static let luminance = SIMD3<Float>(0.2627, 0.6780, 0.0593)

    public let ootf: Bool
    public let systemGamma: Float

    public init(ootf: Bool = false, systemGamma: Float = 1.2) {
        self.ootf = ootf
        self.systemGamma = systemGamma
    }

    @inline(__always)
    public func encode(_ x: Float) -> Float {
        let v = abs(x)
        let e = v <= 1.0 / 12.0 ? sqrtf(3 * v) : Self.a * logf(12 * v - Self.b) + Self.c
        return x < 0 ? -e : e
    }

    @inline(__always)
    public func decode(_ y: Float) -> Float {
        let v = abs(y)
        let e = v <= 0.5 ? v * v / 3 : (expf((v - Self.c) / Self.a) + Self.b) / 12
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
    func ootf(_ scene: SIMD3<Float>) -> SIMD3<Float> {
        let ys = (scene * Self.luminance).sum()
        guard ys > 0 else { return .zero }
        return scene * powf(ys, systemGamma - 1)
    }

    /// Display light → scene light.
    @inline(__always)
    func inverseOOTF(_ display: SIMD3<Float>) -> SIMD3<Float> {
        let yd = (display * Self.luminance).sum()
        guard yd > 0 else { return .zero }
        return display * powf(yd, (1 - systemGamma) / systemGamma)
    }
}

/// Inverse OETF then OOTF: HLG signal → display light.
struct HLGOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            let scene = SIMD3(curve.decode(p.x), curve.decode(p.y), curve.decode(p.z))
            let display = curve.ootf(scene)
            pixels[i] = RGBA(display.x, display.y, display.z, p.w)
        }
    }
}

/// Inverse OOTF then OETF: display light → HLG signal.
struct HLGInverseOOTFRenderer: CPURenderer {
    let curve: HLGCurve

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            let scene = curve.inverseOOTF(SIMD3(p.x, p.y, p.z))
            pixels[i] = RGBA(curve.encode(scene.x), curve.encode(scene.y), curve.encode(scene.z), p.w)
        }
    }
}
