import VFXCore

/// The decoder of a one-image raster file (PNG, JPEG): the header is read on opening,
/// the pixels by `decode`. The codecs' `info` and `read` are written once, here.
protocol RasterDecoder: AnyObject {
    init(path: String) throws(VFXError)
    var width: Int { get }
    var height: Int { get }
    var channels: Int { get }
    /// The storage format `decode` returns.
    var pixelFormat: PixelFormat { get }
    /// What the file's header and chunks say besides the pixels.
    var metadata: Metadata { get }
    func decode() throws(VFXError) -> Image
}

extension RasterDecoder {
    /// What the header of the opened file says.
    func info(_ format: FileFormat) -> ImageInfo {
        ImageInfo(format: format, width: width, height: height, channels: channels, pixelFormat: pixelFormat,
                  channelNames: Image.defaultChannelNames(count: channels), metadata: metadata)
    }

    /// `ImageCodec.read`: the one image of the file at `path` and its metadata.
    static func read(_ format: FileFormat, path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        try RasterSupport.requireSingleImage(format, subimage: request.subimage, layer: request.layer)
        let decoder = try Self(path: path)
        let image = try decoder.decode()
        return ImageWithMetadata(image: image, metadata: decoder.metadata)
    }
}
