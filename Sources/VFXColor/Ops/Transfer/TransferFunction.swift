import VFXCore

/// Which way a transfer function runs: `encode` maps linear light to code values (an
/// OETF or inverse EOTF, a log encoding), `decode` maps code values back to linear.
public enum TransferDirection: String, Sendable, CaseIterable {
    case encode
    case decode
}

/// A per-channel transfer function (a camera log curve, a display curve), written once
/// on eight float64 lanes (`Lanes`): the reference formula, and what the renderers run
/// (two RGBA pixels at a time, within a float step of the formula) for curves without a
/// float32 kernel. Curves with one (`floatKernel`, FloatCurveKernel) render in float32
/// SIMD instead, within about 1.6e-7 relative plus their inputs' rounding.
/// Both directions are defined on every float, negatives included; each curve documents
/// what it does outside its nominal range.
public protocol TransferFunction: Sendable {
    /// Linear → code values.
    func encode(_ x: Lanes) -> Lanes
    /// Code values → linear.
    func decode(_ y: Lanes) -> Lanes
    /// The CPU renderer; the default applies `encode`/`decode` to R, G and B. Curves that
    /// mix channels (HLG with its OOTF) provide their own.
    func makeRenderer(_ direction: TransferDirection) -> any CPURenderer
    /// The curve in transfer.glsl (its number and constants), or nil when it has none
    /// there (the Vulkan backend then runs it on the CPU). Defaults to nil.
    func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])?
    /// The curve in float32 (FloatCurveKernel: the C kernels and transfer32.glsl), or nil
    /// when it runs in float64 (`encode`/`decode` and transfer.glsl). Defaults to nil.
    func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel?
}

extension TransferFunction {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { nil }

    public func floatKernel(_ direction: TransferDirection) -> FloatCurveKernel? { nil }

    public func makeRenderer(_ direction: TransferDirection) -> any CPURenderer {
        if let kernel = floatKernel(direction) { return FloatCurveRenderer(kernel: kernel) }
        return switch direction {
        case .encode: EncodeRenderer(function: self)
        case .decode: DecodeRenderer(function: self)
        }
    }

    /// One value, linear → code, as the renderer computes it (NaN stays NaN).
    public func encode(_ x: Float) -> Float { value(x, .encode) }

    /// One value, code → linear, as the renderer computes it (NaN stays NaN).
    public func decode(_ y: Float) -> Float { value(y, .decode) }

    private func value(_ v: Float, _ direction: TransferDirection) -> Float {
        if let kernel = floatKernel(direction) {
            var pixel = RGBA(v, v, v, 1)
            kernel.apply(&pixel, count: 1)
            return pixel.x
        }
        guard !v.isNaN else { return v }
        let lanes = Lanes(repeating: Double(v))
        return Float(direction == .encode ? encode(lanes)[0] : decode(lanes)[0])
    }
}

/// A transfer function in one direction, as a color operation (alpha untouched).
public struct TransferOp: ColorOperation {
    public let curveName: String
    public let function: any TransferFunction
    public let direction: TransferDirection

    public init(curveName: String, function: any TransferFunction, direction: TransferDirection) {
        self.curveName = curveName
        self.function = function
        self.direction = direction
    }

    /// A curve of the catalog by name, e.g. `TransferOp(curve: "logc3", direction: .decode)`.
    public init(curve: String, direction: TransferDirection,
                parameters: [String: TransferParameterValue] = [:]) throws(TransferCurveError) {
        let entry = try TransferCurves.entry(named: curve)
        self.init(curveName: entry.name, function: try entry.make(parameters), direction: direction)
    }

    public var name: String { "\(curveName)_\(direction.rawValue)" }

    public func makeCPURenderer() -> any CPURenderer {
        function.makeRenderer(direction)
    }

    /// transfer32.glsl for the float32 curves; else transfer.glsl in float64, as the CPU
    /// renderers compute (chain64.comp).
    public func makeGPUKernel() -> GPUKernel? {
        if let kernel = function.floatKernel(direction) { return kernel.gpuKernel }
        guard let (curve, values) = function.gpuCurve(direction) else { return nil }
        return .transfer(curve: curve, encode: direction == .encode, values: values)
    }
}

/// Runs `body` on two pixels at a time as eight float64 lanes (R, G, B, A, R, G, B, A)
/// and stores the result back as float32 with alpha restored and NaN inputs passed
/// through unchanged. An odd last pixel runs duplicated.
@inline(__always)
func forEachPixelPair(_ pixels: UnsafeMutablePointer<RGBA>, _ count: Int, _ body: (Lanes) -> Lanes) {
    let alpha = SIMD8<Int32>(0, 0, 0, 1, 0, 0, 0, 1) .== 1
    var i = 0
    while i + 1 < count {
        let input = SIMD8<Float>(lowHalf: pixels[i], highHalf: pixels[i + 1])
        let output = SIMD8<Float>(body(Lanes(input))).replacing(with: input, where: alpha .| (input .!= input))
        pixels[i] = output.lowHalf
        pixels[i + 1] = output.highHalf
        i += 2
    }
    if i < count {
        let input = SIMD8<Float>(lowHalf: pixels[i], highHalf: pixels[i])
        let output = SIMD8<Float>(body(Lanes(input))).replacing(with: input, where: alpha .| (input .!= input))
        pixels[i] = output.lowHalf
    }
}

/// `encode` on R, G and B; generic so each curve's math is inlined into the loop.
struct EncodeRenderer<Function: TransferFunction>: CPURenderer {
    let function: Function

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        forEachPixelPair(pixels, count) { function.encode($0) }
    }
}

/// `decode` on R, G and B.
struct DecodeRenderer<Function: TransferFunction>: CPURenderer {
    let function: Function

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        forEachPixelPair(pixels, count) { function.decode($0) }
    }
}
