import VFXCore

/// Reads an image file by bands of rows (`vfxpy.open`): what a file holds, how its rows
/// are chunked, and any band decoded on demand. One thread at a time uses a reader.
public protocol RegionReader: AnyObject {
    /// The header (the same as `ImageIO.info`).
    var info: ImageInfo { get }
    /// Rows per chunk of the file: bands starting at multiples of it decode each chunk
    /// once (EXR: 1, 16, 32 or 256 lines or the tile height; TIFF: rows per strip or the tile height).
    var chunkRows: Int { get }
    /// True when a band is decoded on its own, at a cost in proportion to the band (the
    /// default); false when the format is decoded whole on the first band and held (see
    /// `BufferedRegionReader`).
    var readsByBand: Bool { get }
    /// Rows `rows` (from the top of the image) as an image of `info.width` by
    /// `rows.count` pixels, in `format` (nil: `info.pixelFormat`).
    func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image
}

extension RegionReader {
    public var readsByBand: Bool { true }
}

/// Opening readers and writers by bands, choosing the format's own when it has one.
public enum Streaming {
    /// A band reader for `path` (format detected from the content, as `ImageIO.read`).
    public static func openReader(path: String, subimage: Int = 0) throws(VFXError) -> any RegionReader {
        guard subimage >= 0 else {
            throw .invalidArgument(name: "subimage", message: "must be 0 or more, got \(subimage)")
        }
        return try ImageIO.codec(for: ImageIO.detectFormat(path: path)).regionReader(path: path, subimage: subimage)
    }

    /// Checks a band request against the image height.
    static func checkRows(_ rows: Range<Int>, height: Int) throws(VFXError) {
        guard rows.lowerBound >= 0, rows.upperBound <= height, !rows.isEmpty else {
            throw .invalidArgument(name: "region", message: "rows \(rows.lowerBound)..<\(rows.upperBound) are not "
                + "a non-empty band of an image \(height) rows high")
        }
    }
}

/// A reader for formats without a band decoder of their own: the whole image is decoded
/// on the first band and held until the reader goes, so memory is not bounded.
public final class BufferedRegionReader: RegionReader {
    public let info: ImageInfo
    public var chunkRows: Int { 1 }
    public var readsByBand: Bool { false }
    private let path: String
    private let subimage: Int
    private var whole: Image?

    init(path: String, subimage: Int) throws(VFXError) {
        self.path = path
        self.subimage = subimage
        info = try ImageIO.info(path: path, subimage: subimage)
    }

    public func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        let source: Image
        if let whole {
            source = whole
        } else {
            source = try ImageIO.read(path: path, request: ReadRequest(subimage: subimage)).image
            whole = source
        }
        let band = try Image.uninitialized(width: source.width, height: rows.count, channels: source.channels,
                                          format: source.format)
        band.channelNames = source.channelNames
        let offset = rows.lowerBound * source.rowBytes
        band.pixels.baseAddress.copyMemory(from: source.pixels.baseAddress + offset, byteCount: band.byteCount)
        if let format, format != band.format { return try band.converted(to: format) }
        return band
    }
}
