import CJPEG
import VFXCore

/// JPEG through TurboJPEG 2.1 (libjpeg-turbo): 8-bit gray and RGB (YCbCr in the file).
/// Read: the pixels as stored; the EXIF orientation is reported in
/// metadata["Orientation"] (1–8) and NOT applied. CMYK files are refused with
/// `UnsupportedError`. Write options: `quality` (1–100, default 95) and `subsampling`
/// ('444', '422', '420'; default '444' from quality 90 up, else '420'). Alpha and
/// channels beyond the third are dropped (gray+alpha → gray, RGBA → RGB); other formats
/// convert to u8 (floats clamped to [0, 1] and rounded). Metadata: see `JPEGMetadata`.
public enum JPEGCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .jpeg, extensions: ["jpg", "jpeg", "jpe", "jfif"], signatures: [[0xFF, 0xD8, 0xFF]], metadataPrefix: "jpeg:",
        writeOptions: [
            WriteOptionSpec("quality", .int(1...100), default: "\(defaultQuality)"),
            WriteOptionSpec("subsampling", .choice(["444", "422", "420"]), default: "'444' from quality 90 up, else '420'"),
        ])
    static let defaultQuality = 95

    public static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        try RasterSupport.requireSingleImage(format, subimage: subimage)
        let decoder = try JPEGDecoder(path: path)
        try decoder.checkCodedSize()
        return decoder.info(format)
    }

    public static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        try JPEGDecoder.read(format, path: path, request: request)
    }

    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError) {
        let item = try RasterSupport.requireOneImage(images, format)
        let settings = try WriteSettings(options: options)
        let encoded = try JPEGEncoder.encode(item.image, quality: settings.quality, subsampling: settings.subsampling,
                                             path: path)
        try JPEGFileWriter.write(encoded, metadata: item.metadata, to: path)
    }

    /// What a write makes of its options (the whole-image write and the band writer,
    /// `JPEGRegionWriter`).
    struct WriteSettings {
        /// 1–100.
        let quality: Int
        /// '444', '422' or '420'.
        let subsampling: String

        /// The options are checked against `format.writeOptions` before a codec sees them.
        init(options: WriteOptions) throws(VFXError) {
            quality = try options.int("quality") ?? defaultQuality
            subsampling = try options.choice("subsampling") ?? (quality >= 90 ? "444" : "420")
        }
    }
}

extension JPEGDecoder: RasterDecoder {
    /// 8-bit gray or RGB, whatever the file's sampling.
    var pixelFormat: PixelFormat { .u8 }
    var metadata: Metadata { JPEGMetadata.read(self) }
}

// Reading and writing by bands (`Streaming`).
extension JPEGCodec {
    public static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader {
        try RasterSupport.requireSingleImage(.jpeg, subimage: subimage)
        return try JPEGRegionReader(path: path)
    }

    public static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                                    options: WriteOptions) throws(VFXError) -> any RegionWriter {
        try JPEGRegionWriter(path: path, renamedTo: renamedTo, target: target, options: options)
    }
}
