import CPixelKernels
import VFXCore

/// The fixed functions of the ACES 1.0 output transforms (Academy CTL `RRT` and `ODT`
/// common code), as OpenColorIO's FixedFunctionTransform computes them and CTF writes
/// them: `<FixedFunction style="RedMod10Fwd">` and the others named by `Style`.
///
/// - Red modifier (RedMod10): pulls saturated reds toward a pivot (0.03) by up to 18%,
///   weighted by a quadratic B-spline of the hue angle (135° window centered on red) and
///   by saturation; Rev is its exact inverse (a quadratic solved for red).
/// - Glow (Glow03, Glow10): lifts dark saturated colors by up to `gain` (0.075 / 0.05)
///   below YC = 2/3 · mid (0.1 / 0.08), easing off to none at 2 · mid; Rev undoes it.
/// - Surround (DarkToDim10, DimToDark10): RGB times Y^(γ − 1), Y the AP1 luminance (at
///   least 1e-10), γ = 0.9811 and its inverse 1.0192640913260627.
///
/// Float32 with OCIO's operations in OCIO's order (so NaN and infinity come out where
/// OCIO's do), except atan2 and the surround's power, which are vfxpy's own vector
/// versions (within 2e-7 relative of libm's): `vfx_aces_rgba` (VFXColorMath.h), every
/// CPU kernel level bit-identical. Alpha untouched. No shader: the Vulkan backend runs it
/// on the host.
public struct ACESFixedFunctionOp: ColorOperation, Equatable {
    /// CTF's style names.
    public enum Style: String, Sendable, CaseIterable {
        case redMod10Fwd = "RedMod10Fwd", redMod10Rev = "RedMod10Rev"
        case glow03Fwd = "Glow03Fwd", glow03Rev = "Glow03Rev"
        case glow10Fwd = "Glow10Fwd", glow10Rev = "Glow10Rev"
        case darkToDim10 = "DarkToDim10", dimToDark10 = "DimToDark10"
    }

    public let style: Style

    public init(style: Style) { self.style = style }

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
