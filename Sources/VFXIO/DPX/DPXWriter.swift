import Synchronization
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Encodes an image as a one-element DPX file: the header, then rows packed in
/// parallel, each chunk written at its offset with `pwrite`.
enum DPXWriter {
    static func write(_ item: ImageWithMetadata, to path: String, settings: DPXWriteSettings) throws(VFXError) {
        let image = item.image
        let header = DPXHeaderWriter.header(settings, metadata: item.metadata)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw ImageIO.openError(path) }
        defer { close(descriptor) }
        try writeAll(descriptor, header, at: 0, path: path)
        let failure = FirstFailure()
        let layout = settings.layout
        switch image.format {
        case .u8:
            let table = DPXSamples.encodeTable(bitDepth: layout.bitDepth, UInt8.self)
            table.withUnsafeBufferPointer { lookup in
                encode(image, settings, descriptor, path, failure, TableQuantizer<UInt8>(table: lookup))
            }
        case .u16:
            let table = DPXSamples.encodeTable(bitDepth: layout.bitDepth, UInt16.self)
            table.withUnsafeBufferPointer { lookup in
                encode(image, settings, descriptor, path, failure, TableQuantizer<UInt16>(table: lookup))
            }
        case .f16:
            encode(image, settings, descriptor, path, failure, FloatQuantizer<Float16>(max: layout.maxCode))
        case .f32:
            encode(image, settings, descriptor, path, failure, FloatQuantizer<Float>(max: layout.maxCode))
        }
        if let error = failure.error { throw error }
    }

    /// Quantizes and packs rows chunk by chunk; the first failure is kept in `failure`.
    private static func encode<Q: DPXQuantizer>(_ image: Image, _ settings: DPXWriteSettings, _ descriptor: Int32,
                                                _ path: String, _ failure: FirstFailure, _ quantizer: Q) {
        let input = UnsafeSendable(UnsafePointer(image.pixels.baseAddress.assumingMemoryBound(to: Q.Value.self)))
        let layout = settings.layout
        let codec = DPXRowCodec(layout: layout)
        let datums = layout.datumsPerRow
        let rowBytes = layout.rowBytes
        let dataOffset = settings.dataOffset
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
                let offset = dataOffset + first * rowBytes
                do throws(VFXError) {
                    try writeAll(descriptor, buffer, at: offset, path: path)
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
