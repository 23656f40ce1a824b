import CTIFF
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Deflate-compressed strips or tiles encoded on every core: each worker copies a chunk,
/// applies the predictor and compresses it exactly as libtiff's Deflate codec would
/// (`ctiff_deflate_chunk`, with libdeflate as Debian's libtiff); the chunks are then written in order with libtiff's raw
/// writers. Batches bound the memory held by compressed chunks.
enum TIFFParallelDeflate {
    enum Layout {
        case strips(rows: Int)
        case tiles(width: Int, height: Int)
    }

    /// The compression level of libtiff's Deflate codec by default (zlib's default, 6).
    static let level: Int32 = 6

    struct Encoded {
        var data: UnsafeMutablePointer<UInt8>?
        var count = 0
    }

    static func write(_ image: Image, layout: Layout, predictor: Int32, to handle: TIFFHandle) throws(VFXError) {
        let pixelBytes = image.pixelBytes
        let chunkRows: Int, chunkRowBytes: Int, chunkCount: Int, across: Int
        let tiled: Bool
        switch layout {
        case .strips(let rows):
            (chunkRows, chunkRowBytes, across, tiled) = (rows, image.rowBytes, 1, false)
            chunkCount = (image.height + rows - 1) / rows
        case .tiles(let width, let height):
            (chunkRows, chunkRowBytes, tiled) = (height, width * pixelBytes, true)
            across = (image.width + width - 1) / width
            chunkCount = across * ((image.height + height - 1) / height)
        }
        let source = UnsafeSendable(image)
        let channels = Int32(image.channels), sampleBytes = Int32(image.format.bytesPerComponent)
        let batch = max(1, Parallel.workerCount * 4)
        let results = UnsafeMutableBufferPointer<Encoded>.allocate(capacity: batch)
        defer { results.deallocate() }
        var start = 0
        while start < chunkCount {
            let count = min(batch, chunkCount - start)
            results.initialize(repeating: Encoded())
            let slots = UnsafeSendable(results)
            let first = start
            Parallel.forEachRange(count, grain: 1) { range in
                let scratch = UnsafeMutableRawPointer.allocate(byteCount: chunkRows * chunkRowBytes, alignment: 64)
                defer { scratch.deallocate() }
                for offset in range {
                    let index = first + offset
                    let rows = fill(scratch, chunk: index, image: source.value, rows: chunkRows, rowBytes: chunkRowBytes,
                                    across: across, tiled: tiled)
                    var size = 0
                    let data = ctiff_deflate_chunk(scratch.assumingMemoryBound(to: UInt8.self), rows, chunkRowBytes,
                                                   channels, sampleBytes, predictor, level, &size)
                    slots.value[offset] = Encoded(data: data, count: size)
                }
            }
            var failure: VFXError?
            for offset in 0..<count where failure == nil {
                let encoded = results[offset]
                guard let data = encoded.data else {
                    failure = .outOfMemory("\(handle.path): cannot compress (out of memory)")
                    break
                }
                let index = UInt32(start + offset)
                let written = tiled ? ctiff_write_raw_tile(handle.tiff, index, data, tmsize_t(encoded.count))
                    : ctiff_write_raw_strip(handle.tiff, index, data, tmsize_t(encoded.count))
                if written != encoded.count || handle.hasError {
                    failure = handle.failure("cannot write \(tiled ? "tile" : "strip") \(index)")
                }
            }
            for offset in 0..<count { ctiff_free(results[offset].data) }
            if let failure { throw failure }
            start += count
        }
    }

    /// Copies chunk `index` into `buffer`: a strip's rows, or a tile padded with zeros
    /// past the image's edges. Returns the number of rows.
    private static func fill(_ buffer: UnsafeMutableRawPointer, chunk index: Int, image: Image, rows: Int,
                             rowBytes: Int, across: Int, tiled: Bool) -> Int {
        if !tiled {
            let first = index * rows
            let count = min(rows, image.height - first)
            buffer.copyMemory(from: image.pixels.baseAddress + first * image.rowBytes, byteCount: count * rowBytes)
            return count
        }
        let pixelBytes = image.pixelBytes
        let tileWidth = rowBytes / pixelBytes
        let x = (index % across) * tileWidth, y = (index / across) * rows
        let width = min(tileWidth, image.width - x), height = min(rows, image.height - y)
        if width < tileWidth || height < rows { buffer.initializeMemory(as: UInt8.self, repeating: 0, count: rows * rowBytes) }
        for line in 0..<height {
            (buffer + line * rowBytes).copyMemory(from: image.pixels.baseAddress + (y + line) * image.rowBytes + x * pixelBytes,
                                                  byteCount: width * pixelBytes)
        }
        return rows
    }
}
