import CPNG
import VFXCore

/// One PNG file being read: the mapped bytes and libpng's reader, positioned after the
/// header (every chunk before the image data parsed).
final class PNGDecoder {
    let file: MappedFile
    let header: cpng_header
    private let reader: OpaquePointer

    convenience init(path: String) throws(VFXError) {
        try self.init(file: MappedFile(path: path))
    }

    /// A reader of `file` from its start (a band reader opens another to go back up).
    init(file: MappedFile) throws(VFXError) {
        self.file = file
        let path = file.path
        guard let base = file.bytes.baseAddress, file.count > 0 else {
            throw .format(path: path, message: "the file is empty")
        }
        var header = cpng_header()
        var status = cpng_status()
        guard let reader = cpng_reader_open(base, file.count, &header, &status) else {
            throw PNGDecoder.error(status, path: path)
        }
        self.reader = reader
        self.header = header
    }

    deinit { cpng_reader_close(reader) }

    var path: String { file.path }
    var width: Int { Int(header.width) }
    var height: Int { Int(header.height) }
    var channels: Int { Int(header.channels) }
    var pixelFormat: PixelFormat { header.bit_depth == 16 ? .u16 : .u8 }

    /// Decodes every row into a new image (16-bit samples in host order).
    func decode() throws(VFXError) -> Image {
        let image = try RasterSupport.makeImage(path: path, width: width, height: height, channels: channels,
                                                format: pixelFormat)
        var status = cpng_status()
        guard cpng_reader_decode(reader, image.pixels.baseAddress, image.rowBytes, &status) == CPNG_OK else {
            throw PNGDecoder.error(status, path: path)
        }
        return image
    }

    /// Decodes the next `image.height` rows into `image` (made with `pixelFormat` and
    /// `channels`), or skips `count` rows when `image` is nil: files not interlaced only,
    /// rows in order from the first. After a failure the decoder is spent.
    func readRows(into image: Image?, count: Int) throws(VFXError) {
        var status = cpng_status()
        let code = cpng_reader_read_rows(reader, image?.pixels.baseAddress, image?.rowBytes ?? 0,
                                         UInt32(count), &status)
        guard code == CPNG_OK else { throw PNGDecoder.error(status, path: path) }
    }

    /// The text chunks before the image data, decoded (tEXt/zTXt as Latin-1, iTXt as UTF-8).
    var texts: [(key: String, text: String)] {
        (0..<Int(cpng_reader_text_count(reader))).map { index in
            let entry = cpng_reader_text(reader, Int32(index))
            let key = entry.key.map { RasterSupport.text(cString: $0) } ?? ""
            guard let pointer = entry.text else { return (key, "") }
            let text = pointer.withMemoryRebound(to: UInt8.self, capacity: entry.length) { bytes in
                let buffer = UnsafeBufferPointer(start: bytes, count: entry.length)
                return entry.encoding == 1 ? String(decoding: buffer, as: UTF8.self) : RasterSupport.latin1(buffer)
            }
            return (key, text)
        }
    }

    static func error(_ status: cpng_status, path: String) -> VFXError {
        let message = withUnsafeBytes(of: status.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch Int(status.code) {
        case Int(CPNG_IO): return .io(path: path, message: message, code: status.system_error)
        case Int(CPNG_MEMORY): return .outOfMemory("\(path): \(message)")
        case Int(CPNG_UNSUPPORTED): return .unsupported(message)
        case Int(CPNG_CANCELLED): return .cancelled
        default: return .format(path: path, message: message.isEmpty ? "invalid PNG data" : message)
        }
    }
}
