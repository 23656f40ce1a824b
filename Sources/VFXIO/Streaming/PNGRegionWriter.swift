import CPNG
import VFXCore

/// PNG band after band, the way `PNGEncoder` compresses a whole image: rows are gathered
/// into pieces cut at the same rows, a batch of pieces is filtered and deflated on every
/// core (each primed with the 32 KiB of filtered bytes before it), and the zlib stream is
/// written as IDAT chunks of the same size as it grows. The file is byte for byte the
/// whole-image write's; memory is a batch of pieces (about 2 MiB a core). Written into a
/// `PendingFile` renamed into place by `finish`.
final class PNGRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    var rowsWritten: Int { rows.rowsTaken }
    private let pending: PendingFile
    private let settings: PNGCodec.WriteSettings
    private var writer: OpaquePointer?
    private let rowBytes: Int
    private let rowsPerPiece: Int
    /// A batch of rows of the file in the stored format, after one leading row: the last
    /// row of the previous batch (the filters' row above).
    private let rows: RowStager
    /// The filtered bytes of a batch, after `dictionaryBytes` of the stream's filtered bytes before it.
    private let filtered: PixelBuffer
    private var filteredTotal = 0
    /// The zlib stream not yet written as IDAT chunks.
    private var unwritten: [UInt8] = []
    private var adler: UInt = 1

    private static let dictionaryBytes = 32768

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        var options = options
        settings = try PNGCodec.WriteSettings(options: &options, width: target.width, height: target.height,
                                              channels: target.channels, format: target.pixelFormat,
                                              metadata: target.metadata)
        width = target.width
        height = target.height
        channels = target.channels
        rowBytes = try ImageLimits.byteCount(width: width, height: 1, channels: channels, format: settings.pixelFormat)
        rowsPerPiece = PNGEncoder.rowsPerPiece(rowBytes: rowBytes)
        rows = try RowStager(rowBytes: rowBytes, batchRows: rowsPerPiece * max(1, Parallel.workerCount),
                             height: height, leadingRows: 1)
        filtered = try PixelBuffer(byteCount: PNGRegionWriter.dictionaryBytes + rows.batchRows * (rowBytes + 1),
                                   zeroed: false)
        unwritten = PNGEncoder.header(level: settings.compression)
        pending = try PendingFile(path: path, renamedTo: renamedTo)
        do throws(VFXError) {
            let temporary = pending.temporary
            var opened: OpaquePointer?
            try settings.withParameters { (params) throws(VFXError) in
                var status = cpng_status()
                opened = cpng_writer_open(temporary, params, &status)
                guard opened != nil else { throw PNGDecoder.error(status, path: temporary) }
            }
            writer = opened
        } catch {
            pending.discard()
            throw ImageIO.writeError(error, temporary: pending.temporary, target: path)
        }
    }

    deinit { abort() }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard writer != nil else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        try rows.append(RasterSupport.image(image, as: settings.pixelFormat), encode: compressStaged)
    }

    /// Filters and deflates the staged rows, piece by piece in parallel, and writes the
    /// complete IDAT chunks.
    private func compressStaged() throws(VFXError) {
        let staged = rows.staged, rowsPerPiece = rowsPerPiece, rowBytes = rowBytes
        let filteredRow = rowBytes + 1
        let pieceCount = (staged + rowsPerPiece - 1) / rowsPerPiece
        let dictionary = min(PNGRegionWriter.dictionaryBytes, filteredTotal)
        let pixels = UnsafeSendable(UnsafeRawPointer(rows.buffer.baseAddress))
        let origin = filtered.baseAddress.assumingMemoryBound(to: UInt8.self) + PNGRegionWriter.dictionaryBytes
        let output = UnsafeSendable(origin)
        let above = filteredTotal > 0
        let sampleBytes = Int32(settings.pixelFormat.bytesPerComponent)
        let pixelBytes = Int32(channels * settings.pixelFormat.bytesPerComponent)
        let level = Int32(settings.compression)
        let finalBatch = rows.tookLastRow
        let pieces = UnsafeMutableBufferPointer<PNGEncoder.Piece>.allocate(capacity: pieceCount)
        pieces.initialize(repeating: PNGEncoder.Piece())
        defer {
            for piece in pieces { cpng_free(piece.data) }
            pieces.deallocate()
        }
        let results = UnsafeSendable(pieces)
        Parallel.forEachRange(pieceCount, grain: 1) { range in
            for index in range {
                let first = index * rowsPerPiece
                let count = min(rowsPerPiece, staged - first)
                // Staged row 0 is the row above the batch: filtering from row 1 reads it,
                // except for the file's first row, which has none.
                let start = output.value + first * filteredRow
                if above {
                    cpng_filter_rows(pixels.value, rowBytes, sampleBytes, pixelBytes, UInt32(1 + first), UInt32(count),
                                     start)
                } else {
                    cpng_filter_rows(pixels.value + rowBytes, rowBytes, sampleBytes, pixelBytes, UInt32(first),
                                     UInt32(count), start)
                }
            }
        }
        // A piece's dictionary is the end of the piece before it: deflate once all are filtered.
        Parallel.forEachRange(pieceCount, grain: 1) { range in
            for index in range {
                let first = index * rowsPerPiece
                let count = min(rowsPerPiece, staged - first)
                let start = output.value + first * filteredRow
                let primed = min(first * filteredRow + dictionary, PNGRegionWriter.dictionaryBytes)
                var size = 0
                var adler: UInt = 0
                let data = cpng_deflate_piece(start, count * filteredRow, start - primed, primed, level,
                                              finalBatch && index == pieceCount - 1 ? 1 : 0, &size, &adler)
                results.value[index] = PNGEncoder.Piece(data: data, count: size, adler: adler)
            }
        }
        for (index, piece) in pieces.enumerated() {
            guard let data = piece.data else { throw .outOfMemory("cannot compress PNG data (out of memory)") }
            unwritten.append(contentsOf: UnsafeBufferPointer(start: data, count: piece.count))
            let bytes = min(rowsPerPiece, staged - index * rowsPerPiece) * filteredRow
            adler = cpng_adler32_combine(adler, piece.adler, bytes)
        }
        // The next batch's dictionary and row above.
        let batchBytes = staged * filteredRow
        let keep = min(PNGRegionWriter.dictionaryBytes, dictionary + batchBytes)
        UnsafeMutableRawPointer(origin - keep).moveInitializeMemory(as: UInt8.self, from: origin + batchBytes - keep,
                                                                    count: keep)
        rows.buffer.baseAddress.copyMemory(from: rows.buffer.baseAddress + staged * rowBytes, byteCount: rowBytes)
        filteredTotal += batchBytes
        try writeChunks(all: false)
    }

    /// Writes the unwritten stream as IDAT chunks of `CPNG_IDAT_BYTES`; with `all`, the
    /// shorter last one too.
    private func writeChunks(all: Bool) throws(VFXError) {
        guard let writer else { throw .invalidArgument(name: "writer", message: "is closed") }
        let chunk = Int(CPNG_IDAT_BYTES)
        var offset = 0
        var status = cpng_status()
        var code = Int32(CPNG_OK)
        while code == CPNG_OK, unwritten.count - offset >= chunk || (all && offset < unwritten.count) {
            let length = min(chunk, unwritten.count - offset)
            let start = offset
            code = unwritten.withUnsafeBufferPointer { (bytes: UnsafeBufferPointer<UInt8>) -> Int32 in
                guard let base = bytes.baseAddress else { return Int32(CPNG_OK) }
                return cpng_writer_chunk(writer, base + start, length, &status)
            }
            offset += length
        }
        unwritten.removeFirst(offset)
        guard code == CPNG_OK else {
            throw ImageIO.writeError(PNGDecoder.error(status, path: pending.temporary), temporary: pending.temporary,
                                     target: pending.path)
        }
    }

    func finish() throws(VFXError) {
        guard let writer else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.requireAllRows(self)
        do throws(VFXError) {
            unwritten += [24, 16, 8, 0].map { UInt8((adler >> $0) & 0xFF) }
            try writeChunks(all: true)
            var status = cpng_status()
            guard cpng_writer_finish(writer, &status) == CPNG_OK else {
                throw ImageIO.writeError(PNGDecoder.error(status, path: pending.temporary),
                                         temporary: pending.temporary, target: pending.path)
            }
        } catch {
            abort()
            throw error
        }
        closeWriter()
        try pending.commit()
    }

    func abort() {
        closeWriter()
        pending.discard()
    }

    /// Frees libpng's writer (once; finish and abort both come here).
    private func closeWriter() {
        if let writer { cpng_writer_close(writer) }
        writer = nil
    }
}
