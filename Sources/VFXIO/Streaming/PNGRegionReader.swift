import VFXCore

/// PNG by bands: libpng's row-by-row reading (`png_read_row`) of a file that is not
/// interlaced (interlaced ones have no band path: `Streaming` gives them a
/// `BufferedRegionReader`). The image data is one deflate stream, so rows come in order:
/// the next band continues where the last stopped, a band above it starts a new decoder
/// from the top, and skipped rows are still inflated. Bands read in order, as `stream`
/// does, cost time in proportion to the band.
final class PNGRegionReader: RegionReader {
    let info: ImageInfo
    var chunkRows: Int { 1 }
    private let file: MappedFile
    /// The decoder positioned at `nextRow`; nil after a failure (the next band starts a new one).
    private var decoder: PNGDecoder?
    private var nextRow = 0

    /// nil when the file is interlaced.
    init?(path: String) throws(VFXError) {
        let decoder = try PNGDecoder(path: path)
        guard decoder.header.interlaced == 0 else { return nil }
        file = decoder.file
        info = decoder.info(.png)
        self.decoder = decoder
    }

    func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        try Cancellation.check()
        let image = try RasterSupport.makeImage(path: file.path, width: info.width, height: rows.count,
                                                channels: info.channels, format: info.pixelFormat)
        do throws(VFXError) {
            let decoder = try positioned(at: rows.lowerBound)
            try decoder.readRows(into: image, count: rows.count)
            nextRow = rows.upperBound
        } catch {
            decoder = nil
            throw error
        }
        // The pages of the compressed data just read would stay resident until the reader goes.
        file.dropResidentPages()
        if let format, format != image.format { return try image.converted(to: format) }
        return image
    }

    /// The decoder with row `row` next: the current one, after skipping rows if needed,
    /// or a new one from the top of the file.
    private func positioned(at row: Int) throws(VFXError) -> PNGDecoder {
        if decoder == nil || row < nextRow {
            decoder = nil
            decoder = try PNGDecoder(file: file)
            nextRow = 0
        }
        guard let decoder else { throw .format(path: file.path, message: "cannot restart the PNG decoder") }
        if row > nextRow {
            try decoder.readRows(into: nil, count: row - nextRow)
            nextRow = row
        }
        return decoder
    }
}
