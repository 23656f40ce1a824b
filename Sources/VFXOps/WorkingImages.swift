import VFXCore

// The ops' working memory: rows of floats are loaded and stored with VFXCore's
// `PixelLoader` (the one pixel loader); these are the buffers and images around it.

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
    /// The whole image as f32: the image itself when it already is, else a converted copy.
    func inFloat32() throws(VFXError) -> Image {
        format == .f32 ? self : try converted(to: .f32)
    }

    /// A new image of the same channels and names in `format`, its memory not cleared
    /// (the caller writes every pixel).
    package func blank(width: Int, height: Int, format: PixelFormat? = nil, zeroed: Bool = false) throws(VFXError) -> Image {
        let format = format ?? self.format
        let bytes = try ImageLimits.byteCount(width: width, height: height, channels: channels, format: format)
        return try Image(width: width, height: height, channels: channels, format: format,
                         pixels: PixelBuffer(byteCount: bytes, zeroed: zeroed), channelNames: channelNames)
    }
}
