/// An image in memory: `height` rows of `width` pixels of `channels` interleaved values,
/// stored row after row with no padding (the layout of a C-contiguous numpy array of
/// shape (height, width, channels)).
///
/// `Image` is a reference type on purpose: the pixels are shared by every numpy view and
/// changed in place by processors. Its geometry and format never change; operations that
/// change them return a new image.
public final class Image: @unchecked Sendable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public let format: PixelFormat
    /// The memory holding the pixels.
    public let pixels: PixelBuffer
    /// One name per channel ("R", "G", "B", "A", or a file's names such as "diffuse.R").
    public var channelNames: [String]
    /// Device residency and export tracking (`ImageResidency.swift`).
    let residencyState = ResidencyState()

    /// A new image with every value zero.
    public convenience init(width: Int, height: Int, channels: Int = 4,
                            format: PixelFormat = .f32) throws(VFXError) {
        let bytes = try ImageLimits.byteCount(width: width, height: height,
                                              channels: channels, format: format)
        try self.init(width: width, height: height, channels: channels, format: format,
                      pixels: PixelBuffer(byteCount: bytes, zeroed: true))
    }

    /// A new image whose values are not set (its memory may hold an earlier image's bytes),
    /// for a decoder or a copy that writes every value. A large one reuses a recently freed
    /// buffer of the same size (`RecycledMappings`): reading frame after frame then finds
    /// its pages already there instead of faulting in fresh zeroed ones (with huge pages,
    /// the kernel may compact memory for each of those).
    public static func uninitialized(width: Int, height: Int, channels: Int, format: PixelFormat,
                                     channelNames: [String]? = nil) throws(VFXError) -> Image {
        let bytes = try ImageLimits.byteCount(width: width, height: height, channels: channels, format: format)
        return try Image(width: width, height: height, channels: channels, format: format,
                         pixels: PixelBuffer(byteCount: bytes, zeroed: false), channelNames: channelNames)
    }

    /// An image over existing memory, for example a numpy array's. The buffer must hold
    /// at least `width * height * channels` values of `format`.
    public init(width: Int, height: Int, channels: Int, format: PixelFormat,
                pixels: PixelBuffer, channelNames: [String]? = nil) throws(VFXError) {
        let bytes = try ImageLimits.byteCount(width: width, height: height,
                                              channels: channels, format: format)
        guard pixels.byteCount >= bytes else {
            throw .invalidArgument(name: "pixels",
                                   message: "holds \(pixels.byteCount) bytes, the image needs \(bytes)")
        }
        if let channelNames, channelNames.count != channels {
            throw .invalidArgument(name: "channel_names",
                                   message: "has \(channelNames.count) names for \(channels) channels")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.format = format
        self.pixels = pixels
        self.channelNames = channelNames ?? Image.defaultChannelNames(count: channels)
    }

    /// Values in the image: width × height × channels.
    public var componentCount: Int { width * height * channels }
    /// Bytes of pixel data.
    public var byteCount: Int { componentCount * format.bytesPerComponent }
    /// Bytes of one pixel: all its channels.
    public var pixelBytes: Int { channels * format.bytesPerComponent }
    /// Bytes from one row to the next.
    public var rowBytes: Int { width * pixelBytes }

    /// The names a plain image gets: Y; Y A; R G B; R G B A; then R G B A C4 C5 ….
    public static func defaultChannelNames(count: Int) -> [String] {
        switch count {
        case 1: return ["Y"]
        case 2: return ["Y", "A"]
        case 3: return ["R", "G", "B"]
        default:
            return ["R", "G", "B", "A"] + (4..<max(4, count)).map { "C\($0)" }
        }
    }

    /// A deep copy with its own memory.
    public func copy() throws(VFXError) -> Image {
        let buffer = try PixelBuffer(byteCount: byteCount, zeroed: false)
        copyBytes(from: pixels.baseAddress, to: buffer.baseAddress, count: byteCount)
        return try Image(width: width, height: height, channels: channels, format: format,
                         pixels: buffer, channelNames: channelNames)
    }

    /// A copy in another format, values mapped as `PixelComponent` describes
    /// (u8 255 ↔ 1.0, u16 65535 ↔ 1.0, floats clamped and rounded into integers, half
    /// rounded to nearest even).
    public func converted(to target: PixelFormat) throws(VFXError) -> Image {
        if target == format { return try copy() }
        let bytes = componentCount * target.bytesPerComponent
        let buffer = try PixelBuffer(byteCount: bytes, zeroed: false)
        PixelConversion.convert(from: pixels.baseAddress, format: format,
                                to: buffer.baseAddress, format: target, count: componentCount)
        return try Image(width: width, height: height, channels: channels, format: target,
                         pixels: buffer, channelNames: channelNames)
    }

    /// Sets every pixel to `values` (normalized, one per channel, or one for all).
    public func fill(_ values: [Float]) throws(VFXError) {
        let perChannel: [Float]
        if values.count == 1 {
            perChannel = Array(repeating: values[0], count: channels)
        } else if values.count == channels {
            perChannel = values
        } else {
            throw .invalidArgument(name: "value",
                                   message: "needs 1 or \(channels) values, got \(values.count)")
        }
        PixelFill.fill(pixels.baseAddress, format: format, channels: channels,
                       pixelCount: width * height, values: perChannel)
    }
}

/// Copies bytes in parallel chunks.
func copyBytes(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
    let src = UnsafeSendable(UnsafeMutableRawPointer(mutating: source))
    let dst = UnsafeSendable(destination)
    Parallel.forEachRange(count, grain: 1 << 20) { range in
        (dst.value + range.lowerBound).copyMemory(from: src.value + range.lowerBound, byteCount: range.count)
    }
}

/// Carries a non-Sendable value (a raw pointer into pixel memory) into a parallel loop
/// whose chunks touch disjoint ranges.
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
