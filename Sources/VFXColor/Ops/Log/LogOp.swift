import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// CLF's Log node on RGB (alpha untouched), all styles of CLF 3.0:
///
/// - `log10`, `log2`: `log_b(max(x, FLT_MIN))`; `antiLog10`, `antiLog2`: `b^x`.
/// - `linToLog`: `logSideSlope * log_base(max(linSideSlope * x + linSideOffset, FLT_MIN)) + logSideOffset`;
///   `logToLin` its inverse `(base^((y - logSideOffset) / logSideSlope) - linSideOffset) / linSideSlope`.
/// - `cameraLinToLog` / `cameraLogToLin`: the same with a straight segment below
///   `linSideBreak` that meets the log curve with equal value and (unless `linearSlope`
///   is given) equal slope.
///
/// Each channel has its own `LogParameters`.
public struct LogOp: ColorOperation, Equatable {
    public enum Style: String, Sendable, CaseIterable {
        case log10, log2, antiLog10, antiLog2, linToLog, logToLin, cameraLinToLog, cameraLogToLin

        public var needsParameters: Bool { ![.log10, .log2, .antiLog10, .antiLog2].contains(self) }
        public var isCamera: Bool { self == .cameraLinToLog || self == .cameraLogToLin }
    }

    public var style: Style
    /// Red, green, blue parameters (ignored by log10/log2/antiLog10/antiLog2).
    public var parameters: [LogParameters]

    public init(style: Style, parameters: [LogParameters] = Array(repeating: LogParameters(), count: 3)) throws(VFXError) {
        guard parameters.count == 3 else {
            throw .invalidArgument(name: "parameters", message: "needs 3 (R, G, B), got \(parameters.count)")
        }
        if style.needsParameters {
            for p in parameters {
                try p.validate(camera: style.isCamera)
            }
        }
        self.style = style
        self.parameters = parameters
    }

    public var name: String { "log" }

    public func makeCPURenderer() -> any CPURenderer {
        switch style {
        case .log2: return LogKernelRenderer.log(scale: 1)
        case .log10: return LogKernelRenderer.log(scale: Float(0.30102999566398119521))
        case .antiLog2: return LogKernelRenderer.antiLog(scale: 1)
        case .antiLog10: return LogKernelRenderer.antiLog(scale: Float(3.32192809488736234787))
        case .linToLog, .cameraLinToLog: return LogKernelRenderer.linToLog(parameters, camera: style.isCamera)
        case .logToLin, .cameraLogToLin: return LogKernelRenderer.logToLin(parameters, camera: style.isCamera)
        }
    }
}

/// The parameters of one channel of a Log node (CLF `LogParams`).
public struct LogParameters: Sendable, Equatable {
    public var base: Double = 2
    public var logSideSlope: Double = 1
    public var logSideOffset: Double = 0
    public var linSideSlope: Double = 1
    public var linSideOffset: Double = 0
    /// Camera styles only (required there).
    public var linSideBreak: Double?
    /// Camera styles only: the straight segment's slope (by default, the log curve's slope at the break).
    public var linearSlope: Double?

    public init() {}

    func validate(camera: Bool) throws(VFXError) {
        guard base > 0, base != 1, base.isFinite else {
            throw .invalidArgument(name: "base", message: "must be positive and not 1, got \(base)")
        }
        guard logSideSlope != 0, linSideSlope != 0 else {
            throw .invalidArgument(name: "logSideSlope/linSideSlope", message: "must not be 0")
        }
        if camera {
            guard let linSideBreak else {
                throw .invalidArgument(name: "linSideBreak", message: "is required by the camera log styles")
            }
            guard linSideSlope * linSideBreak + linSideOffset > 0 else {
                throw .invalidArgument(name: "linSideBreak", message: "must give a positive log argument at the break")
            }
            if let linearSlope, linearSlope == 0 {
                throw .invalidArgument(name: "linearSlope", message: "must not be 0")
            }
        }
    }

    /// The straight segment of the camera styles: slope, offset, and its end on the log side.
    var cameraSegment: (slope: Double, offset: Double, logSideBreak: Double) {
        let breakArgument = linSideSlope * (linSideBreak ?? 0) + linSideOffset
        let logSideBreak = logSideSlope * (Glibc.log(breakArgument) / Glibc.log(base)) + logSideOffset
        let slope = linearSlope ?? logSideSlope * linSideSlope / (breakArgument * Glibc.log(base))
        let offset = logSideBreak - slope * (linSideBreak ?? 0)
        return (slope, offset, logSideBreak)
    }
}

