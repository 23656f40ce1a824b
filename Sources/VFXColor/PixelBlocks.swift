import VFXCore

/// Runs a block function over every pixel of an image as RGBA floats, in parallel.
///
/// Four-channel f32 images are processed in their own memory (no copy). Other layouts
/// are loaded into a per-thread block by `PixelLoader` (VFXCore), which says how each
/// channel count and format loads and stores, except where an op reads or writes three-
/// or four-channel pixels in their stored layout itself (`StoredPixelRenderer`): alone
/// on the image, or at either end of a chain.
public enum PixelBlocks {
    static let blockPixels = PixelLoader.blockPixels
    /// Pixels per staged block (formats other than four-channel f32): the block of RGBA
    /// floats stays in L1 beside the stored pixels it is loaded from and stored into.
    /// 2048 (32 KB of floats, all of a 32 KB L1D) made an exposure on a 4K f16 image 1.4×
    /// the f32 time; 512 (8 KB) brings it to 1.02× (u16 1.73 → 1.39); 256 and 128 were
    /// slower again (the per-block calls).
    static let stagedBlockPixels = 512

    /// Runs `renderers` one after the other over every pixel of `image`. On three- and
    /// four-channel images (other than four-channel f32, which runs in place) a
    /// `StoredPixelRenderer` reads or writes the stored pixels itself: alone, it runs
    /// straight on the image's memory with no staged block; first in a chain it loads the
    /// block, last it stores it. The result is the same as staging every op (the
    /// renderers convert by PixelLoader's rules, bit for bit).
    static func process(_ image: Image, renderers: [any CPURenderer]) {
        guard let first = renderers.first, let last = renderers.last else { return }
        let (format, channels) = (image.format, image.channels)
        guard channels == 3 || (channels == 4 && format != .f32),
              first is any StoredPixelRenderer || last is any StoredPixelRenderer else {
            process(image) { block, count in
                for renderer in renderers { renderer.apply(block, count: count) }
            }
            return
        }
        let base = UnsafeSendable(image.pixels.baseAddress)
        let pixelBytes = channels * format.bytesPerComponent
        if renderers.count == 1, let only = first as? any StoredPixelRenderer {
            Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(blockPixels, range.upperBound - start)
                    let pixels = base.value + start * pixelBytes
                    only.apply(from: pixels, format: format, channels: channels, to: pixels, format: format,
                               channels: channels, count: count)
                    start += count
                }
            }
            return
        }
        let loader = first as? any StoredPixelRenderer, storer = last as? any StoredPixelRenderer
        let middle = renderers.dropFirst(loader == nil ? 0 : 1).dropLast(storer == nil ? 0 : 1)
        staged(image, load: { pixels, block, count in
            if let loader {
                loader.apply(from: pixels, format: format, channels: channels, to: block, format: .f32, channels: 4,
                             count: count)
            } else {
                PixelLoader.loadRGBA(pixels, format: format, channels: channels, count: count, into: block)
            }
        }, body: { block, count in
            for renderer in middle { renderer.apply(block, count: count) }
        }, store: { block, pixels, count in
            store(block, count: count, into: pixels, format: format, channels: channels, by: storer)
        })
    }

    /// Stores a staged block: by the chain's last renderer where it can store itself, else
    /// by `PixelLoader`.
    @inline(__always)
    private static func store(_ block: UnsafeMutablePointer<RGBA>, count: Int, into pixels: UnsafeMutableRawPointer,
                              format: PixelFormat, channels: Int, by storer: (any StoredPixelRenderer)?) {
        if let storer {
            storer.apply(from: block, format: .f32, channels: 4, to: pixels, format: format, channels: channels,
                         count: count)
        } else {
            PixelLoader.storeRGBA(block, count: count, into: pixels, format: format, channels: channels)
        }
    }

    /// Runs `rest` after `tables` over every pixel of `image` (3 or 4 channels, in a
    /// format the tables were made for): alone, stored tables rewrite the pixels in
    /// place; float tables load each staged block, and the rest of the chain runs on it
    /// and stores it (its last renderer itself when that one can, as above).
    static func process(_ image: Image, tables: ChannelTables, rest: ArraySlice<any CPURenderer>) {
        let (format, channels) = (image.format, image.channels)
        let pixelBytes = channels * format.bytesPerComponent
        if tables.output == .stored {
            let base = UnsafeSendable(image.pixels.baseAddress)
            Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
                let pixels = base.value + range.lowerBound * pixelBytes
                tables.apply(from: pixels, to: pixels, channels: channels, count: range.count)
            }
            return
        }
        let storer = rest.last as? any StoredPixelRenderer
        let middle = rest.dropLast(storer == nil ? 0 : 1)
        staged(image, load: { pixels, block, count in
            tables.load(from: pixels, channels: channels, count: count, into: block)
        }, body: { block, count in
            for renderer in middle { renderer.apply(block, count: count) }
        }, store: { block, pixels, count in
            store(block, count: count, into: pixels, format: format, channels: channels, by: storer)
        })
    }

    static func process(_ image: Image,
                        _ body: @escaping @Sendable (UnsafeMutablePointer<RGBA>, Int) -> Void) {
        let format = image.format, channels = image.channels
        guard format == .f32, channels == 4, Int(bitPattern: image.pixels.baseAddress) % 16 == 0 else {
            staged(image, load: { pixels, block, count in
                PixelLoader.loadRGBA(pixels, format: format, channels: channels, count: count, into: block)
            }, body: body, store: { block, pixels, count in
                PixelLoader.storeRGBA(block, count: count, into: pixels, format: format, channels: channels)
            })
            return
        }
        let base = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: RGBA.self))
        Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
            var start = range.lowerBound
            while start < range.upperBound {
                let count = min(blockPixels, range.upperBound - start)
                body(base.value + start, count)
                start += count
            }
        }
    }

    /// The staged loop, in parallel: each thread's block of `stagedBlockPixels` RGBA
    /// floats is loaded from the image's pixels, run through `body` and stored back.
    private static func staged(
        _ image: Image,
        load: @escaping @Sendable (UnsafeMutableRawPointer, UnsafeMutablePointer<RGBA>, Int) -> Void,
        body: @escaping @Sendable (UnsafeMutablePointer<RGBA>, Int) -> Void,
        store: @escaping @Sendable (UnsafeMutablePointer<RGBA>, UnsafeMutableRawPointer, Int) -> Void
    ) {
        let base = UnsafeSendable(image.pixels.baseAddress)
        let pixelBytes = image.channels * image.format.bytesPerComponent
        Parallel.forEachRange(image.width * image.height, grain: blockPixels * 4) { range in
            withUnsafeTemporaryAllocation(of: RGBA.self, capacity: stagedBlockPixels) { scratch in
                guard let block = scratch.baseAddress else { return }
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = min(stagedBlockPixels, range.upperBound - start)
                    let pixels = base.value + start * pixelBytes
                    load(pixels, block, count)
                    body(block, count)
                    store(block, pixels, count)
                    start += count
                }
            }
        }
    }
}
