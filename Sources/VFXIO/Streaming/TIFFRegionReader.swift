import CTIFF
import VFXCore

/// TIFF by bands: the strips or tiles that hold a band's rows, decoded with libtiff one
/// after the other into the band (straight in for whole interleaved strips, else through
/// a one-chunk scratch). Files that libtiff's RGBA interface decodes (palette, YCbCr,
/// CMYK, 1/2/4-bit) have no band path: `Streaming` gives them a `BufferedRegionReader`.
final class TIFFRegionReader: RegionReader {
    let info: ImageInfo
    let chunkRows: Int
    private let decoder: TIFFDecoder
    private let format: PixelFormat
    private let chunks: [TIFFDecoder.Chunk]
    private let scratch: UnsafeMutableRawPointer
    private let scratchBytes: Int

    /// nil when the page has no band path.
    init?(path: String, subimage: Int) throws(VFXError) {
        let decoder = try TIFFDecoder(path: path, subimage: subimage)
        guard case .direct(let format) = decoder.layout.path else { return nil }
        let layout = decoder.layout
        self.decoder = decoder
        self.format = format
        chunks = try decoder.chunks()
        info = ImageInfo(format: .tiff, width: layout.width, height: layout.height, channels: layout.channels,
                         pixelFormat: layout.pixelFormat, channelNames: layout.channelNames,
                         metadata: TIFFMetadata.read(decoder.handle, layout: layout), subimageCount: decoder.pageCount)
        chunkRows = max(1, min(layout.height, layout.tiled ? layout.tileHeight : layout.rowsPerStrip))
        // one strip or tile of one plane or of every sample
        let samplesPerChunk = layout.planarSeparate ? 1 : layout.samples
        let chunkWidth = layout.tiled ? layout.tileWidth : layout.width
        scratchBytes = try RasterSupport.checkedByteCount(path: path, width: chunkWidth, height: chunkRows,
                                                          channels: samplesPerChunk, format: format)
        scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, scratchBytes), alignment: 64)
    }

    deinit { scratch.deallocate() }

    func read(rows: Range<Int>, format wanted: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        let layout = decoder.layout
        let image = try RasterSupport.makeImage(path: decoder.path, width: layout.width, height: rows.count,
                                                channels: layout.samples, format: format,
                                                channelNames: layout.channelNames)
        for (index, chunk) in chunks.enumerated()
        where chunk.y < rows.upperBound && chunk.y + chunk.height > rows.lowerBound {
            try Cancellation.check()
            try decode(index, chunk, rows: rows, into: image)
        }
        // The pages of the chunks just read would stay resident until the reader goes.
        decoder.file.dropResidentPages()
        if layout.photometric == PHOTOMETRIC_MINISWHITE { decoder.invert(image) }
        if let wanted, wanted != image.format { return try image.converted(to: wanted) }
        return image
    }

    private func decode(_ index: Int, _ chunk: TIFFDecoder.Chunk, rows: Range<Int>, into image: Image) throws(VFXError) {
        try decoder.decodeChunk(index, chunk, rows: rows, into: image, handle: decoder.handle, scratch: scratch,
                                scratchBytes: scratchBytes)
    }
}
