import VFXCore

/// Which way a transfer function runs: `encode` maps linear light to code values (an
/// OETF or inverse EOTF, a log encoding), `decode` maps code values back to linear.
public enum TransferDirection: String, Sendable, CaseIterable {
    case encode
    case decode
}

/// A per-channel transfer function (a camera log curve, a display curve), written once
/// on eight float64 lanes (`Lanes`): the renderers run it on two RGBA pixels at a time,
/// and the float64 math keeps the float32 result within a float step of the formula.
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
    /// The curve in transfer.glsl (its number and parameter words), or nil when it has
    /// none there (the Vulkan backend then runs it on the CPU). Defaults to nil.
    func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])?
}

extension TransferFunction {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { nil }

    public func makeRenderer(_ direction: TransferDirection) -> any CPURenderer {
        switch direction {
        case .encode: EncodeRenderer(function: self)
        case .decode: DecodeRenderer(function: self)
        }
    }

    /// One value, linear → code (float64 inside; NaN stays NaN).
    public func encode(_ x: Float) -> Float { x.isNaN ? x : Float(encode(Lanes(repeating: Double(x)))[0]) }

    /// One value, code → linear (float64 inside; NaN stays NaN).
    public func decode(_ y: Float) -> Float { y.isNaN ? y : Float(decode(Lanes(repeating: Double(y)))[0]) }
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

    /// transfer.glsl in float64, as the CPU renderers compute (chain64.comp).
    public func makeGPUKernel() -> GPUKernel? {
        guard let (curve, parameters) = function.gpuCurve(direction) else { return nil }
        return .transfer(curve: curve, encode: direction == .encode, parameters: parameters)
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

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        forEachPixelPair(pixels, count) { function.encode($0) }
    }
}

/// `decode` on R, G and B.
struct DecodeRenderer<Function: TransferFunction>: CPURenderer {
    let function: Function

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        forEachPixelPair(pixels, count) { function.decode($0) }
    }
}
