import CPixelKernels
import VFXCore

/// ASC CDL v1.2: slope → offset → power → saturation (Rec.709 luma), on RGB.
///
/// `.noClamp` (the default, as OpenColorIO's CDLTransform): values are never clamped;
/// power applies to positive values and negatives pass through, so scene-linear plates
/// keep their range. `.asc`: clamps to [0, 1] after slope/offset and after saturation,
/// exactly as the ASC v1.2 specification.
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

    public init(slope: SIMD3<Float> = .one, offset: SIMD3<Float> = .zero, power: SIMD3<Float> = .one,
                saturation: Float = 1, style: Style = .noClamp) {
        self.slope = slope
        self.offset = offset
        self.power = power
        self.saturation = saturation
        self.style = style
    }

    public var name: String { "cdl" }
    public var isIdentity: Bool {
        style == .noClamp && slope == .one && offset == .zero && power == .one && saturation == 1
    }

    public func makeCPURenderer() -> any CPURenderer {
        CDLRenderer(op: self)
    }
}

/// The whole CDL in one vectorized C loop (Swift's SIMD4 code for the same math did
/// not vectorize: the luma dot product and per-lane pow cost several times more).
struct CDLRenderer: CPURenderer {
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

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_cdl_rgb(floats, count, slope, offset, power, saturation, clamps)
        }
    }
}
