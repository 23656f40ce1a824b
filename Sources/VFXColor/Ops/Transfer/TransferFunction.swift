import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Which way a transfer function runs: `encode` maps linear light to code values (an
/// OETF or inverse EOTF, a log encoding), `decode` maps code values back to linear.
public enum TransferDirection: String, Sendable, CaseIterable {
    case encode
    case decode
}

/// A per-channel transfer function (a camera log curve, a display curve). Both
/// directions are defined on every float, negatives included; each curve documents what
/// it does outside its nominal range.
public protocol TransferFunction: Sendable {
    /// Linear → code value.
    func encode(_ x: Float) -> Float
    /// Code value → linear.
    func decode(_ y: Float) -> Float
    /// The CPU renderer; the default applies `encode`/`decode` to R, G and B. Curves that
    /// mix channels (HLG with its OOTF) provide their own.
    func makeRenderer(_ direction: TransferDirection) -> any CPURenderer
}

extension TransferFunction {
    public func makeRenderer(_ direction: TransferDirection) -> any CPURenderer {
        switch direction {
        case .encode: EncodeRenderer(function: self)
        case .decode: DecodeRenderer(function: self)
        }
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
}

/// `encode` on R, G and B; generic so each curve's math is inlined into the loop.
struct EncodeRenderer<Function: TransferFunction>: CPURenderer {
    let function: Function

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            pixels[i] = RGBA(function.encode(p.x), function.encode(p.y), function.encode(p.z), p.w)
        }
    }
}

/// `decode` on R, G and B.
struct DecodeRenderer<Function: TransferFunction>: CPURenderer {
    let function: Function

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count {
            let p = pixels[i]
            pixels[i] = RGBA(function.decode(p.x), function.decode(p.y), function.decode(p.z), p.w)
        }
    }
}
