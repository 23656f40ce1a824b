import CJPEG
import VFXCore

/// JPEG by bands: libjpeg's `jpeg_read_scanlines` (through `CJPEG`, with TurboJPEG's
/// choices, so rows equal a whole read's) on the mapped file. A baseline file decodes a
/// band in proportion to its rows; the entropy-coded data is one stream, so rows come in
/// order: the next band continues where the last stopped, a band above it starts a new
/// decoder from the top, and skipped rows are still decoded. A progressive file is
/// decoded whole (into libjpeg's coefficients) when its first band is read:
/// `readsByBand` is false for it.
final class JPEGRegionReader: RegionReader {
    let info: ImageInfo
    var chunkRows: Int { 1 }
    let readsByBand: Bool
    private let header: JPEGDecoder
    /// The decoder positioned at `nextRow`; nil before the first band and after a failure.
    private var reader: OpaquePointer?
    private var nextRow = 0

    init(path: String) throws(VFXError) {
        header = try JPEGDecoder(path: path)
        try header.checkCodedSize()
        info = header.info(.jpeg)
        readsByBand = !header.markers.isProgressive
    }

    deinit { cjpeg_reader_close(reader) }

    func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        try Cancellation.check()
        let image = try RasterSupport.makeImage(path: header.path, width: info.width, height: rows.count,
                                                channels: info.channels, format: .u8)
        do throws(VFXError) {
            let reader = try positioned(at: rows.lowerBound)
            try header.readRows(reader, into: image, count: rows.count)
            nextRow = rows.upperBound
        } catch {
            cjpeg_reader_close(reader)
            reader = nil
            throw error
        }
        // The pages of the coded data just read would stay resident until the reader goes.
        header.file.dropResidentPages()
        if let format, format != image.format { return try image.converted(to: format) }
        return image
    }

    /// The decoder with row `row` next: the current one, after skipping rows if needed,
    /// or a new one from the top of the file.
    private func positioned(at row: Int) throws(VFXError) -> OpaquePointer {
        if reader == nil || row < nextRow {
            cjpeg_reader_close(reader)
            reader = nil
            nextRow = 0
            // Progressive files keep every coefficient beside the image: the same check as a whole read.
            try header.checkSize()
            reader = try header.openRows()
        }
        guard let reader else { throw .format(path: header.path, message: "cannot start the JPEG decoder") }
        if row > nextRow {
            try header.readRows(reader, into: nil, count: row - nextRow)
            nextRow = row
        }
        return reader
    }
}
