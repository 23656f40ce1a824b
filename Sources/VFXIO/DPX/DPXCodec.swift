import VFXCore

/// DPX (SMPTE 268M) in Swift: 8/10/12/16-bit luma, RGB, RGBA (and ABGR on read), packed
/// and filled methods A and B, both byte orders, header fields as metadata.
public enum DPXCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .dpx, extensions: ["dpx"], signatures: [Array("SDPX".utf8), Array("XPDS".utf8)], metadataPrefix: "dpx:")

    public static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        try DPXReader.info(path: path, subimage: subimage)
    }

    public static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        try DPXReader.read(path: path, request: request)
    }

    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError) {
        guard images.count == 1, let item = images.first else {
            throw .unsupported("DPX files written by vfxpy hold one image, got \(images.count)")
        }
        var options = options
        let settings = try DPXWriteOptions.settings(for: item, options: &options)
        try options.finish()
        try DPXWriter.write(item, to: path, settings: settings)
    }
}
