import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// CLF's Exponent node: power curves per channel, in the ten styles of CLF 3.0.
///
/// - basic: `max(x, 0)^g` (Rev: `^(1/g)`); basicMirror: `sign(x)·|x|^g`;
///   basicPassThru: `x^g` for x ≥ 0, negatives unchanged.
/// - monCurve (offset o): `((x + o) / (1 + o))^g` above `o / (g - 1)`, a straight line
///   of matching value and slope below; Rev is its exact inverse; monCurveMirror applies
///   the curve to |x| and keeps the sign.
///
/// RGB always; alpha only when `alpha` parameters are given (Autodesk CTF's channel "A").
public struct ExponentOp: ColorOperation, Equatable {
    public enum Style: String, Sendable, CaseIterable {
        case basicFwd, basicRev, basicMirrorFwd, basicMirrorRev, basicPassThruFwd, basicPassThruRev
        case monCurveFwd, monCurveRev, monCurveMirrorFwd, monCurveMirrorRev

        public var isMonCurve: Bool { rawValue.hasPrefix("monCurve") }
        public var isReverse: Bool { rawValue.hasSuffix("Rev") }
    }

    /// One channel's parameters (`offset` is used by the monCurve styles only).
    public struct Parameters: Sendable, Equatable {
        public var exponent: Double
        public var offset: Double
        public init(exponent: Double, offset: Double = 0) {
            self.exponent = exponent
            self.offset = offset
        }

        /// The monCurve's joint, in double: the input `o/(g−1)` where the line meets the
        /// power curve, the curve's value there, and the line's slope (value / input).
        var monCurveJoint: (linearBreak: Double, curveBreak: Double, lineSlope: Double) {
            let g = exponent, o = offset
            let linearBreak = o / (g - 1)
            let curveBreak = pow(o * g / ((g - 1) * (1 + o)), g)
            return (linearBreak, curveBreak, curveBreak / linearBreak)
        }
    }

    public var style: Style
    /// Red, green, blue.
    public var parameters: [Parameters]
    public var alpha: Parameters?

    public init(style: Style, parameters: [Parameters], alpha: Parameters? = nil) throws(VFXError) {
        guard parameters.count == 3 else {
            throw .invalidArgument(name: "parameters", message: "needs 3 (R, G, B), got \(parameters.count)")
        }
        for p in parameters + (alpha.map { [$0] } ?? []) {
            guard p.exponent.isFinite, p.offset.isFinite else {
                throw .invalidArgument(name: "exponent", message: "and offset must be finite numbers")
            }
            if style.isMonCurve {
                guard p.exponent > 1, p.exponent <= 10 else {
                    throw .invalidArgument(name: "exponent", message: "must be in (1, 10] for \(style.rawValue), got \(p.exponent)")
                }
                guard p.offset > 0, p.offset <= 0.9 else {
                    throw .invalidArgument(name: "offset", message: "must be in (0, 0.9] for \(style.rawValue), got \(p.offset)")
                }
            } else {
                guard p.exponent > 0 else {
                    throw .invalidArgument(name: "exponent", message: "must be positive, got \(p.exponent)")
                }
            }
        }
        self.style = style
        self.parameters = parameters
        self.alpha = alpha
    }

    public var name: String { "exponent" }

    public func makeCPURenderer() -> any CPURenderer {
        if let kernel = floatKernel { return FloatCurveRenderer(kernel: kernel) }
        let channels = parameters + [alpha ?? Parameters(exponent: 1)]
        if style.isMonCurve {
            return MonCurveRenderer(channels: channels.map { MonCurveRenderer.Channel($0, reverse: style.isReverse) },
                                    mirror: style == .monCurveMirrorFwd || style == .monCurveMirrorRev,
                                    reverse: style.isReverse, alpha: alpha != nil)
        }
        let negatives: BasicPowerRenderer.Negatives = switch style {
        case .basicMirrorFwd, .basicMirrorRev: .mirror
        case .basicPassThruFwd, .basicPassThruRev: .passThrough
        default: .clampToZero
        }
        let exponents = channels.map { Float(style.isReverse ? 1 / $0.exponent : $0.exponent) }
        return BasicPowerRenderer(exponent: RGBA(exponents[0], exponents[1], exponents[2], exponents[3]),
                                  negatives: negatives, alpha: alpha != nil)
    }
}

