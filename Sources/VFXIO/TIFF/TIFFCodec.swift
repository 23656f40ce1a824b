import CTIFF
import VFXCore

/// TIFF through libtiff 4.5. Read: 8/16-bit unsigned and 16/32-bit float samples, any
/// number of channels, strips or tiles, contiguous or separate planes, every compression
/// libtiff decodes (none, LZW, Deflate, PackBits, ...), decoded in parallel; palette,
/// YCbCr/JPEG, CMYK and 1/2/4-bit files come through libtiff's RGBA interface as 8-bit
/// gray or RGB (+ alpha, premultiplied by libtiff in that path only). Alpha is returned
/// as stored. Pages are subimages. Write options: `compression` ('none', 'lzw', 'zip';
/// default metadata["compression"] when one of those, else 'zip'), `bit_depth` (8, 16,
/// 32; default metadata["bit_depth"] when valid, else from the image: u8 → 8, u16 →
/// 16, f16 → 16 (half float), f32 → 32 (float)); 16 writes half floats for f16 images
/// and 16-bit integers otherwise; `tile_size` ((width, height), multiples of 16) for a
/// tiled file, else strips. A 4th channel (or the 2nd of two) is written as unassociated
/// alpha. A list of images writes one page each.
public enum TIFFCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .tiff, extensions: ["tif", "tiff", "tx", "tex"],
        signatures: [[0x49, 0x49, 0x2A, 0x00], [0x4D, 0x4D, 0x00, 0x2A], [0x49, 0x49, 0x2B, 0x00], [0x4D, 0x4D, 0x00, 0x2B]],
        metadataPrefix: "tiff:",
        writeOptions: [
            WriteOptionSpec("compression", .choice(TIFFEncoder.compressions),
                            default: "metadata['compression'] if it is one, else 'zip'"),
            WriteOptionSpec("bit_depth", .intChoice(TIFFEncoder.bitDepths),
                            default: "metadata['bit_depth'] if it is one, else the image's"),
            WriteOptionSpec("tile_size", .size(16...TIFFEncoder.largestTile, step: 16), default: "strips"),
        ])

    public static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        let decoder = try TIFFDecoder(path: path, subimage: subimage)
        let layout = decoder.layout
        return ImageInfo(format: format, width: layout.width, height: layout.height, channels: layout.channels,
                         pixelFormat: layout.pixelFormat, channelNames: layout.channelNames,
                         metadata: TIFFMetadata.read(decoder.handle, layout: layout), subimageCount: decoder.pageCount)
    }

    public static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        if let layer = request.layer {
            throw .invalidArgument(name: "layer", message: "TIFF files have no layers, got '\(layer)'")
        }
        let decoder = try TIFFDecoder(path: path, subimage: request.subimage)
        let image = try decoder.decode()
        return ImageWithMetadata(image: image, metadata: TIFFMetadata.read(decoder.handle, layout: decoder.layout))
    }

    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError) {
        let settings = try TIFFEncoder.Settings(options)
        try TIFFEncoder.write(images, to: path, settings: settings)
    }
}

// Reading and writing by bands (`Streaming`).
extension TIFFCodec {
    public static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader {
        if let reader = try TIFFRegionReader(path: path, subimage: subimage) { return reader }
        return try BufferedRegionReader(path: path, subimage: subimage)
    }

    public static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                                    options: WriteOptions) throws(VFXError) -> any RegionWriter {
        try TIFFRegionWriter(path: path, renamedTo: renamedTo, target: target, options: options)
    }
}
