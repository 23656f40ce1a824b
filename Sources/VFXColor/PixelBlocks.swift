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

    /// Runs `renderers` one after the other over every pixel of `image`. On four-channel
    /// f16, u8 and u16 images a `StoredPixelRenderer` reads or writes the stored pixels
    /// itself: alone, it runs straight on the image's memory with no staged block; first
    /// in a chain it loads the block, last it stores it. The result is the same as
    /// staging every op (the renderers convert by PixelLoader's rules, bit for bit).
    static func process(_ image: Image, renderers: [any CPURenderer]) {
        guard let first = renderers.first, let last = renderers.last else { return }
        let format = image.format
        guard image.channels == 4, format != .f32,
              first is any StoredPixelRenderer || last is any StoredPixelRenderer else {
            process(image) { block, count in
                for renderer in renderers { renderer.apply(block, count: count) }
            }
            return
        }
        let base = UnsafeSendable(image.pixels.baseAddress)
        let pixelBytes = 4 * format.bytesPerComponent
        if renderers.count == 1, let only = first as? any StoredPixelRenderer {
            Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(blockPixels, range.upperBound - start)
                    let pixels = base.value + start * pixelBytes
                    only.apply(from: pixels, format: format, to: pixels, format: format, count: count)
                    start += count
                }
            }
            return
        }
        let loader = first as? any StoredPixelRenderer, storer = last as? any StoredPixelRenderer
        let middle = renderers.dropFirst(loader == nil ? 0 : 1).dropLast(storer == nil ? 0 : 1)
        Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
            withUnsafeTemporaryAllocation(of: RGBA.self, capacity: stagedBlockPixels) { scratch in
                guard let block = scratch.baseAddress else { return }
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(stagedBlockPixels, range.upperBound - start)
                    let pixels = base.value + start * pixelBytes
                    if let loader {
                        loader.apply(from: pixels, format: format, to: block, format: .f32, count: count)
                    } else {
                        PixelLoader.loadRGBA(pixels, format: format, channels: 4, count: count, into: block)
                    }
                    for renderer in middle { renderer.apply(block, count: count) }
                    if let storer {
                        storer.apply(from: block, format: .f32, to: pixels, format: format, count: count)
                    } else {
                        PixelLoader.storeRGBA(block, count: count, into: pixels, format: format, channels: 4)
                    }
                    start += count
                }
            }
        }
    }

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
