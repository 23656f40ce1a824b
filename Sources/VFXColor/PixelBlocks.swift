import VFXCore

/// Runs a block function over every pixel of an image as RGBA floats, in parallel.
///
/// Four-channel f32 images are processed in their own memory (no copy). Other layouts
/// are loaded into a per-thread block by `PixelLoader` (VFXCore), which says how each
/// channel count and format loads and stores.
public enum PixelBlocks {
    static let blockPixels = PixelLoader.blockPixels
    /// Pixels per staged block (formats other than four-channel f32): the block of RGBA
    /// floats stays in L1 beside the stored pixels it is loaded from and stored into.
    /// 2048 (32 KB of floats, all of a 32 KB L1D) made an exposure on a 4K f16 image 1.4×
    /// the f32 time; 512 (8 KB) brings it to 1.02× (u16 1.73 → 1.39); 256 and 128 were
    /// slower again (the per-block calls).
    static let stagedBlockPixels = 512

    static func process(_ image: Image,
                        _ body: @escaping @Sendable (UnsafeMutablePointer<RGBA>, Int) -> Void) {
        let pixelCount = image.width * image.height
        let base = UnsafeSendable(image.pixels.baseAddress)
        let channels = image.channels
        let format = image.format
        let pixelBytes = channels * format.bytesPerComponent
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
            withUnsafeTemporaryAllocation(of: RGBA.self, capacity: stagedBlockPixels) { scratch in
                guard let block = scratch.baseAddress else { return }
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(stagedBlockPixels, range.upperBound - start)
                    let pixels = base.value + start * pixelBytes
                    PixelLoader.loadRGBA(pixels, format: format, channels: channels, count: count, into: block)
                    body(block, count)
                    PixelLoader.storeRGBA(block, count: count, into: pixels, format: format, channels: channels)
                    start += count
                }
            }
        }
    }
}
