import CPNG
import VFXCore

/// Compresses PNG image data on every core, the way pigz parallelizes gzip: the rows are
/// filtered in pieces, each piece is deflated on its own (primed with the 32 KiB before
/// it, so compression stays as good as one stream) and ends on a byte boundary, and the
/// pieces concatenate into one valid zlib stream. libpng then writes it as IDAT chunks.
enum PNGEncoder {
    /// Uncompressed bytes per piece: large enough for deflate to find its matches,
    /// small enough to give every core several pieces.
    static let pieceBytes = 1 << 20

    struct Piece {
        var data: UnsafeMutablePointer<UInt8>?
        var count = 0
        var adler: UInt = 1
    }

    /// Rows in one piece: a band writer cuts its pieces at the same rows, so its file is
    /// byte for byte the whole-image write's.
    static func rowsPerPiece(rowBytes: Int) -> Int { max(1, pieceBytes / (rowBytes + 1)) }

    /// The zlib stream (header, deflate data, Adler-32) of `image`'s filtered rows.
    static func zlibStream(_ image: Image, level: Int) throws(VFXError) -> [UInt8] {
        let rowBytes = image.rowBytes
        let filteredRow = rowBytes + 1
        let rowsPerPiece = rowsPerPiece(rowBytes: rowBytes)
        let pieceCount = (image.height + rowsPerPiece - 1) / rowsPerPiece
        let filtered = try PixelBuffer(byteCount: filteredRow * image.height, zeroed: false)
        let filteredBase = UnsafeSendable(filtered.baseAddress.assumingMemoryBound(to: UInt8.self))
        let pixels = UnsafeSendable(UnsafeRawPointer(image.pixels.baseAddress))
        let sampleBytes = Int32(image.format.bytesPerComponent)
        let pixelBytes = Int32(image.channels * image.format.bytesPerComponent)
        let height = image.height
        Parallel.forEachRange(pieceCount, grain: 1) { range in
            for piece in range {
                let first = piece * rowsPerPiece
                let count = min(rowsPerPiece, height - first)
                cpng_filter_rows(pixels.value, rowBytes, sampleBytes, pixelBytes, UInt32(first), UInt32(count),
                                 filteredBase.value + first * filteredRow)
            }
        }
        let pieces = UnsafeMutableBufferPointer<Piece>.allocate(capacity: pieceCount)
        pieces.initialize(repeating: Piece())
        defer {
            for piece in pieces { cpng_free(piece.data) }
            pieces.deallocate()
        }
        let results = UnsafeSendable(pieces)
        let total = filteredRow * height
        Parallel.forEachRange(pieceCount, grain: 1) { range in
            for index in range {
                let start = index * rowsPerPiece * filteredRow
                let end = min(total, start + rowsPerPiece * filteredRow)
                let dictionaryStart = max(0, start - 32768)
                var size = 0
                var adler: UInt = 0
                let data = cpng_deflate_piece(filteredBase.value + start, end - start,
                                              filteredBase.value + dictionaryStart, start - dictionaryStart,
                                              Int32(level), index == pieceCount - 1 ? 1 : 0, &size, &adler)
                results.value[index] = Piece(data: data, count: size, adler: adler)
            }
        }
        var stream: [UInt8] = []
        stream.reserveCapacity(pieces.reduce(6) { $0 + $1.count })
        stream += header(level: level)
        var adler: UInt = 1
        for (index, piece) in pieces.enumerated() {
            guard let data = piece.data else { throw .outOfMemory("cannot compress PNG data (out of memory)") }
            stream.append(contentsOf: UnsafeBufferPointer(start: data, count: piece.count))
            let start = index * rowsPerPiece * filteredRow
            adler = cpng_adler32_combine(adler, piece.adler, min(total, start + rowsPerPiece * filteredRow) - start)
        }
        stream += [UInt8((adler >> 24) & 0xFF), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
        return stream
    }

    /// The 2-byte zlib header: deflate with a 32 KiB window and the level's hint.
    static func header(level: Int) -> [UInt8] {
        let hint: Int = switch level {
        case 0...1: 0
        case 2...5: 1
        case 6: 2
        default: 3
        }
        let method = 0x78
        var flags = hint << 6
        flags += 31 - ((method << 8 | flags) % 31)
        return [UInt8(method), UInt8(flags)]
    }
}
