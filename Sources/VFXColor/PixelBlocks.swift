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

    private static func load(_ base: UnsafeMutableRawPointer, _ format: PixelFormat, _ channels: Int,
                             _ start: Int, _ count: Int, into block: UnsafeMutablePointer<RGBA>) {
        switch format {
        case .u8: load(base, UInt8.self, channels, start, count, block)
        case .u16: load(base, UInt16.self, channels, start, count, block)
        case .f16: load(base, Float16.self, channels, start, count, block)
        case .f32: load(base, Float.self, channels, start, count, block)
        }
    }

    private static func store(_ block: UnsafeMutablePointer<RGBA>, _ count: Int, into base: UnsafeMutableRawPointer,
                              _ format: PixelFormat, _ channels: Int, _ start: Int) {
        switch format {
        case .u8: store(block, count, base, UInt8.self, channels, start)
        case .u16: store(block, count, base, UInt16.self, channels, start)
        case .f16: store(block, count, base, Float16.self, channels, start)
        case .f32: store(block, count, base, Float.self, channels, start)
        }
    }

    @inline(__always)
    private static func load<T: PixelComponent>(_ base: UnsafeMutableRawPointer, _: T.Type, _ channels: Int,
                                                _ start: Int, _ count: Int, _ block: UnsafeMutablePointer<RGBA>) {
        let p = base.assumingMemoryBound(to: T.self) + start * channels
        switch channels {
        case 1:
            for i in 0..<count {
                let v = p[i].normalized
                block[i] = RGBA(v, v, v, 1)
            }
        case 2:
            for i in 0..<count {
                let v = p[2 * i].normalized
                block[i] = RGBA(v, v, v, p[2 * i + 1].normalized)
            }
        case 3:
            for i in 0..<count {
                block[i] = RGBA(p[3 * i].normalized, p[3 * i + 1].normalized, p[3 * i + 2].normalized, 1)
            }
        default:
            for i in 0..<count {
                let q = p + i * channels
                block[i] = RGBA(q[0].normalized, q[1].normalized, q[2].normalized, q[3].normalized)
            }
        }
    }

    @inline(__always)
    private static func store<T: PixelComponent>(_ block: UnsafeMutablePointer<RGBA>, _ count: Int,
                                                 _ base: UnsafeMutableRawPointer, _: T.Type, _ channels: Int,
                                                 _ start: Int) {
        let p = base.assumingMemoryBound(to: T.self) + start * channels
        switch channels {
        case 1:
            for i in 0..<count { p[i] = T(normalized: block[i].x) }
        case 2:
            for i in 0..<count {
                p[2 * i] = T(normalized: block[i].x)
                p[2 * i + 1] = T(normalized: block[i].w)
            }
        case 3:
            for i in 0..<count {
                let v = block[i]
                p[3 * i] = T(normalized: v.x)
                p[3 * i + 1] = T(normalized: v.y)
                p[3 * i + 2] = T(normalized: v.z)
            }
        default:
            for i in 0..<count {
                let q = p + i * channels
                let v = block[i]
                q[0] = T(normalized: v.x)
                q[1] = T(normalized: v.y)
                q[2] = T(normalized: v.z)
                q[3] = T(normalized: v.w)
            }
        }
    }
}
