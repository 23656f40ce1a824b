import CPixelKernels
import VFXCore

/// Moves runs of pixel values between an image's own format and `Float` working rows.
/// Integer formats are normalized (u8 255 ↔ 1.0, u16 65535 ↔ 1.0) and stored back
/// rounded half up and clamped to [0, 1]; half floats round to nearest even. Runs on the
/// calling thread: ops call it from inside their own parallel loops.
enum RowIO {
    /// Reads `count` values starting at value index `offset` of `image` into `destination`.
    static func load(_ image: Image, offset: Int, count: Int, into destination: UnsafeMutablePointer<Float>) {
        let base = image.pixels.baseAddress
        switch image.format {
        case .f32:
            destination.update(from: base.assumingMemoryBound(to: Float.self) + offset, count: count)
        case .f16:
            let source = base.assumingMemoryBound(to: UInt16.self) + offset
            if PixelConversion.hasF16C {
                vfx_f16_to_f32(source, destination, count)
            } else {
                widen(UnsafeRawPointer(source).assumingMemoryBound(to: Float16.self), destination, count)
            }
        case .u8: widen(base.assumingMemoryBound(to: UInt8.self) + offset, destination, count)
        case .u16: widen(base.assumingMemoryBound(to: UInt16.self) + offset, destination, count)
        }
    }

    /// Writes `count` values from `source` into `image` starting at value index `offset`.
    static func store(_ source: UnsafePointer<Float>, count: Int, into image: Image, offset: Int) {
        let base = image.pixels.baseAddress
        switch image.format {
        case .f32:
            (base.assumingMemoryBound(to: Float.self) + offset).update(from: source, count: count)
        case .f16:
            let destination = base.assumingMemoryBound(to: UInt16.self) + offset
            if PixelConversion.hasF16C {
                vfx_f32_to_f16(source, destination, count)
            } else {
                narrow(source, UnsafeMutableRawPointer(destination).assumingMemoryBound(to: Float16.self), count)
            }
        case .u8: narrow(source, base.assumingMemoryBound(to: UInt8.self) + offset, count)
        case .u16: narrow(source, base.assumingMemoryBound(to: UInt16.self) + offset, count)
        }
    }

    /// The whole image as f32: the image itself when it already is, else a converted copy.
    static func floatImage(_ image: Image) throws(VFXError) -> Image {
        image.format == .f32 ? image : try image.converted(to: .f32)
    }

    @inline(__always)
    private static func widen<S: PixelComponent>(_ source: UnsafePointer<S>, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
        for i in 0..<count { destination[i] = source[i].normalized }
    }

    @inline(__always)
    private static func narrow<D: PixelComponent>(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<D>, _ count: Int) {
        for i in 0..<count { destination[i] = D(normalized: source[i]) }
    }
}

/// A scratch buffer of floats owned by one worker of a parallel loop.
final class FloatScratch {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = max(count, 1)
        pointer = .allocate(capacity: self.count)
        pointer.initialize(repeating: 0, count: self.count)
    }

    deinit { pointer.deallocate() }
}

extension Image {
    /// A new image of the same channels and names in `format`, its memory not cleared
    /// (the caller writes every pixel).
    package func blank(width: Int, height: Int, format: PixelFormat? = nil, zeroed: Bool = false) throws(VFXError) -> Image {
        let format = format ?? self.format
        let bytes = try ImageLimits.byteCount(width: width, height: height, channels: channels, format: format)
        return try Image(width: width, height: height, channels: channels, format: format,
                         pixels: PixelBuffer(byteCount: bytes, zeroed: zeroed), channelNames: channelNames)
    }
}
