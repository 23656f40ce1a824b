import VFXCore

/// What a file holds, read from its header without decoding pixels.
public struct ImageInfo: Sendable, Equatable {
    public var format: FileFormat
    public var width: Int
    public var height: Int
    public var channels: Int
    /// The storage format `read` returns by default (the file's own, or the nearest).
    public var pixelFormat: PixelFormat
    public var channelNames: [String]
    public var metadata: Metadata
    /// Parts (EXR multi-part) or pages the file holds; 1 for most files.
    public var subimageCount: Int

    public init(format: FileFormat, width: Int, height: Int, channels: Int, pixelFormat: PixelFormat,
                channelNames: [String], metadata: Metadata = [:], subimageCount: Int = 1) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.pixelFormat = pixelFormat
        self.channelNames = channelNames
        self.metadata = metadata
        self.subimageCount = subimageCount
    }
}

/// What a read asks for beyond the path.
public struct ReadRequest: Sendable, Equatable {
    /// Which part or page (0-based).
    public var subimage: Int
    /// Channels of one layer only (EXR "diffuse" → diffuse.R, diffuse.G, ...); nil: all.
    public var layer: String?
    /// Convert to this storage format on read; nil keeps the file's own.
    public var pixelFormat: PixelFormat?

    public init(subimage: Int = 0, layer: String? = nil, pixelFormat: PixelFormat? = nil) {
        self.subimage = subimage
        self.layer = layer
        self.pixelFormat = pixelFormat
    }
}

/// One file format's reader and writer. Codecs throw `VFXError.format` (bad content,
/// with the path), `.io` (file system) or `.invalidArgument` (bad options); they never
/// print, abort or allocate for a header's claimed size before checking `ImageLimits`.
public protocol ImageCodec {
    /// What the format is: extensions, magic numbers, metadata prefix.
    static var declaration: FormatDeclaration { get }
    /// The header: size, channels, storage format, metadata.
    static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo
    /// Decodes pixels and metadata. `request.pixelFormat` may be ignored: `ImageIO`
    /// converts whatever comes back.
    static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata
    /// Encodes `images` (one, or several where the format holds several) to `path`,
    /// which is a fresh temporary file: `ImageIO` renames it into place on success.
    static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError)
    /// A reader of `path` by bands (`Streaming.openReader` has detected this format and
    /// checked `subimage` ≥ 0). The format's own where it reads rows without decoding the
    /// whole file; otherwise a `BufferedRegionReader`.
    static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader
    /// A writer of `path` by bands (`Streaming.createWriter` has checked `target` and
    /// `options`); `renamedTo` as there.
    static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                             options: WriteOptions) throws(VFXError) -> any RegionWriter
}

extension ImageCodec {
    public static var format: FileFormat { declaration.format }
}
