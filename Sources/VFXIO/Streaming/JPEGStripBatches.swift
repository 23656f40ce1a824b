import CJPEG
import VFXCore

/// The JPEG band writer's parallel path, for images the whole write encodes in strips
/// (`JPEGStrips`): rows are gathered into strips of `JPEGStrips.bandStripRows` rows, a
/// batch of strips (one a worker) is encoded at once on all cores by the whole write's
/// code (`JPEGEncoder.encodeStrips`), and the strips are joined as they come
/// (`JPEGStrips.Joiner`: the first strip's header with the metadata segments of the whole
/// write, `JPEGFileWriter.head`, then restart markers between strips) straight into the
/// file. Memory is one batch of stored pixels (at most 2 MiB a worker) and its encoded
/// strips. Where the band strips are the whole write's (they are unless those exceed
/// 2 MiB), the file is byte for byte the whole write's; else it has more restart markers
/// and decodes to the same pixels.
final class JPEGStripBatches {
    let stripRows: Int
    private let width: Int
    private let height: Int
    private let rowBytes: Int
    private let pixelFormat: TJPF
    private let sampling: TJSAMP
    private let quality: Int
    private let metadata: Metadata
    private let descriptor: Int32
    private let path: String
    /// A batch of rows of stored pixels: a strip a worker.
    private let rows: RowStager
    private var joiner: JPEGStrips.Joiner

    /// nil where the whole write encodes in one piece (then the band writer is libjpeg's
    /// one scanline encoder, whose bytes are that piece's).
    init?(width: Int, height: Int, storedChannels: Int, subsampling: String, quality: Int, metadata: Metadata,
          descriptor: Int32, path: String) throws(VFXError) {
        let (pixelFormat, sampling) = JPEGEncoder.modes(channels: storedChannels, subsampling: subsampling)
        let rowBytes = width * storedChannels
        let workers = Parallel.workerCount
        guard let stripRows = JPEGStrips.bandStripRows(width: width, height: height, rowBytes: rowBytes,
                                                       sampling: sampling, workers: workers),
              let joiner = JPEGStrips.Joiner(height: height, restartInterval: JPEGStrips.restartInterval(
                width: width, stripRows: stripRows, sampling: sampling)) else { return nil }
        try JPEGDecoder.requireLibrary()
        self.stripRows = stripRows
        self.joiner = joiner
        self.width = width
        self.height = height
        self.rowBytes = rowBytes
        self.pixelFormat = pixelFormat
        self.sampling = sampling
        self.quality = quality
        self.metadata = metadata
        self.descriptor = descriptor
        self.path = path
        rows = try RowStager(rowBytes: rowBytes, batchRows: stripRows * max(1, workers), height: height)
    }

    /// Gathers the rows of `band` (u8 in the stored channels, `JPEGEncoder.pixels(of:)`),
    /// encoding and writing every batch they fill.
    func append(_ band: Image) throws(VFXError) {
        try rows.append(band, encode: encodeStaged)
    }

    /// Ends the file (EOI) once every row was encoded.
    func finish() throws(VFXError) {
        guard rows.tookLastRow, rows.staged == 0 else {
            throw .invalidArgument(name: "writer", message: "only \(rows.rowsTaken) of \(height) rows were written")
        }
        try FileOutput.write(JPEGStrips.Joiner.end, to: descriptor, path: path)
    }

    /// Encodes the staged rows as strips on all cores and writes them, joined, in order.
    private func encodeStaged() throws(VFXError) {
        let strips = try JPEGEncoder.encodeStrips(
            rows.batchStart.assumingMemoryBound(to: UInt8.self), width: width, rowBytes: rowBytes,
            height: rows.staged, stripRows: stripRows, pixelFormat: pixelFormat, sampling: sampling, quality: quality,
            path: path)
        for strip in strips {
            let isFirst = joiner.count == 0
            guard let piece = joiner.add(strip.bytes) else {
                throw .format(path: path, message: "cannot join the JPEG strips: TurboJPEG wrote a header that "
                    + "differs from the first strip's")
            }
            var prefix = piece.prefix
            if isFirst {
                let (head, replaced) = prefix.withUnsafeBytes { JPEGFileWriter.head(of: $0, metadata: metadata) }
                prefix = head + prefix[replaced...]
            }
            try FileOutput.write(prefix, to: descriptor, path: path)
            try FileOutput.write(UnsafeRawBufferPointer(rebasing: strip.bytes[piece.data]), to: descriptor, path: path)
        }
    }
}
