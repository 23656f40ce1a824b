import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// ASC CDL v1.2: slope → offset → power → saturation (Rec.709 luma), on RGB.
///
/// `.noClamp` (the default, as OpenColorIO's CDLTransform): values are never clamped;
/// power applies to positive values and negatives pass through, so scene-linear plates
/// keep their range. `.asc`: clamps to [0, 1] after slope/offset and after saturation,
/// exactly as the ASC v1.2 specification.
///
/// `isReverse` runs the exact inverse (CLF's `Rev` / `RevNoClamp` styles): saturation
/// 1/sat, power 1/power, then `(x - offset) / slope`; the `.asc` style clamps the input,
/// the power's input and the result to [0, 1].
public struct CDLOp: ColorOperation, Equatable {
    public enum Style: String, Sendable, CaseIterable {
        case noClamp = "no_clamp"
        case asc
    }

    public var slope: SIMD3<Float>
    public var offset: SIMD3<Float>
    public var power: SIMD3<Float>
    public var saturation: Float
    public var style: Style
    public var isReverse: Bool

    public init(slope: SIMD3<Float> = .one, offset: SIMD3<Float> = .zero, power: SIMD3<Float> = .one,
                saturation: Float = 1, style: Style = .noClamp, isReverse: Bool = false) {
        self.slope = slope
        self.offset = offset
        self.power = power
        self.saturation = saturation
        self.style = style
        self.isReverse = isReverse
    }

    public var name: String { "cdl" }
    public var isIdentity: Bool {
        style == .noClamp && slope == .one && offset == .zero && power == .one && saturation == 1
    }

    public func makeCPURenderer() -> any CPURenderer {
        isReverse ? ReverseCDLRenderer(op: self) as any CPURenderer : CDLRenderer(op: self)
    }
}

/// The whole CDL in one vectorized C loop (Swift's SIMD4 code for the same math did
/// not vectorize: the luma dot product and per-lane pow cost several times more).
struct CDLRenderer: StoredPixelRenderer {
    let slope: [Float]
    let offset: [Float]
    let power: [Float]
    let saturation: Float
    let clamps: Int32

    init(op: CDLOp) {
        slope = [op.slope.x, op.slope.y, op.slope.z]
        offset = [op.offset.x, op.offset.y, op.offset.z]
        power = [op.power.x, op.power.y, op.power.z]
        saturation = op.saturation
        clamps = op.style == .asc ? 1 : 0
    }

    /// Saturation mixes the channels (a unit one is skipped); powers make it a curve.
    var channelBehavior: ChannelBehavior {
        saturation != 1 ? .mixesChannels : power == [1, 1, 1] ? .perChannelCheap : .perChannelCostly
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_cdl_rgb(floats, count, slope, offset, power, saturation, clamps)
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        vfx_cdl_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                       destinationFormat.kernelFormat, Int32(destinationChannels), count,
                       slope, offset, power, saturation, clamps)
    }
}

/// The inverse CDL: (clamp) → saturation 1/sat → power 1/power → (x - offset) / slope → (clamp).
struct ReverseCDLRenderer: CPURenderer {
    let inverseSlope: RGBA
    let minusOffset: RGBA
    let inversePower: SIMD3<Float>
    let inverseSaturation: Float
    let clamps: Bool

    init(op: CDLOp) {
        inverseSlope = RGBA(1 / op.slope, 1)
        minusOffset = RGBA(-op.offset, 0)
        inversePower = 1 / op.power
        inverseSaturation = 1 / op.saturation
        clamps = op.style == .asc
    }

    var channelBehavior: ChannelBehavior {
        inverseSaturation != 1 ? .mixesChannels : inversePower == .one ? .perChannelCheap : .perChannelCostly
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let luma = RGBA(Luma.rec709, 0)
        let low = RGBA(0, 0, 0, -.infinity)
        let high = RGBA(1, 1, 1, .infinity)
        for i in 0..<count {
            var p = pixels[i]
            if clamps { p = p.clamped(lowerBound: low, upperBound: high) }
            if inverseSaturation != 1 {
                // luma from RGB alone: an infinite alpha must not turn it into NaN
                let y = p.x * luma.x + p.y * luma.y + p.z * luma.z
                let alpha = p.w
                p = RGBA(repeating: y) + inverseSaturation * (p - RGBA(repeating: y))
                p.w = alpha
            }
            if clamps { p = p.clamped(lowerBound: low, upperBound: high) }
            // our fast_pow (1.6e-7 relative), as the forward CDL and the GPU use; a unit
            // power keeps the value, as there
            p.x = p.x > 0 && inversePower.x != 1 ? vfx_fast_pow(p.x, inversePower.x) : p.x
            p.y = p.y > 0 && inversePower.y != 1 ? vfx_fast_pow(p.y, inversePower.y) : p.y
            p.z = p.z > 0 && inversePower.z != 1 ? vfx_fast_pow(p.z, inversePower.z) : p.z
            p = (p + minusOffset) * inverseSlope
            if clamps { p = p.clamped(lowerBound: low, upperBound: high) }
            pixels[i] = p
        }
    }
}
