import Synchronization
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Encodes an image as a one-element DPX file: the header, then rows packed in
/// parallel, each chunk written at its offset with `pwrite`.
enum DPXWriter {
    static func write(_ item: ImageWithMetadata, to path: String, settings: DPXWriteSettings) throws(VFXError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ImageIO.openError(path) }
        defer { close(descriptor) }
        try writeHeader(settings, metadata: item.metadata, to: descriptor, path: path)
        try writeRows(item.image, at: 0, settings: settings, to: descriptor, path: path)
    }

    /// The bytes before the pixels, at the start of the file.
    static func writeHeader(_ settings: DPXWriteSettings, metadata: Metadata, to descriptor: Int32,
                            path: String) throws(VFXError) {
        try writeAll(descriptor, DPXHeaderWriter.header(settings, metadata: metadata), at: 0, path: path)
    }

    /// Quantizes and packs `image` (the file's width, any pixel format) as the file's rows
    /// `y`..<`y + image.height`, in parallel, each chunk written at its offset.
    static func writeRows(_ image: Image, at y: Int, settings: DPXWriteSettings, to descriptor: Int32,
                          path: String) throws(VFXError) {
        let failure = FirstFailure()
        let layout = settings.layout
        let rows = FileRows(descriptor: descriptor, path: path, offset: settings.dataOffset + y * layout.rowBytes)
        switch image.format {
        case .u8:
            let table = DPXSamples.encodeTable(bitDepth: layout.bitDepth, UInt8.self)
            table.withUnsafeBufferPointer { lookup in
                encode(image, layout, rows, failure, TableQuantizer<UInt8>(table: lookup))
            }
        case .u16:
            let table = DPXSamples.encodeTable(bitDepth: layout.bitDepth, UInt16.self)
            table.withUnsafeBufferPointer { lookup in
                encode(image, layout, rows, failure, TableQuantizer<UInt16>(table: lookup))
            }
        case .f16:
            encode(image, layout, rows, failure, FloatQuantizer<Float16>(max: layout.maxCode))
        case .f32:
            encode(image, layout, rows, failure, FloatQuantizer<Float>(max: layout.maxCode))
        }
        if let error = failure.error { throw error }
    }

    /// Where packed rows go: the open file, from `offset` (the first row's) on.
    private struct FileRows: Sendable {
        let descriptor: Int32
        let path: String
        let offset: Int
    }

    /// Quantizes and packs rows chunk by chunk; the first failure is kept in `failure`.
    private static func encode<Q: DPXQuantizer>(_ image: Image, _ layout: DPXLayout, _ file: FileRows,
                                                _ failure: FirstFailure, _ quantizer: Q) {
        let input = UnsafeSendable(UnsafePointer(image.pixels.baseAddress.assumingMemoryBound(to: Q.Value.self)))
        let codec = DPXRowCodec(layout: layout)
        let datums = layout.datumsPerRow
        let rowBytes = layout.rowBytes
        let chunkRows = max(1, (1 << 20) / max(1, rowBytes))
        let chunks = (image.height + chunkRows - 1) / chunkRows
        Parallel.forEachRange(chunks, grain: 1) { range in
            let codes = UnsafeMutablePointer<UInt16>.allocate(capacity: datums + 3)
            defer { codes.deallocate() }
            let bytes = UnsafeMutableRawPointer.allocate(byteCount: chunkRows * rowBytes, alignment: 64)
            defer { bytes.deallocate() }
            for chunk in range {
                if failure.error != nil { return }
                let first = chunk * chunkRows
                let last = min(image.height, first + chunkRows)
                for y in first..<last {
                    let row = input.value + y * datums
                    for index in 0..<datums { codes[index] = quantizer.code(row[index]) }
                    codec.pack(codes, into: bytes + (y - first) * rowBytes)
                }
                let buffer = UnsafeRawBufferPointer(start: bytes, count: (last - first) * rowBytes)
                do throws(VFXError) {
                    try writeAll(file.descriptor, buffer, at: file.offset + first * rowBytes, path: file.path)
                } catch {
                    failure.record(error)
                    return
                }
            }
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws(VFXError) {
        let failure: VFXError? = bytes.withUnsafeBytes { buffer in
            do throws(VFXError) {
                try writeAll(descriptor, buffer, at: offset, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, at offset: Int,
                                 path: String) throws(VFXError) {
        guard let base = buffer.baseAddress else { return }
        var done = 0
        while done < buffer.count {
            let written = pwrite(descriptor, base + done, buffer.count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                throw systemError(path, "cannot write")
            }
            done += written
        }
    }
}

/// The first error of parallel workers.
final class FirstFailure: Sendable {
    private let first = Mutex<VFXError?>(nil)

    var error: VFXError? { first.withLock { $0 } }

    func record(_ error: VFXError) {
        first.withLock { if $0 == nil { $0 = error } }
    }
}

/// Turns stored values into codes; specialized per format so the row loop inlines it.
protocol DPXQuantizer: Sendable {
    associatedtype Value
    func code(_ value: Value) -> UInt16
}

/// u8 and u16 values through a table of their codes (exact integer rounding).
struct TableQuantizer<Value: FixedWidthInteger>: DPXQuantizer, @unchecked Sendable {
    /// Borrowed for the duration of the write; one entry per value.
    let table: UnsafeBufferPointer<UInt16>

    @inline(__always) func code(_ value: Value) -> UInt16 {
        table.baseAddress.unsafelyUnwrapped[Int(value)]
    }
}

/// Floats clamped to [0, 1] (NaN → 0) and rounded to the nearest code.
struct FloatQuantizer<Value: DPXSample>: DPXQuantizer {
    let max: Int

    @inline(__always) func code(_ value: Value) -> UInt16 { value.code(max: max) }
}