/// The C kernel every style runs (vfx_log_rgb / vfx_log_stored: explicit SIMD, fast_pow's
/// log2 and exp2): direction 0 (lin to log) or 1 (log to lin), 8 constants per channel
/// (`logChannel`). Between stored pixels it is exactly load, the kernel, store.
struct LogKernelRenderer: StoredPixelRenderer {
    let direction: Int32
    let constants: [Float]

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        constants.withUnsafeBufferPointer { k in
            UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
                vfx_log_rgb(floats, count, direction, k.baseAddress)
            }
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        constants.withUnsafeBufferPointer { k in
            vfx_log_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                           destinationFormat.kernelFormat, Int32(destinationChannels), count,
                           direction, k.baseAddress)
        }
    }
}

/// The constants of one channel as vfx_log_rgb lays them out: the curve's four, an unused
/// slot, and the straight segment (break, slope, offset; a break of -inf: none).
private func logChannel(_ a: Float, _ b: Float, _ c: Float, _ d: Float,
                        segment: (Float, Float, Float)? = nil) -> [Float] {
    let (brk, slope, offset) = segment ?? (-.infinity, 0, 0)
    return [a, b, c, d, 0, brk, slope, offset]
}

/// One constant per channel (R, G, B) computed in double from each channel's parameters.
private func perChannel(_ parameters: [LogParameters], _ f: (LogParameters) -> Double) -> SIMD3<Float> {
    SIMD3(Float(f(parameters[0])), Float(f(parameters[1])), Float(f(parameters[2])))
}

extension LogKernelRenderer {
    /// `log2(max(x, FLT_MIN)) * scale` per RGB channel.
    static func log(scale: Float) -> LogKernelRenderer {
        let channel = logChannel(1, 0, scale, 0)
        return LogKernelRenderer(direction: 0, constants: channel + channel + channel)
    }

    /// `exp2(x * scale)` per RGB channel.
    static func antiLog(scale: Float) -> LogKernelRenderer {
        let channel = logChannel(scale, 0, 0, 1)
        return LogKernelRenderer(direction: 1, constants: channel + channel + channel)
    }

    /// linToLog and cameraLinToLog, constants per channel precomputed in double:
    /// `x < linBreak ? segmentSlope * x + segmentOffset` (camera only), else
    /// `log2(max(FLT_MIN, x * linSlope + linOffset)) * logScale + logOffset`.
    static func linToLog(_ parameters: [LogParameters], camera: Bool) -> LogKernelRenderer {
        func channels(_ f: (LogParameters) -> Double) -> SIMD3<Float> { perChannel(parameters, f) }
        let linSlope = channels(\.linSideSlope)
        let linOffset = channels(\.linSideOffset)
        let logScale = channels { $0.logSideSlope / Glibc.log2($0.base) }
        let logOffset = channels(\.logSideOffset)
        let linBreak = channels { $0.linSideBreak ?? 0 }
        let segmentSlope = channels { $0.cameraSegment.slope }
        let segmentOffset = channels { $0.cameraSegment.offset }
        return LogKernelRenderer(direction: 0, constants: (0..<3).flatMap { c in
            logChannel(linSlope[c], linOffset[c], logScale[c], logOffset[c],
                       segment: camera ? (linBreak[c], segmentSlope[c], segmentOffset[c]) : nil)
        })
    }

    /// logToLin and cameraLogToLin, constants per channel precomputed:
    /// `y < logBreak ? inverseSegmentSlope * (y - segmentOffset)` (camera only), else
    /// `(2^((y - logOffset) * exponentScale) - linOffset) * inverseLinSlope`.
    static func logToLin(_ parameters: [LogParameters], camera: Bool) -> LogKernelRenderer {
        func channels(_ f: (LogParameters) -> Double) -> SIMD3<Float> { perChannel(parameters, f) }
        let exponentScale = SIMD3(parameters.map { log2f(Float($0.base)) / Float($0.logSideSlope) })
        let minusLogOffset = channels { -$0.logSideOffset }
        let minusLinOffset = channels { -$0.linSideOffset }
        let inverseLinSlope = SIMD3(parameters.map { 1 / Float($0.linSideSlope) })
        let logBreak = channels { $0.cameraSegment.logSideBreak }
        let inverseSegmentSlope = SIMD3(parameters.map { 1 / Float($0.cameraSegment.slope) })
        let minusSegmentOffset = channels { -$0.cameraSegment.offset }
        return LogKernelRenderer(direction: 1, constants: (0..<3).flatMap { c in
            logChannel(exponentScale[c], minusLogOffset[c], minusLinOffset[c], inverseLinSlope[c],
                       segment: camera ? (logBreak[c], inverseSegmentSlope[c], minusSegmentOffset[c]) : nil)
        })
    }
}
