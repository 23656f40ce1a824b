import VFXCore

/// Writes an image file band after band (`vfxpy.create`), top to bottom. Nothing
/// appears at the path until `finish`; `abort` (or dropping the writer unfinished)
/// leaves no file and any existing one untouched.
public protocol RegionWriter: AnyObject {
    var width: Int { get }
    var height: Int { get }
    var channels: Int { get }
    /// Rows written so far: the next band starts there.
    var rowsWritten: Int { get }
    /// True when bands are encoded as they come (the default: every format's writer does
    /// today); false for a writer that gathers the image and encodes it at `finish`.
    var writesByBand: Bool { get }
    /// Writes `image` (`width` wide, same channel count) as rows `y`..<`y + image.height`;
    /// `y` must equal `rowsWritten`.
    func write(_ image: Image, at y: Int) throws(VFXError)
    /// Completes the file and renames it into place; every row must have been written.
    func finish() throws(VFXError)
    /// Drops the file.
    func abort()
}

extension RegionWriter {
    public var writesByBand: Bool { true }
}

/// What a band writer is asked to make.
public struct RegionTarget: Sendable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var pixelFormat: PixelFormat
    public var channelNames: [String]
    public var metadata: Metadata

    public init(width: Int, height: Int, channels: Int, pixelFormat: PixelFormat, channelNames: [String]? = nil,
                metadata: Metadata = [:]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixelFormat = pixelFormat
        self.channelNames = channelNames ?? Image.defaultChannelNames(count: channels)
        self.metadata = metadata
    }
}

extension Streaming {
    /// A band writer for `path` in `format` (nil: from the extension). `renamedTo`: the
    /// file system's bytes of a name that is not UTF-8, `path` then being its stand-in
    /// in the same folder (see `FilePath.heldForWriting`).
    public static func createWriter(path: String, renamedTo: [CChar]? = nil, format: FileFormat? = nil,
                                    target: RegionTarget, options: WriteOptions) throws(VFXError) -> any RegionWriter {
        guard let format = format ?? FileFormat(pathExtension: path) else {
            throw .invalidArgument(name: "path", message: "'\(path)' has no image extension "
                + "(\(FileFormat.usualExtensions)); name the format with file_format")
        }
        try options.check(against: ImageIO.codec(for: format).declaration)
        guard target.width > 0, target.height > 0 else {
            throw .invalidArgument(name: "width", message: "the image must be at least 1x1, got "
                + "\(target.width)x\(target.height)")
        }
        guard (1...4096).contains(target.channels) else {
            throw .invalidArgument(name: "channels", message: "must be from 1 to 4096, got \(target.channels)")
        }
        guard target.channelNames.count == target.channels else {
            throw .invalidArgument(name: "channel_names", message: "has \(target.channelNames.count) names for "
                + "\(target.channels) channels")
        }
        var target = target
        target.metadata = RasterSupport.writableMetadata(target.metadata, format: target.pixelFormat)
        return try ImageIO.codec(for: format).regionWriter(path: path, renamedTo: renamedTo, target: target,
                                                           options: options)
    }

    /// Checks a band against the writer before it is encoded.
    static func checkBand(_ image: Image, at y: Int, writer: any RegionWriter) throws(VFXError) {
        guard image.width == writer.width, image.channels == writer.channels else {
            throw .invalidArgument(name: "image", message: "is \(image.width) wide with \(image.channels) channels; "
                + "the file is \(writer.width) wide with \(writer.channels)")
        }
        guard y == writer.rowsWritten else {
            throw .invalidArgument(name: "y", message: "is \(y), but bands are written in order and row "
                + "\(writer.rowsWritten) is next")
        }
        guard image.height <= writer.height - y else {
            throw .invalidArgument(name: "image", message: "has \(image.height) rows; only \(writer.height - y) are left")
        }
    }
}
