import CPNG
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// PNG through libpng 1.6: 8 and 16 bit; gray, gray+alpha, RGB, RGBA. Palette, tRNS and
/// 1/2/4-bit gray expand to 8-bit gray/RGB(A) on read; alpha is stored and returned as
/// it is (PNG alpha is never premultiplied). Write options: `compression` (zlib level
/// 0–9, default 6) and `bit_depth` (8 or 16; default the image's metadata["bit_depth"]
/// when 8 or 16, else 8 for u8 and 16 for u16/f16/f32 images). Float images are clamped
/// to [0, 1] and rounded. Metadata: see `PNGMetadata` (text chunks after the image data are
/// not read, as in OpenImageIO).
///
/// Speed: plain files (not interlaced, 8/16-bit, no palette or tRNS) decode through
/// `cpng_decode_idat` (one libdeflate inflate, then unfiltering in C); writing filters and
/// deflates pieces of rows on every core (`PNGEncoder`). libpng parses and writes every
/// chunk and decodes all other files.
public enum PNGCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .png, extensions: ["png"], signatures: [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        metadataPrefix: "png:",
        writeOptions: [
            WriteOptionSpec("compression", .int(0...9), default: "\(defaultCompression)"),
            WriteOptionSpec("bit_depth", .intChoice([8, 16]),
                            default: "metadata['bit_depth'] if it is one, else 8 for u8 images and 16 otherwise"),
        ])
    static let defaultCompression = 6

    public static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        try RasterSupport.requireSingleImage(format, subimage: subimage)
        return try PNGDecoder(path: path).info(format)
    }

    public static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        try PNGDecoder.read(format, path: path, request: request)
    }

    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError) {
        var options = options
        let item = try RasterSupport.requireOneImage(images, format)
        let image = item.image
        let settings = try WriteSettings(options: &options, width: image.width, height: image.height,
                                         channels: image.channels, format: image.format, metadata: item.metadata)
        let pixels = try RasterSupport.image(image, as: settings.pixelFormat)
        let stream = try PNGEncoder.zlibStream(pixels, level: settings.compression)
        try settings.withParameters { (params: UnsafePointer<cpng_write_params>) throws(VFXError) in
            var status = cpng_status()
            let code = stream.withUnsafeBufferPointer { bytes in
                cpng_write_encoded(path, bytes.baseAddress, bytes.count, params, &status)
            }
            guard code == CPNG_OK else { throw PNGDecoder.error(status, path: path) }
        }
    }

    /// What a write makes of its options and the image's metadata (the whole-image
    /// write and the band writer, `PNGRegionWriter`).
    struct WriteSettings {
        let width: Int, height: Int, channels: Int
        /// zlib level 0–9.
        let compression: Int
        /// 8 or 16.
        let bitDepth: Int
        let metadata: Metadata

        init(options: inout WriteOptions, width: Int, height: Int, channels: Int, format: PixelFormat,
             metadata: Metadata) throws(VFXError) {
            let compression = try options.int("compression") ?? defaultCompression
            let depth = try options.int("bit_depth")
                ?? RasterSupport.defaultBitDepth(metadata, format: format, supported: [8, 16], wide: 16)
            guard (1...4).contains(channels) else {
                throw .invalidArgument(name: "img", message: "PNG holds 1 to 4 channels (gray, gray+alpha, RGB, RGBA), "
                    + "the image has \(channels)")
            }
            guard width <= Int(UInt32.max >> 1), height <= Int(UInt32.max >> 1) else {
                throw .invalidArgument(name: "img", message: "is larger than PNG's limit of 2^31-1 pixels a side")
            }
            self.width = width
            self.height = height
            self.channels = channels
            self.compression = compression
            bitDepth = depth
            self.metadata = metadata
        }

        /// The samples as stored: u8 or u16.
        var pixelFormat: PixelFormat { bitDepth == 16 ? .u16 : .u8 }

        /// Calls `body` with the C parameters, their text chunks alive for the call.
        func withParameters(_ body: (UnsafePointer<cpng_write_params>) throws(VFXError) -> Void) throws(VFXError) {
            var params = cpng_write_params()
            params.width = UInt32(width)
            params.height = UInt32(height)
            params.channels = Int32(channels)
            params.bit_depth = Int32(bitDepth)
            params.compression = Int32(compression)
            PNGMetadata.fill(&params, from: metadata)
            let texts = PNGMetadata.texts(metadata)
            try PNGCodec.withTexts(texts) { (entries: UnsafePointer<cpng_text>?) throws(VFXError) in
                params.text_count = Int32(texts.count)
                params.texts = entries
                try withUnsafePointer(to: params) { (pointer) throws(VFXError) in try body(pointer) }
            }
        }
    }

    /// Calls `body` with `texts` as C structs whose strings live for the call. ASCII
    /// text goes into tEXt chunks, anything else into iTXt (UTF-8).
    static func withTexts(_ texts: [(key: String, text: String)],
                                  _ body: (UnsafePointer<cpng_text>?) throws(VFXError) -> Void) throws(VFXError) {
        let keys = texts.map { strdup($0.key) }
        let values = texts.map { strdup($0.text) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        guard !keys.contains(nil), !values.contains(nil) else { throw .outOfMemory("no memory for PNG text chunks") }
        let entries = texts.indices.map { index in
            let text = texts[index].text
            return cpng_text(key: keys[index], text: values[index], length: values[index].map { strlen($0) } ?? 0,
                             encoding: text.utf8.allSatisfy { $0 < 0x80 } ? 0 : 1)
        }
        try entries.withUnsafeBufferPointer { (buffer) throws(VFXError) in try body(buffer.baseAddress) }
    }
}

extension PNGDecoder: RasterDecoder {
    var metadata: Metadata { PNGMetadata.read(self) }
}

// Reading and writing by bands (`Streaming`).
extension PNGCodec {
    public static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader {
        try RasterSupport.requireSingleImage(.png, subimage: subimage)
        if let reader = try PNGRegionReader(path: path) { return reader }
        return try BufferedRegionReader(path: path, subimage: subimage)
    }

    public static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                                    options: WriteOptions) throws(VFXError) -> any RegionWriter {
        try PNGRegionWriter(path: path, renamedTo: renamedTo, target: target, options: options)
    }
}
