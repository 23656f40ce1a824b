import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Blend modes, as the W3C "Compositing and Blending Level 1" spec defines them, on
/// premultiplied images (the same inputs as `over`). With Cs, Cb the unpremultiplied
/// colors of the foreground (source) and background (backdrop), αs, αb their alphas and
/// o the opacity, each color channel of the (premultiplied) result is
///
///     co = o·αs·((1 - αb)·Cs + αb·B(Cb, Cs)) + αb·Cb·(1 - o·αs)
///     αo = o·αs + αb·(1 - o·αs)
///
/// i.e. the spec's general formula with source-over, and opacity scaling the source's
/// alpha; so the result moves linearly from the background (o = 0) to the full blend
/// (o = 1). Opaque images (or images without alpha) reduce to
/// co = Cb + o·(B(Cb, Cs) - Cb).
///
///     normal       Cs
///     multiply     Cb·Cs
///     screen       Cb + Cs - Cb·Cs
///     overlay      hard_light(Cs, Cb)   (i.e. with the layers' roles swapped)
///     darken       min(Cb, Cs)                lighten     max(Cb, Cs)
///     color_dodge  0 if Cb = 0, else 1 if Cs ≥ 1, else min(1, Cb / (1 - Cs))
///     color_burn   1 if Cb = 1, else 0 if Cs ≤ 0, else 1 - min(1, (1 - Cb) / Cs)
///     hard_light   Cs ≤ 0.5: Cb·2Cs   else screen(Cb, 2Cs - 1)
///     soft_light   Cs ≤ 0.5: Cb - (1 - 2Cs)·Cb·(1 - Cb)
///                  else Cb + (2Cs - 1)·(D(Cb) - Cb), D(Cb) = Cb ≤ 0.25 ? ((16Cb - 12)Cb + 4)Cb : √Cb
///     difference   |Cb - Cs|                  exclusion   Cb + Cs - 2·Cb·Cs
///     add          Cb + Cs                    subtract    Cb - Cs      (not in the spec: linear dodge / plain difference)
///
/// Values are not clamped (float images keep values above 1 and below 0; integer
/// results are clamped when stored); soft_light takes √ of max(Cb, 0).
public enum Blend {
    public enum Mode: String, CaseIterable, Sendable {
        case normal, multiply, screen, overlay, add, subtract, difference, exclusion, darken, lighten
        case softLight = "soft_light", hardLight = "hard_light", colorDodge = "color_dodge", colorBurn = "color_burn"

        /// B(Cb, Cs).
        @inline(__always)
        func apply(_ cb: Float, _ cs: Float) -> Float {
            switch self {
            case .normal: return cs
            case .multiply: return cb * cs
            case .screen: return cb + cs - cb * cs
            case .overlay: return Mode.hardLight.apply(cs, cb)
            case .add: return cb + cs
            case .subtract: return cb - cs
            case .difference: return abs(cb - cs)
            case .exclusion: return cb + cs - 2 * cb * cs
            case .darken: return min(cb, cs)
            case .lighten: return max(cb, cs)
            case .hardLight:
                return cs <= 0.5 ? cb * (2 * cs) : Mode.screen.apply(cb, 2 * cs - 1)
            case .softLight:
                if cs <= 0.5 { return cb - (1 - 2 * cs) * cb * (1 - cb) }
                let d = cb <= 0.25 ? ((16 * cb - 12) * cb + 4) * cb : sqrt(max(cb, 0))
                return cb + (2 * cs - 1) * (d - cb)
            case .colorDodge:
                if cb == 0 { return 0 }
                if cs >= 1 { return 1 }
                return min(1, cb / (1 - cs))
            case .colorBurn:
                if cb == 1 { return 1 }
                if cs <= 0 { return 0 }
                return 1 - min(1, (1 - cb) / cs)
            }
        }
    }

    /// `foreground` blended onto `background` (the frame, formats and channel rules of
    /// `Compositing.composite`).
    public static func blend(foreground: Image, background: Image, mode: Mode, opacity: Float,
                             offset: (x: Int, y: Int) = (0, 0)) throws(VFXError) -> Image {
        try checkOpacity(opacity)
        let frame = try LayerFrame(foreground: foreground, background: background, offset: offset)
        frame.forEachRow { a, b, out, covered, count in
            // One loop per mode: `apply` inlines with the mode a constant.
            switch mode {
            case .normal: row(frame, a, b, out, covered, count, opacity, .normal)
            case .multiply: row(frame, a, b, out, covered, count, opacity, .multiply)
            case .screen: row(frame, a, b, out, covered, count, opacity, .screen)
            case .overlay: row(frame, a, b, out, covered, count, opacity, .overlay)
            case .add: row(frame, a, b, out, covered, count, opacity, .add)
            case .subtract: row(frame, a, b, out, covered, count, opacity, .subtract)
            case .difference: row(frame, a, b, out, covered, count, opacity, .difference)
            case .exclusion: row(frame, a, b, out, covered, count, opacity, .exclusion)
            case .darken: row(frame, a, b, out, covered, count, opacity, .darken)
            case .lighten: row(frame, a, b, out, covered, count, opacity, .lighten)
            case .softLight: row(frame, a, b, out, covered, count, opacity, .softLight)
            case .hardLight: row(frame, a, b, out, covered, count, opacity, .hardLight)
            case .colorDodge: row(frame, a, b, out, covered, count, opacity, .colorDodge)
            case .colorBurn: row(frame, a, b, out, covered, count, opacity, .colorBurn)
            }
        }
        return frame.output
    }

    /// The opacities `blend` accepts (the Vulkan blend checks the same).
    package static func checkOpacity(_ opacity: Float) throws(VFXError) {
        guard opacity.isFinite, (0...1).contains(opacity) else {
            throw .invalidArgument(name: "opacity", message: "must be between 0 and 1, got \(opacity)")
        }
    }

    @inline(__always)
    private static func row(_ frame: LayerFrame, _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                            _ out: UnsafeMutablePointer<Float>, _ covered: Range<Int>, _ count: Int,
                            _ opacity: Float, _ mode: Mode) {
        let channels = frame.channels
        let alphaA = frame.alphaA, alphaB = frame.alphaB
        for p in 0..<count {
            let pa = a + p * channels, pb = b + p * channels, po = out + p * channels
            guard covered.contains(p) else {
                po.update(from: pb, count: channels)
                continue
            }
            let aS: Float = alphaA.map { pa[$0] } ?? 1
            let aB: Float = alphaB.map { pb[$0] } ?? 1
            let source = opacity * aS
            let inverseS: Float = aS != 0 ? 1 / aS : 0
            let inverseB: Float = aB != 0 ? 1 / aB : 0
            for c in 0..<channels {
                if c == alphaA || c == alphaB { continue }
                let cs = pa[c] * inverseS, cb = pb[c] * inverseB
                po[c] = opacity * ((1 - aB) * pa[c] + aS * aB * mode.apply(cb, cs)) + pb[c] * (1 - source)
            }
            if let alphaB { po[alphaB] = source + aB * (1 - source) }
            if let alphaA, alphaA != alphaB { po[alphaA] = source + aB * (1 - source) }
        }
    }
}
