import CJPEG
import VFXCore

/// One JPEG file being read from the mapped file: its header through TurboJPEG, its rows
/// through libjpeg's row decoder (`CJPEG`), which asks the cancel check every few rows.
final class JPEGDecoder {
    let file: MappedFile
    let markers: JPEGMarkers
    let width: Int
    let height: Int
    let channels: Int
    let subsampling: Int32

    init(path: String) throws(VFXError) {
        file = try MappedFile(path: path)
        guard file.count > 0, let base = file.bytes.baseAddress else {
            throw .format(path: path, message: "the file is empty")
        }
        markers = try JPEGMarkers(file)
        try JPEGDecoder.requireLibrary()
        guard let handle = cjpeg_tj_init_decompress() else {
            throw .outOfMemory("\(path): cannot create a TurboJPEG decoder")
        }
        defer { cjpeg_tj_destroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let source = base.assumingMemoryBound(to: UInt8.self)
        guard cjpeg_tj_decompress_header3(handle, source, UInt(file.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw .format(path: path, message: JPEGDecoder.message(handle))
        }
        switch Int(colorspace) {
        case Int(TJCS_GRAY.rawValue): channels = 1
        case Int(TJCS_RGB.rawValue), Int(TJCS_YCbCr.rawValue): channels = 3
        default:
            throw .unsupported("\(path): CMYK/YCCK JPEG files are not supported; convert them to RGB first")
        }
        self.width = Int(width)
        self.height = Int(height)
        self.subsampling = subsampling
    }

    var path: String { file.path }

    /// Refuses a frame larger than the file's coded data could possibly describe (a
    /// sequential Huffman scan codes every 8×8 block in at least one bit): a damaged
    /// header claiming 65000×65000 pixels in a few kilobytes.
    func checkCodedSize() throws(VFXError) {
        guard markers.isSequentialHuffman else { return }
        let coded = file.count - markers.scanOffset
        let needed = markers.blockCount / 8
        guard coded >= needed else {
            throw .format(path: path, message: "truncated or corrupt: a \(width)x\(height) frame needs at least "
                + "\(needed) bytes of coded data, the file has \(max(0, coded))")
        }
    }

    /// Checks, before anything is allocated, the coded size and the memory the decode
    /// needs against `ImageLimits`.
    func checkSize() throws(VFXError) {
        try checkCodedSize()
        // Progressive decoding keeps every coefficient (2 bytes per sample) beside the image.
        _ = try RasterSupport.checkedByteCount(path: path, width: width, height: height,
                                               channels: channels * (markers.isProgressive ? 3 : 1), format: .u8)
    }

    /// Decodes into a new u8 image (gray or RGB) through libjpeg's row decoder (`CJPEG`,
    /// with TurboJPEG's choices: the pixels `tjDecompress2` gives), which asks the cancel
    /// check (Ctrl-C, an async task's cancel) every few rows and stops with `.cancelled`.
    /// Missing data is an error; other libjpeg warnings (extraneous bytes, odd scan
    /// parameters) are tolerated as libjpeg does.
    func decode() throws(VFXError) -> Image {
        try checkSize()
        let image = try RasterSupport.makeImage(path: path, width: width, height: height, channels: channels, format: .u8)
        let reader = try openRows()
        defer { cjpeg_reader_close(reader) }
        try readRows(reader, into: image, count: height)
        return image
    }

    /// A libjpeg row decoder of the file from its first row (`cjpeg_reader_close` it). A
    /// progressive file is read whole (into its coefficients) here: check `checkSize` first.
    func openRows() throws(VFXError) -> OpaquePointer {
        guard let base = file.bytes.baseAddress else { throw .format(path: path, message: "the file is empty") }
        var status = cjpeg_status()
        guard let reader = cjpeg_reader_open(base, file.count, Int32(channels), &status) else {
            throw JPEGRowStatus.error(status, path: path)
        }
        return reader
    }

    /// Decodes the next `count` rows of `reader` into `image` (from its first row), or skips
    /// them when `image` is nil. After a failure the reader is spent.
    func readRows(_ reader: OpaquePointer, into image: Image?, count: Int) throws(VFXError) {
        var status = cjpeg_status()
        guard cjpeg_reader_read_rows(reader, image?.pixels.baseAddress, image?.rowBytes ?? 0, UInt32(count),
                                     &status) == CJPEG_OK else { throw JPEGRowStatus.error(status, path: path) }
    }

    /// libjpeg-turbo is opened on first use (CJPEG.h): `.unsupported` with the reason when
    /// it cannot be loaded, before any cjpeg_tj_* call.
    static func requireLibrary() throws(VFXError) {
        try LazyLibrary.require { cjpeg_available($0, $1) }
    }

    static func message(_ handle: tjhandle) -> String {
        guard let text = cjpeg_tj_get_error_str2(handle) else { return "TurboJPEG failed" }
        return RasterSupport.text(cString: text)
    }
}
