import VFXCore

/// DPX (SMPTE 268M) in Swift: 8/10/12/16-bit luma, RGB, RGBA (and ABGR on read), packed
/// and filled methods A and B, both byte orders, header fields as metadata.
public enum DPXCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .dpx, extensions: ["dpx"], signatures: [Array("SDPX".utf8), Array("XPDS".utf8)], metadataPrefix: "dpx:",
        writeOptions: [
            WriteOptionSpec("bit_depth", .intChoice(DPXWriteOptions.bitDepths),
                            default: "metadata['bit_depth'], else 8 for u8 images and 16 otherwise"),
            WriteOptionSpec("packing", .choice(DPXPacking.allCases.map(\.optionName)), default: "'filled_a'"),
            WriteOptionSpec("transfer", .name(DPXCharacteristic.optionNames), default: "'user_defined'"),
            WriteOptionSpec("colorimetric", .name(DPXCharacteristic.optionNames), default: "'user_defined'"),
            WriteOptionSpec("byte_order", .choice(["big", "little"]), default: "'big'"),
            WriteOptionSpec("timecode", .text(form: "'hh:mm:ss:ff' ('hh:mm:ss;ff' for drop frame)"),
                            default: "the metadata's time code"),
            WriteOptionSpec("frame_rate", .positive(maximum: nil), default: "the metadata's frame rate"),
        ])

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
        let settings = try DPXWriteOptions.settings(for: item, options: options)
        try DPXWriter.write(item, to: path, settings: settings)
    }
}

// Reading and writing by bands (`Streaming`).
extension DPXCodec {
    public static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader {
        return try DPXRegionReader(path: path, subimage: subimage)
    }

    public static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                                    options: WriteOptions) throws(VFXError) -> any RegionWriter {
        try DPXRegionWriter(path: path, renamedTo: renamedTo, target: target, options: options)
    }
}
