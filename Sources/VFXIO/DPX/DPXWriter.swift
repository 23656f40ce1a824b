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
            encode(image, layout, descriptor, path, failure, UInt8.self) { table[Int($0)] }
        case .u16:
            let table = DPXSamples.encodeTable(bitDepth: layout.bitDepth, UInt16.self)
            encode(image, layout, descriptor, path, failure, UInt16.self) { table[Int($0)] }
        case .f16:
            let max = layout.maxCode
            encode(image, layout, descriptor, path, failure, Float16.self) { $0.code(max: max) }
        case .f32:
            let max = layout.maxCode
            encode(image, layout, descriptor, path, failure, Float.self) { $0.code(max: max) }
        }
        if let error = failure.error { throw error }
    }

    /// Quantizes and packs rows chunk by chunk; the first failure is kept in `failure`.
    private static func encode<T>(_ image: Image, _ layout: DPXLayout, _ descriptor: Int32, _ path: String,
                                  _ failure: FirstFailure, _: T.Type,
                                  _ quantize: @escaping @Sendable (T) -> UInt16) {
        let input = UnsafeSendable(UnsafePointer(image.pixels.baseAddress.assumingMemoryBound(to: T.self)))
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
                    for index in 0..<datums { codes[index] = quantize(row[index]) }
                    codec.pack(codes, into: bytes + (y - first) * rowBytes)
                }
                let buffer = UnsafeRawBufferPointer(start: bytes, count: (last - first) * rowBytes)
                let offset = DPXOffset.writtenDataOffset + first * rowBytes
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
