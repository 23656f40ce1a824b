import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// What a write decided beyond the image's metadata.
struct DPXWriteSettings {
    var layout: DPXLayout
    var height: Int
    var transfer: Int
    var colorimetric: Int
    /// SMPTE time code and user bits; nil leaves them undefined.
    var timeCode: UInt32?
    var userBits: UInt32?
    var frameRate: Double?
    /// The user data block (after the header), usually empty.
    var userData: [UInt8] = []

    /// Where the pixels start: the first 8192-byte boundary after header and user data.
    var dataOffset: Int {
        let end = DPXOffset.userData + userData.count
        return (end + DPXOffset.dataAlignment - 1) / DPXOffset.dataAlignment * DPXOffset.dataAlignment
    }
}

/// Builds the bytes before the pixels: the SMPTE 268M header (file, image, source, film
/// and television parts), the user data if any, and zero padding up to the data offset.
package enum DPXHeaderWriter {
    static func header(_ settings: DPXWriteSettings, metadata: Metadata) -> [UInt8] {
        let layout = settings.layout
        var buffer = DPXHeaderBuffer(count: settings.dataOffset, order: layout.order)
        // Numeric fields nobody sets are "undefined" (all bits set); text stays NUL.
        buffer.setUndefined(0, DPXOffset.televisionEnd)
        for (offset, length) in textFields { buffer.setText(offset, length, "") }
        for offset in stride(from: 664, to: 768, by: 1) { buffer.setU8(offset, 0) }

        buffer.setU32(DPXOffset.magic, DPXByteOrder.magic)
        buffer.setU32(DPXOffset.imageDataOffset, UInt32(settings.dataOffset))
        buffer.setText(DPXOffset.version, 8, "V2.0")
        let dataBytes = layout.rowBytes * settings.height
        let fileSize = settings.dataOffset + dataBytes
        buffer.setU32(DPXOffset.fileSize, fileSize <= Int(UInt32.max) ? UInt32(fileSize) : .max)
        buffer.setU32(DPXOffset.dittoKey, 1)
        buffer.setU32(DPXOffset.genericHeaderSize, UInt32(DPXOffset.genericSize))
        buffer.setU32(DPXOffset.industryHeaderSize, UInt32(DPXOffset.industrySize))
        buffer.setU32(DPXOffset.userDataSize, UInt32(settings.userData.count))
        for (index, byte) in settings.userData.enumerated() { buffer.setU8(DPXOffset.userData + index, Int(byte)) }
        for field in DPXField.file { field.write(metadata[field.key], into: &buffer) }
        if metadata["dpx:DittoKey"]?.number == nil { buffer.setU32(DPXOffset.dittoKey, 1) }
        if metadata["Software"]?.text == nil { buffer.setText(DPXOffset.creator, 100, "vfxpy \(VFXVersion.string)") }
        buffer.setText(DPXOffset.creationTime, 24, metadata["DateTime"]?.text.map(DPXMetadata.fileDate) ?? now())

        let orientation = metadata["Orientation"]?.number.flatMap { DPXMetadata.orientations.firstIndex(of: Int($0)) } ?? 0
        buffer.setU16(DPXOffset.orientation, orientation)
        buffer.setU16(DPXOffset.elementCount, 1)
        buffer.setU32(DPXOffset.pixelsPerLine, UInt32(layout.width))
        buffer.setU32(DPXOffset.linesPerElement, UInt32(settings.height))
        writeElement(settings, metadata: metadata, into: &buffer)
        for offset in stride(from: 1356, to: 1408, by: 1) { buffer.setU8(offset, 0) }

        writeSource(metadata, into: &buffer)
        writeFilm(metadata, settings: settings, into: &buffer)
        writeTelevision(metadata, settings: settings, into: &buffer)
        return buffer.bytes
    }

    private static let textFields: [(Int, Int)] = [
        (DPXOffset.version, 8), (DPXOffset.fileName, 100), (DPXOffset.creationTime, 24),
        (DPXOffset.creator, 100), (DPXOffset.project, 200), (DPXOffset.copyright, 200),
        (DPXOffset.firstElement + DPXOffset.description, 32),
        (1432, 100), (1532, 24), (1556, 32), (1588, 32), (1644, 20),
        (1664, 16), (1680, 32), (1732, 32), (1764, 100), (1864, 56), (1972, 76),
    ]

    private static func writeElement(_ settings: DPXWriteSettings, metadata: Metadata,
                                     into buffer: inout DPXHeaderBuffer) {
        let layout = settings.layout
        let at = DPXOffset.firstElement
        buffer.setU32(at + DPXOffset.dataSign, 0)
        // Reference codes only mean something at the bit depth they were read with.
        let sameDepth = metadata["bit_depth"]?.number == Double(layout.bitDepth)
        for field in DPXField.element {
            let carries = sameDepth || field.key == "ImageDescription"
            field.write(carries ? metadata[field.key] : nil, into: &buffer, base: at)
        }
        buffer.setU8(at + DPXOffset.descriptor, layout.descriptor.rawValue)
        buffer.setU8(at + DPXOffset.transfer, settings.transfer)
        buffer.setU8(at + DPXOffset.colorimetric, settings.colorimetric)
        buffer.setU8(at + DPXOffset.bitDepth, layout.bitDepth)
        buffer.setU16(at + DPXOffset.packing, layout.packing.rawValue)
        buffer.setU16(at + DPXOffset.encoding, 0)
        buffer.setU32(at + DPXOffset.dataOffset, UInt32(settings.dataOffset))
        buffer.setU32(at + DPXOffset.endOfLinePadding, 0)
        buffer.setU32(at + DPXOffset.endOfImagePadding, 0)
    }

    private static func writeSource(_ metadata: Metadata, into buffer: inout DPXHeaderBuffer) {
        buffer.setText(1532, 24, metadata["dpx:SourceDateTime"]?.text.map(DPXMetadata.fileDate) ?? "")
        if let border = metadata["dpx:Border"]?.numbers, border.count == 4 {
            for (index, value) in border.enumerated() where value >= 0 && value < 65535 {
                buffer.setU16(1620 + index * 2, Int(value))
            }
        }
        let (numerator, denominator) = rational(metadata["PixelAspectRatio"]?.number ?? 1)
        buffer.setU32(1628, numerator)
        buffer.setU32(1632, denominator)
    }

    private static func writeFilm(_ metadata: Metadata, settings: DPXWriteSettings, into buffer: inout DPXHeaderBuffer) {
        if let edge = metadata["dpx:FilmEdgeCode"]?.text {
            let padded = Array(edge.utf8.prefix(16))
            for index in 0..<16 { buffer.setU8(1664 + index, index < padded.count ? Int(padded[index]) : 0) }
        }
        if let rate = settings.frameRate { buffer.setF32(1724, Float(rate)) }
    }

    private static func writeTelevision(_ metadata: Metadata, settings: DPXWriteSettings,
                                        into buffer: inout DPXHeaderBuffer) {
        buffer.setU32(1920, settings.timeCode ?? .max)
        buffer.setU32(1924, settings.userBits ?? .max)
        let signal = metadata["dpx:Signal"]?.text.flatMap(DPXSignal.code(named:)) ?? 0
        buffer.setU8(1930, signal)
        buffer.setU8(1931, 0)
    }

    /// `value` as numerator/denominator (denominators up to 10000).
    package static func rational(_ value: Double) -> (UInt32, UInt32) {
        guard value.isFinite, value > 0, value < 100_000 else { return (1, 1) }
        var best: (UInt32, UInt32) = (1, 1)
        var bestError = Double.infinity
        for denominator in 1...10_000 {
            let numerator = (value * Double(denominator)).rounded()
            guard numerator >= 1 else { continue }
            let error = abs(numerator / Double(denominator) - value)
            if error < bestError {
                best = (UInt32(numerator), UInt32(denominator))
                bestError = error
                if error == 0 { break }
            }
        }
        return best
    }

    /// The current UTC time as DPX writes dates: "YYYY:MM:DD:hh:mm:ssZ".
    private static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900):\(two(parts.tm_mon + 1)):\(two(parts.tm_mday)):"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
