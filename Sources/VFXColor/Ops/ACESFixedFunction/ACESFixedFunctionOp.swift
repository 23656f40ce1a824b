import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The fixed functions of the ACES 1.0 output transforms (Academy CTL `RRT` and `ODT`
/// common code) and the ACES 1.3 reference gamut compression, as OpenColorIO's
/// FixedFunctionTransform computes them and CTF writes them: `<FixedFunction
/// style="RedMod10Fwd">` and the others named by `Style`.
///
/// - Red modifier (RedMod10): pulls saturated reds toward a pivot (0.03) by up to 18%,
///   weighted by a quadratic B-spline of the hue angle (135° window centered on red) and
///   by saturation; Rev is its exact inverse (a quadratic solved for red).
/// - Glow (Glow03, Glow10): lifts dark saturated colors by up to `gain` (0.075 / 0.05)
///   below YC = 2/3 · mid (0.1 / 0.08), easing off to none at 2 · mid; Rev undoes it.
/// - Surround (DarkToDim10, DimToDark10): RGB times Y^(γ − 1), Y the AP1 luminance (at
///   least 1e-10), γ = 0.9811 and its inverse 1.0192640913260627.
/// - The ACES 1.3 reference gamut compression (GamutComp13): each channel's distance from
///   the achromatic axis (the pixel's largest channel), past a threshold, compressed by a
///   power curve so the distance `limit` lands on 1; Rev expands it back. Parameters (CTF's
///   `params`): the cyan, magenta and yellow limits, their thresholds, and the power.
///
/// Float32 with OCIO's operations in OCIO's order (so NaN and infinity come out where
/// OCIO's do), except atan2 and the powers (surround, gamut compression), which are
/// vfxpy's own vector versions (within 2e-7 relative of libm's): `vfx_aces_rgba` (VFXColorMath.h), every
/// CPU kernel level bit-identical. Alpha untouched. No shader: the Vulkan backend runs it
/// on the host.
public struct ACESFixedFunctionOp: ColorOperation, Equatable {
    /// CTF's style names.
    public enum Style: String, Sendable, CaseIterable {
        case redMod10Fwd = "RedMod10Fwd", redMod10Rev = "RedMod10Rev"
        case glow03Fwd = "Glow03Fwd", glow03Rev = "Glow03Rev"
        case glow10Fwd = "Glow10Fwd", glow10Rev = "Glow10Rev"
        case darkToDim10 = "DarkToDim10", dimToDark10 = "DimToDark10"
        case gamutComp13Fwd = "GamutComp13Fwd", gamutComp13Rev = "GamutComp13Rev"

        /// How many parameters the style takes.
        public var parameterCount: Int { self == .gamutComp13Fwd || self == .gamutComp13Rev ? 7 : 0 }
    }

    public let style: Style
    /// GamutComp13's limits (cyan, magenta, yellow), thresholds (the same) and power;
    /// empty for the other styles.
    public let parameters: [Double]

    public init(style: Style, parameters: [Double] = []) throws(VFXError) {
        guard parameters.count == style.parameterCount else {
            throw .invalidArgument(name: "params", message: "has \(parameters.count) values; \(style.rawValue) takes "
                                   + "\(style.parameterCount)")
        }
        if style.parameterCount == 7 {
            guard parameters.allSatisfy(\.isFinite), parameters[0..<3].allSatisfy({ $0 > 1 }),
                  parameters[3..<6].allSatisfy({ $0 >= 0 && $0 < 1 }), parameters[6] >= 1 else {
                throw .invalidArgument(name: "params", message: "GamutComp13 needs limits above 1, thresholds in "
                                       + "[0, 1) and a power of at least 1, got \(parameters)")
            }
        }
        self.style = style
        self.parameters = parameters
    }

    public var name: String { "aces_fixed_function" }

    public func makeCPURenderer() -> any CPURenderer {
        // vfx_aces_rgba's style and constants, in float as OCIO's renderers compute them
        switch style {
        case .redMod10Fwd, .redMod10Rev:
            let oneMinusScale: Float = 1 - 0.82
            return ACESFixedFunctionRenderer(kernelStyle: style == .redMod10Fwd ? 0 : 1,
                                             constants: [oneMinusScale, 0.03, 1.6976527263135504])
        case .glow03Fwd, .glow03Rev:
            return ACESFixedFunctionRenderer(kernelStyle: style == .glow03Fwd ? 2 : 3, constants: [0.075, 0.1])
        case .glow10Fwd, .glow10Rev:
            return ACESFixedFunctionRenderer(kernelStyle: style == .glow10Fwd ? 2 : 3, constants: [0.05, 0.08])
        case .darkToDim10:
            let gamma: Float = 0.9811
            return ACESFixedFunctionRenderer(kernelStyle: 4, constants: [gamma - 1])
        case .dimToDark10:
            let gamma: Float = 1.0192640913260627
            return ACESFixedFunctionRenderer(kernelStyle: 4, constants: [gamma - 1])
        case .gamutComp13Fwd, .gamutComp13Rev:
            // OCIO's scale, computed in float with powf: the compressed distance of
            // `limit` is 1
            let p = parameters.map { Float($0) }
            let power = p[6]
            let scales = (0..<3).map { c -> Float in
                let (limit, threshold) = (p[c], p[3 + c])
                return (limit - threshold) / powf(powf((1 - threshold) / (limit - threshold), -power) - 1, 1 / power)
            }
            return ACESFixedFunctionRenderer(kernelStyle: style == .gamutComp13Fwd ? 5 : 6,
                                             constants: [p[3], p[4], p[5]] + scales + [power, 1 / power])
        }
    }
}

struct ACESFixedFunctionRenderer: CPURenderer {
    let kernelStyle: Int32
    let constants: [Float]

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_aces_rgba(floats, count, kernelStyle, constants)
        }
    }
}
