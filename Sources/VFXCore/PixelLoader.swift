import CPixelKernels

/// The one pixel loader: stored values (u8, u16, f16, f32) to and from `Float`, through
/// CPixelKernels' block conversion (AVX2 + F16C where the CPU has them, bit-identical to
/// the portable path). Integers are normalized (u8 255 ↔ 1.0, u16 65535 ↔ 1.0) and
/// stored back clamped to [0, 1] (NaN → 0) and rounded half up; halves are widened
/// exactly and stored rounded to nearest even: `PixelComponent`'s scalar definitions,
/// bit for bit.
///
/// Two layouts: flat runs of values (the ops' working rows, whole-image conversions) and
/// RGBA pixels (the color engine's blocks, GPU uploads): 1 channel → (v, v, v, 1),
/// 2 → (v, v, v, a), 3 → (r, g, b, 1), more → the first four; stored back from R,
/// (R, A), RGB, and with more than four channels the rest untouched.
public enum PixelLoader {
    /// Pixels per block of the parallel RGBA loops (the color engine's block size).
    public static let blockPixels = 2048

    // MARK: Flat runs of values, on the calling thread

    /// Reads `count` values at `source` (in `format`) into `destination` as floats.
    @inline(__always)
    public static func load(_ source: UnsafeRawPointer, format: PixelFormat, count: Int,
                            into destination: UnsafeMutablePointer<Float>) {
        vfx_values_to_float(source, format.kernelFormat, count, destination)
    }

    /// Writes `count` floats from `source` into `destination` in `format`.
    @inline(__always)
    public static func store(_ source: UnsafePointer<Float>, count: Int,
                             into destination: UnsafeMutableRawPointer, format: PixelFormat) {
        vfx_values_from_float(source, count, destination, format.kernelFormat)
    }

    /// Reads `count` values starting at value index `offset` of `image` into `destination`.
    /// Runs on the calling thread: ops call it from inside their own parallel loops.
    @inline(__always)
    public static func load(_ image: Image, offset: Int, count: Int, into destination: UnsafeMutablePointer<Float>) {
        load(image.pixels.baseAddress + offset * image.format.bytesPerComponent, format: image.format,
             count: count, into: destination)
    }

    /// Writes `count` values from `source` into `image` starting at value index `offset`.
    @inline(__always)
    public static func store(_ source: UnsafePointer<Float>, count: Int, into image: Image, offset: Int) {
        store(source, count: count, into: image.pixels.baseAddress + offset * image.format.bytesPerComponent,
              format: image.format)
    }

    // MARK: RGBA pixels

    /// Loads `count` pixels of `channels` values at `pixels` (in `format`) as RGBA into
    /// `destination`, on the calling thread.
    @inline(__always)
    public static func loadRGBA(_ pixels: UnsafeRawPointer, format: PixelFormat, channels: Int, count: Int,
                                into destination: UnsafeMutablePointer<SIMD4<Float>>) {
        destination.withMemoryRebound(to: Float.self, capacity: 4 * count) { rgba in
            vfx_pixels_to_rgba(pixels, format.kernelFormat, channels, count, rgba)
        }
    }

    /// Stores `count` RGBA pixels of `source` as pixels of `channels` values at `pixels`
    /// (in `format`), on the calling thread.
    @inline(__always)
    public static func storeRGBA(_ source: UnsafeMutablePointer<SIMD4<Float>>, count: Int,
                                 into pixels: UnsafeMutableRawPointer, format: PixelFormat, channels: Int) {
        source.withMemoryRebound(to: Float.self, capacity: 4 * count) { rgba in
            vfx_rgba_to_pixels(rgba, count, pixels, format.kernelFormat, channels)
        }
    }

    /// Loads pixels `range` of `image` as RGBA floats into `destination` (one RGBA per
    /// pixel), in parallel. The GPU backend uploads with this.
    public static func loadRGBA(_ image: Image, pixels range: Range<Int>, into destination: UnsafeMutablePointer<SIMD4<Float>>) {
        let base = UnsafeSendable(image.pixels.baseAddress)
        let target = UnsafeSendable(destination)
        let (format, channels, first) = (image.format, image.channels, range.lowerBound)
        let pixelBytes = channels * format.bytesPerComponent
        Parallel.forEachRange(range.count, grain: blockPixels * 4) { part in
            loadRGBA(base.value + (first + part.lowerBound) * pixelBytes, format: format, channels: channels,
                     count: part.count, into: target.value + part.lowerBound)
        }
    }

    /// Stores RGBA floats from `source` into pixels `range` of `image`, in parallel
    /// (rounded, clamped, channels beyond 4 untouched).
    public static func storeRGBA(_ source: UnsafeMutablePointer<SIMD4<Float>>, into image: Image, pixels range: Range<Int>) {
        let base = UnsafeSendable(image.pixels.baseAddress)
        let from = UnsafeSendable(source)
        let (format, channels, first) = (image.format, image.channels, range.lowerBound)
        let pixelBytes = channels * format.bytesPerComponent
        Parallel.forEachRange(range.count, grain: blockPixels * 4) { part in
            storeRGBA(from.value + part.lowerBound, count: part.count,
                      into: base.value + (first + part.lowerBound) * pixelBytes, format: format, channels: channels)
        }
    }
}

extension PixelFormat {
    /// This format as CPixelKernels names it.
    public var kernelFormat: vfx_pixel_format {
        switch self {
        case .u8: VFX_PIXEL_U8
        case .u16: VFX_PIXEL_U16
        case .f16: VFX_PIXEL_F16
        case .f32: VFX_PIXEL_F32
        }
    }
}
