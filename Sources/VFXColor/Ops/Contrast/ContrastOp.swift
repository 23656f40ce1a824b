import CPixelKernels
import VFXCore

/// Contrast as a power curve about a pivot, on RGB: `pivot * (max(x, 0) / pivot) ^ amount`
/// (OpenColorIO's ExposureContrastTransform, linear style; negatives and NaN map to 0 as there).
public struct ContrastOp: ColorOperation, Equatable {
    public var amount: Float
    public var pivot: Float

    public init(amount: Float, pivot: Float = 0.18) {
        self.amount = amount
        self.pivot = pivot
    }

    public var name: String { "contrast" }
    public var isIdentity: Bool { amount == 1 }

    public func makeCPURenderer() -> any CPURenderer {
        ContrastRenderer(amount: amount, inScale: 1 / max(pivot, 1e-6), outScale: max(pivot, 1e-6))
    }
}

/// `vfx_contrast_rgb` on each block, or `vfx_contrast_stored` straight on f16, u8 and u16
/// pixels.
struct ContrastRenderer: StoredPixelRenderer {
    let amount: Float
    let inScale: Float
    let outScale: Float

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_contrast_rgb(floats, count, amount, inScale, outScale)
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        vfx_contrast_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                            destinationFormat.kernelFormat, Int32(destinationChannels), count,
                            amount, inScale, outScale)
    }
}
