import CPixelKernels
import VFXCore

/// Runs a block function over every pixel of an image as RGBA floats, in parallel.
///
/// Four-channel f32 images are processed in their own memory (no copy). Other layouts
/// are loaded into a per-thread block: integers normalized (v/255, v/65535), halves
/// widened; after the ops they are stored back (integers clamped to [0, 1] and rounded
/// half up, halves rounded to nearest even). Channels: 1 → gray (R=G=B, stored from R),
/// 2 → gray + alpha, 3 → RGB (alpha 1 while processing), 4 → RGBA, more → the first four
/// are RGBA and the rest are left untouched.
public enum PixelBlocks {
    static let blockPixels = 2048

    static func process(_ image: Image,
                        _ body: @escaping @Sendable (UnsafeMutablePointer<RGBA>, Int) -> Void) {
        let pixelCount = image.width * image.height
        let base = UnsafeSendable(image.pixels.baseAddress)
        let channels = image.channels
        let format = image.format
        let inPlace = format == .f32 && channels == 4 && Int(bitPattern: image.pixels.baseAddress) % 16 == 0
        Parallel.forEachRange(pixelCount, grain: blockPixels * 4) { range in
            if inPlace {
                let pixels = base.value.assumingMemoryBound(to: RGBA.self)
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(blockPixels, range.upperBound - start)
                    body(pixels + start, count)
                    start += count
                }
                return
            }
            withUnsafeTemporaryAllocation(of: RGBA.self, capacity: blockPixels) { scratch in
                guard let block = scratch.baseAddress else { return }
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(blockPixels, range.upperBound - start)
                    load(base.value, format, channels, start, count, into: block)
                    body(block, count)
                    store(block, count, into: base.value, format, channels, start)
                    start += count
                }
            }
        }
    }

    /// Loads pixels `range` of `image` as RGBA floats into `destination` (one RGBA per
    /// pixel), exactly as `process` loads its blocks; in parallel. The GPU backend
    /// uploads with this.
    public static func loadRGBA(_ image: Image, pixels range: Range<Int>, into destination: UnsafeMutablePointer<RGBA>) {
        let base = UnsafeSendable(image.pixels.baseAddress)
        let target = UnsafeSendable(destination)
        let (format, channels, first) = (image.format, image.channels, range.lowerBound)
        Parallel.forEachRange(range.count, grain: blockPixels * 4) { part in
            load(base.value, format, channels, first + part.lowerBound, part.count, into: target.value + part.lowerBound)
        }
    }

    /// Stores RGBA floats from `source` into pixels `range` of `image`, exactly as
    /// `process` stores its blocks (rounded, clamped, channels beyond 4 untouched).
    public static func storeRGBA(_ source: UnsafeMutablePointer<RGBA>, into image: Image, pixels range: Range<Int>) {
        let base = UnsafeSendable(image.pixels.baseAddress)
        let from = UnsafeSendable(source)
        let (format, channels, first) = (image.format, image.channels, range.lowerBound)
        Parallel.forEachRange(range.count, grain: blockPixels * 4) { part in
            store(from.value + part.lowerBound, part.count, into: base.value, format, channels, first + part.lowerBound)
        }
    }

    /// Loads `count` pixels from pixel `start` of the image memory at `base` into `block`:
    /// CPixelKernels' block conversion (AVX2 + F16C where present), which holds the
    /// semantics described on `PixelBlocks`.
    private static func load(_ base: UnsafeMutableRawPointer, _ format: PixelFormat, _ channels: Int,
                             _ start: Int, _ count: Int, into block: UnsafeMutablePointer<RGBA>) {
        let pixels = base + start * channels * format.bytesPerComponent
        block.withMemoryRebound(to: Float.self, capacity: 4 * count) { rgba in
            vfx_pixels_to_rgba(pixels, format.kernelFormat, channels, count, rgba)
        }
    }

    /// Stores `count` pixels of `block` into the image memory at `base` from pixel `start`.
    private static func store(_ block: UnsafeMutablePointer<RGBA>, _ count: Int, into base: UnsafeMutableRawPointer,
                              _ format: PixelFormat, _ channels: Int, _ start: Int) {
        let pixels = base + start * channels * format.bytesPerComponent
        block.withMemoryRebound(to: Float.self, capacity: 4 * count) { rgba in
            vfx_rgba_to_pixels(rgba, count, pixels, format.kernelFormat, channels)
        }
    }
}

extension PixelFormat {
    /// This format as CPixelKernels names it.
    var kernelFormat: vfx_pixel_format {
        switch self {
        case .u8: VFX_PIXEL_U8
        case .u16: VFX_PIXEL_U16
        case .f16: VFX_PIXEL_F16
        case .f32: VFX_PIXEL_F32
        }
    }
}
