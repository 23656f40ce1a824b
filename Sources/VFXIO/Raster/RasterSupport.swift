import VFXCore

/// Helpers shared by the PNG, JPEG and TIFF codecs, and the metadata policy of every write.
enum RasterSupport {
    /// The bytes a header's claimed image needs, checked against `ImageLimits` before
    /// anything is allocated. A size no image can have is a `FormatError`; a size over
    /// the memory limit stays `outOfMemory`, with the file named.
    static func checkedByteCount(path: String, width: Int, height: Int, channels: Int,
                                 format: PixelFormat) throws(VFXError) -> Int {
        do {
            return try ImageLimits.byteCount(width: width, height: height, channels: channels, format: format)
        } catch {
            switch error {
            case .invalidArgument(let name, let message):
                throw .format(path: path, message: "invalid header: \(name) \(message)")
            case .outOfMemory(let message):
                throw .outOfMemory("\(path): the header claims \(message)")
            default:
                throw error
            }
        }
    }

    /// A new image for a decoder to fill, after checking the header's size.
    static func makeImage(path: String, width: Int, height: Int, channels: Int, format: PixelFormat,
                          channelNames: [String]? = nil) throws(VFXError) -> Image {
        _ = try checkedByteCount(path: path, width: width, height: height, channels: channels, format: format)
        return try Image.uninitialized(width: width, height: height, channels: channels, format: format,
                                       channelNames: channelNames)
    }

    /// `image` itself when it already has `format`, else a converted copy (floats clamped
    /// to [0, 1] and rounded when the target is an integer format).
    static func image(_ image: Image, as format: PixelFormat) throws(VFXError) -> Image {
        image.format == format ? image : try image.converted(to: format)
    }

    /// Refuses a read request asking for what a single-image, single-layer format lacks.
    static func requireSingleImage(_ format: FileFormat, subimage: Int, layer: String? = nil) throws(VFXError) {
        let name = format.rawValue.uppercased()
        guard subimage == 0 else {
            throw .invalidArgument(name: "subimage", message: "must be 0: \(name) files hold one image, got \(subimage)")
        }
        if let layer {
            throw .invalidArgument(name: "layer", message: "\(name) files have no layers, got '\(layer)'")
        }
    }

    /// Refuses writing several images to a format that holds one.
    static func requireOneImage(_ images: [ImageWithMetadata], _ format: FileFormat) throws(VFXError) -> ImageWithMetadata {
        guard images.count == 1, let first = images.first else {
            throw .invalidArgument(name: "img", message: "\(format.rawValue.uppercased()) files hold one image, got \(images.count)")
        }
        return first
    }

    /// The metadata a write of `item` stores, in every format (`ImageIO.write` applies
    /// it): a file's bit depth travels with its pixels (a 10-bit DPX stays 10-bit), but
    /// never beyond what the image now holds, so an integer `bit_depth` over the image's
    /// storage bits (a u8 preview of a half EXR) is dropped.
    static func writableMetadata(_ item: ImageWithMetadata) -> ImageWithMetadata {
        var item = item
        item.metadata = writableMetadata(item.metadata, format: item.image.format)
        return item
    }

    /// The same for the metadata of a `format` image (a band writer's target).
    static func writableMetadata(_ metadata: Metadata, format: PixelFormat) -> Metadata {
        guard case .int(let depth)? = metadata["bit_depth"], depth > 8 * format.bytesPerComponent else {
            return metadata
        }
        var metadata = metadata
        metadata["bit_depth"] = nil
        return metadata
    }

    /// The default bit depth of a write: the image's `metadata["bit_depth"]` when the
    /// format can hold it, else 8 for u8 images and `wide` for the others.
    static func defaultBitDepth(_ item: ImageWithMetadata, supported: [Int], wide: Int) -> Int {
        defaultBitDepth(item.metadata, format: item.image.format, supported: supported, wide: wide)
    }

    /// The same for an image in `format` with `metadata` (a band writer's target).
    static func defaultBitDepth(_ metadata: Metadata, format: PixelFormat, supported: [Int], wide: Int) -> Int {
        if let depth = metadata["bit_depth"]?.number.map({ Int($0) }), supported.contains(depth) { return depth }
        return format == .u8 ? 8 : wide
    }

    /// Decodes Latin-1 bytes (PNG tEXt, TIFF ASCII tags written by old tools).
    static func latin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Bytes that should be UTF-8 but may be Latin-1 (old tools): valid UTF-8 as it
    /// is, anything else as Latin-1.
    static func latin1OrUTF8(_ bytes: UnsafeRawBufferPointer) -> String {
        let buffer = bytes.bindMemory(to: UInt8.self)
        if let utf8 = String(validating: buffer, as: UTF8.self) { return utf8 }
        return latin1(buffer)
    }

    /// Text from NUL-terminated bytes that should be UTF-8 but may be Latin-1 (TIFF ASCII
    /// tags): valid UTF-8 is taken as it is, anything else as Latin-1.
    static func text(cString pointer: UnsafePointer<CChar>) -> String {
        let length = strlenSafe(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            let buffer = UnsafeBufferPointer(start: bytes, count: length)
            if let utf8 = String(validating: buffer, as: UTF8.self) { return utf8 }
            return latin1(buffer)
        }
    }

    private static func strlenSafe(_ pointer: UnsafePointer<CChar>) -> Int {
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return length
    }
}
