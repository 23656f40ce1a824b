import CJPEG
import VFXCore

/// One JPEG file being read through TurboJPEG, from the mapped file.
final class JPEGDecoder {
    let file: MappedFile
    let markers: JPEGMarkers
    let width: Int
    let height: Int
    let channels: Int
    let subsampling: Int32
    private let handle: tjhandle

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
        self.handle = handle
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let source = base.assumingMemoryBound(to: UInt8.self)
        guard cjpeg_tj_decompress_header3(handle, source, UInt(file.count), &width, &height, &subsampling, &colorspace) == 0 else {
            let message = JPEGDecoder.message(handle)
            cjpeg_tj_destroy(handle)
            throw .format(path: path, message: message)
        }
        switch Int(colorspace) {
        case Int(TJCS_GRAY.rawValue): channels = 1
        case Int(TJCS_RGB.rawValue), Int(TJCS_YCbCr.rawValue): channels = 3
        default:
            cjpeg_tj_destroy(handle)
            throw .unsupported("\(path): CMYK/YCCK JPEG files are not supported; convert them to RGB first")
        }
        self.width = Int(width)
        self.height = Int(height)
        self.subsampling = subsampling
    }

    deinit { cjpeg_tj_destroy(handle) }

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

    /// Decodes into a new u8 image (gray or RGB). Missing data is an error; other libjpeg
    /// warnings (extraneous bytes, odd scan parameters) are tolerated as libjpeg does.
    func decode() throws(VFXError) -> Image {
        try checkSize()
        let image = try RasterSupport.makeImage(path: path, width: width, height: height, channels: channels, format: .u8)
        let pixelFormat = channels == 1 ? TJPF_GRAY : TJPF_RGB
        guard let base = file.bytes.baseAddress else { throw .format(path: path, message: "the file is empty") }
        let source = base.assumingMemoryBound(to: UInt8.self)
        let target = image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self)
        // Stop at the first warning so a truncated file fails before the decoder fills
        // the rest of a (possibly huge) frame with gray.
        var flags = TJFLAG_STOPONWARNING
        while true {
            let status = cjpeg_tj_decompress2(handle, source, UInt(file.count), target, Int32(width), Int32(image.rowBytes),
                                       Int32(height), pixelFormat.rawValue, flags)
            if status == 0 { return image }
            let message = JPEGDecoder.message(handle)
            if cjpeg_tj_get_error_code(handle) == TJERR_WARNING.rawValue, !JPEGDecoder.meansMissingData(message) {
                // A harmless warning stopped the first pass: decode again to the end.
                guard flags & TJFLAG_STOPONWARNING == 0 else {
                    flags &= ~TJFLAG_STOPONWARNING
                    continue
                }
                return image
            }
            throw .format(path: path, message: JPEGDecoder.meansMissingData(message) ? "truncated: \(message)" : message)
        }
    }

    /// libjpeg's warnings for data that ends early: "Premature end of JPEG file",
    /// "Corrupt JPEG data: premature end of data segment".
    static func meansMissingData(_ message: String) -> Bool {
        message.lowercased().contains("premature end")
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
