import VFXCore

/// Writes TurboJPEG's output with the metadata segments it cannot write itself: the
/// JFIF density is set in its APP0, then the EXIF APP1 and COM segments follow it.
enum JPEGFileWriter {
    /// SOI, then the APP0 "JFIF\0" segment TurboJPEG always writes first (18 bytes).
    static let jfifLength = 2 + 18

    static func write(_ encoded: JPEGBytes, metadata: Metadata, to path: String) throws(VFXError) {
        let bytes = encoded.bytes
        let (head, replaced) = head(of: bytes, metadata: metadata)
        let tail = UnsafeRawBufferPointer(rebasing: bytes[replaced...])
        let result = head.withUnsafeBytes { headBytes in
            Result { () throws(VFXError) in try FileOutput.write([headBytes, tail], to: path) }
        }
        try result.get()
    }

    /// What goes in place of the first `replaced` bytes of `bytes` (TurboJPEG's output, or
    /// at least its first segments): SOI and the JFIF APP0 with the density of `metadata`,
    /// then its EXIF APP1 and COM segments. The band writer writes its head the same way.
    static func head(of bytes: UnsafeRawBufferPointer, metadata: Metadata) -> (head: [UInt8], replaced: Int) {
        let hasJFIF = bytes.count > jfifLength && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
            && bytes[3] == 0xE0 && Array(bytes[6..<11]) == Array("JFIF\0".utf8)
        let headLength = hasJFIF ? jfifLength : 2
        var head = Array(bytes[0..<headLength])
        if hasJFIF, let density = JPEGMetadata.density(metadata) {
            head[13] = density.unit
            head[14...15] = ArraySlice(JPEGMetadata.be16(density.x))
            head[16...17] = ArraySlice(JPEGMetadata.be16(density.y))
        }
        head += JPEGMetadata.segmentBytes(metadata)
        return (head, headLength)
    }
}
