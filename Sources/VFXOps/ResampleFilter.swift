#if canImport(Glibc)
import Glibc
#endif
import VFXCore

/// The reconstruction / anti-aliasing filters of `resize`, `rotate` and `translate`,
/// defined as OpenImageIO's `Filter2D` defines them (same shapes, same default widths),
/// so results match `ImageBufAlgo.resize` / `rotate`.
///
/// `radius` is in source pixels at scale 1: half of OIIO's default filter width.
public enum ResampleFilter: String, CaseIterable, Sendable {
    /// The closest source pixel (no filtering; OIIO's `resample(interpolate=False)`).
    case nearest
    /// A box of width 1: the mean of the source pixels under the output pixel.
    case box
    /// The tent (OIIO "triangle", width 2): bilinear interpolation when enlarging.
    case bilinear
    /// Catmull-Rom cubic (B=0, C=1/2), width 4. Also called "bicubic" and "catmull-rom".
    case catmullRom = "catmull-rom"
    /// Mitchell-Netravali cubic with B = C = 1/3, width 4.
    case mitchell
    /// Lanczos with 3 lobes, width 6.
    case lanczos3
    /// OIIO's gaussian: exp(-2 (2x/w)^2) with width w = 3, i.e. sigma 0.75, cut at 1.5.
    case gaussian

    /// Parses the names users write; nil for an unknown name.
    public init?(name: String) {
        switch name.lowercased() {
        case "nearest", "point", "closest": self = .nearest
        case "box": self = .box
        case "bilinear", "triangle", "linear", "tent": self = .bilinear
        case "bicubic", "catmull-rom", "catmullrom", "catrom", "cubic": self = .catmullRom
        case "mitchell": self = .mitchell
        case "lanczos3", "lanczos": self = .lanczos3
        case "gaussian": self = .gaussian
        default: return nil
        }
    }

    /// The names `init(name:)` accepts, for error messages.
    public static let validNames = "nearest, box, bilinear (triangle), bicubic (catmull-rom), mitchell, lanczos3, gaussian"

    /// Half of the filter's width, in pixels at scale 1.
    public var radius: Double {
        switch self {
        case .nearest, .box: 0.5
        case .bilinear: 1
        case .catmullRom, .mitchell: 2
        case .lanczos3: 3
        case .gaussian: 1.5
        }
    }

    /// The filter's value at distance `x` (pixels at scale 1), not normalized.
    public func weight(_ x: Double) -> Double {
        let x = abs(x)
        switch self {
        case .nearest, .box:
            return x <= 0.5 ? 1 : 0
        case .bilinear:
            return x < 1 ? 1 - x : 0
        case .catmullRom:
            // B = 0, C = 1/2 (OIIO's catrom1d, which is twice this: normalization removes it).
            guard x < 2 else { return 0 }
            let x2 = x * x, x3 = x2 * x
            return x < 1 ? 1.5 * x3 - 2.5 * x2 + 1 : -0.5 * x3 + 2.5 * x2 - 4 * x + 2
        case .mitchell:
            guard x < 2 else { return 0 }
            let b = 1.0 / 3, c = 1.0 / 3
            let x2 = x * x, x3 = x2 * x
            if x < 1 {
                return ((12 - 9 * b - 6 * c) * x3 + (-18 + 12 * b + 6 * c) * x2 + (6 - 2 * b)) / 6
            }
            return ((-b - 6 * c) * x3 + (6 * b + 30 * c) * x2 + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6
        case .lanczos3:
            guard x <= 3 else { return 0 }
            guard x >= 1e-4 else { return 1 }
            let px = Double.pi * x
            return 3 * sin(px) * sin(px / 3) / (px * px)
        case .gaussian:
            let u = x / 1.5
            return u < 1 ? exp(-2 * u * u) : 0
        }
    }

    /// weights[k] = weight(first + k) for k < count, as Float. Lanczos3 takes one sine and
    /// one cosine for the whole run (sin(a + kπ/3) by angle addition, sin(3a) = 3 sin a -
    /// 4 sin³ a) instead of two sines per tap.
    func weights(from first: Double, count: Int, into weights: UnsafeMutablePointer<Float>) {
        guard self == .lanczos3 else {
            for k in 0..<count { weights[k] = Float(weight(first + Double(k))) }
            return
        }
        let a0 = Double.pi * first / 3
        let (s0, c0) = (sin(a0), cos(a0))
        for k in 0..<count {
            let x = first + Double(k)
            if abs(x) > 3 {
                weights[k] = 0
            } else if abs(x) < 1e-4 {
                weights[k] = 1
            } else {
                let step = ResampleFilter.thirdTurns[k % 6]
                let s = s0 * step.cos + c0 * step.sin          // sin(π x / 3)
                let px = Double.pi * x
                weights[k] = Float(3 * s * (3 * s - 4 * s * s * s) / (px * px))
            }
        }
    }

    /// cos and sin of k·π/3, k = 0..<6 (they repeat with period 6).
    private static let thirdTurns: [(cos: Double, sin: Double)] = (0..<6).map { k in
        (cos(Double(k) * Double.pi / 3), sin(Double(k) * Double.pi / 3))
    }
}
