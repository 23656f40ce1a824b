import CPixelKernels
import VFXCore

/// CLF's Range: `out = in * scale + offset` with scale and offset mapping
/// [minIn, maxIn] onto [minOut, maxOut], then (clamping style) clamped to the output
/// bounds that are given. With only the minimums (or only the maximums) it is a shift
/// by `minOut - minIn` and a one-sided clamp. Values are normalized (bit-depth scaling
/// is the reader's job). Applies to RGB; alpha is untouched.
public struct RangeOp: ColorOperation, Equatable {
    public var minIn: Double?
    public var maxIn: Double?
    public var minOut: Double?
    public var maxOut: Double?
    public var clamps: Bool

    /// Pairs must come together (minIn with minOut, maxIn with maxOut), at least one pair,
    /// `maxIn > minIn` when both are given; the non-clamping style needs all four.
    public init(minIn: Double?, maxIn: Double?, minOut: Double?, maxOut: Double?,
                clamps: Bool = true) throws(VFXError) {
        guard (minIn == nil) == (minOut == nil) else {
            throw .invalidArgument(name: "minInValue", message: "and minOutValue must be given together")
        }
        guard (maxIn == nil) == (maxOut == nil) else {
            throw .invalidArgument(name: "maxInValue", message: "and maxOutValue must be given together")
        }
        guard minIn != nil || maxIn != nil else {
            throw .invalidArgument(name: "Range", message: "needs minInValue/minOutValue or maxInValue/maxOutValue")
        }
        if let minIn, let maxIn, !(maxIn > minIn) {
            throw .invalidArgument(name: "maxInValue", message: "must be above minInValue (\(maxIn) <= \(minIn))")
        }
        if let minOut, let maxOut, !(maxOut >= minOut), clamps {
            throw .invalidArgument(name: "maxOutValue", message: "must not be below minOutValue (\(maxOut) < \(minOut))")
        }
        if !clamps, minIn == nil || maxIn == nil {
            throw .invalidArgument(name: "style", message: "noClamp needs all four of min/max in/out values")
        }
        self.minIn = minIn
        self.maxIn = maxIn
        self.minOut = minOut
        self.maxOut = maxOut
        self.clamps = clamps
    }

    public var name: String { "range" }

    /// The affine part: scale and offset (computed in double, as a rendered float pair).
    public var scaleAndOffset: (scale: Double, offset: Double) {
        if let minIn, let maxIn, let minOut, let maxOut {
            let scale = (maxOut - minOut) / (maxIn - minIn)
            return (scale, minOut - scale * minIn)
        }
        if let minIn, let minOut { return (1, minOut - minIn) }
        if let maxIn, let maxOut { return (1, maxOut - maxIn) }
        return (1, 0)
    }

    public var isIdentity: Bool {
        let (scale, offset) = scaleAndOffset
        return !clamps && scale == 1 && offset == 0
    }

    public func makeCPURenderer() -> any CPURenderer {
        let (scale, offset) = scaleAndOffset
        let low = clamps ? Float(minOut ?? -Double.infinity) : -.infinity
        let high = clamps ? Float(maxOut ?? Double.infinity) : .infinity
        return RangeRenderer(scale: RGBA(SIMD3(repeating: Float(scale)), 1), offset: RGBA(SIMD3(repeating: Float(offset)), 0),
                             low: RGBA(SIMD3(repeating: low), -.infinity), high: RGBA(SIMD3(repeating: high), .infinity))
    }
}

/// `p = v * scale + offset`, then `p < low ? low : p`, then `p > high ? high : p`, per
/// channel (alpha's constants leave it as it is): `vfx_range_rgba` on each block, or
/// `vfx_range_stored` straight on f16, u8 and u16 pixels.
struct RangeRenderer: StoredPixelRenderer {
    let scale: RGBA
    let offset: RGBA
    let low: RGBA
    let high: RGBA
    /// scale, offset, low, high, four channels each, as the C kernels read them.
    let constants: [Float]

    init(scale: RGBA, offset: RGBA, low: RGBA, high: RGBA) {
        (self.scale, self.offset, self.low, self.high) = (scale, offset, low, high)
        constants = [scale, offset, low, high].flatMap { [$0.x, $0.y, $0.z, $0.w] }
    }

    var channelBehavior: ChannelBehavior { .perChannelCheap }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_range_rgba(floats, count, constants)
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        vfx_range_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                         destinationFormat.kernelFormat, Int32(destinationChannels), count,
                         constants)
    }
}