extension ExponentOp {
    /// The monCurve styles (not mirrored) with one set of parameters for R, G and B and
    /// alpha untouched, as a transfer-curve kernel: `vfx_transfer_rgb`'s power curve in
    /// the vector loops (and straight on stored half, integer and RGB pixels) and
    /// transfer32.glsl on the GPU, with fast_pow (within 1.6e-7 relative of pow) instead
    /// of libm's scalar powf. OCIO's ExponentWithLinear (the sRGB and Rec.709 display
    /// encodings of its built-in displays) arrives as these. Forward: `x·slope` below
    /// `o/(g−1)`, else `((x + o)/(1 + o))^g`; reverse: `y/slope` below the curve's value
    /// there, else `y^(1/g)·(1 + o) − o`. Other styles: nil (their renderers below).
    var floatKernel: FloatCurveKernel? {
        guard style == .monCurveFwd || style == .monCurveRev, alpha == nil,
              parameters.dropFirst().allSatisfy({ $0 == parameters[0] }) else { return nil }
        let g = parameters[0].exponent, o = parameters[0].offset
        let (linearBreak, curveBreak, lineSlope) = parameters[0].monCurveJoint
        if style == .monCurveRev {
            return .power(above: .atOrAbove(curveBreak), linear: 1 / lineSlope, p: 1 / g, mul: 1 + o, add: -o)
        }
        return .power(above: .atOrAbove(linearBreak), linear: lineSlope, offset: o, scale: 1 / (1 + o), p: g)
    }

    /// transfer32.glsl's power curve where `floatKernel` applies; else none (the Vulkan
    /// backend runs the op on the host).
    public func makeGPUKernel() -> GPUKernel? { floatKernel?.gpuKernel }
}

struct BasicPowerRenderer: CPURenderer {
    enum Negatives { case clampToZero, mirror, passThrough }
    let exponent: RGBA
    let negatives: Negatives
    let alpha: Bool

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    @inline(__always)
    func power(_ x: Float, _ g: Float) -> Float {
        switch negatives {
        case .clampToZero: return powf(max(x, 0), g)
        case .mirror: return x < 0 ? -powf(-x, g) : powf(x, g)
        case .passThrough: return x < 0 ? x : powf(x, g)
        }
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let channels = alpha ? 4 : 3
        for i in 0..<count {
            var p = pixels[i]
            for c in 0..<channels { p[c] = power(p[c], exponent[c]) }
            pixels[i] = p
        }
    }
}

struct MonCurveRenderer: CPURenderer {
    /// Constants of one channel, computed in double.
    struct Channel {
        /// Forward: pow branch for x ≥ breakPoint: `(x * scale + shift)^exponent`;
        /// reverse: `(y^exponent) * scale + shift` for y ≥ breakPoint. Below: x * slope.
        let breakPoint: Float
        let scale: Float
        let shift: Float
        let exponent: Float
        let slope: Float

        init(_ p: ExponentOp.Parameters, reverse: Bool) {
            let g = p.exponent, o = p.offset
            let (linearBreak, curveBreak, lineSlope) = p.monCurveJoint
            if reverse {
                breakPoint = Float(curveBreak)
                scale = Float(1 + o)
                shift = Float(-o)
                exponent = Float(1 / g)
                slope = Float(1 / lineSlope)
            } else {
                breakPoint = Float(linearBreak)
                scale = Float(1 / (1 + o))
                shift = Float(o / (1 + o))
                exponent = Float(g)
                slope = Float(lineSlope)
            }
        }
    }

    let channels: [Channel]
    let mirror: Bool
    let reverse: Bool
    let alpha: Bool

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    @inline(__always)
    func curve(_ x: Float, _ k: Channel) -> Float {
        if x < k.breakPoint { return x * k.slope }
        return reverse ? powf(x, k.exponent) * k.scale + k.shift : powf(x * k.scale + k.shift, k.exponent)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let used = alpha ? 4 : 3
        channels.withUnsafeBufferPointer { k in
            for i in 0..<count {
                var p = pixels[i]
                for c in 0..<used {
                    let x = p[c]
                    p[c] = mirror && x < 0 ? -curve(-x, k[c]) : curve(x, k[c])
                }
                pixels[i] = p
            }
        }
    }
}
