import VFXCore

/// What the marker segments before the first scan say: the frame (size, components,
/// coding), JFIF density, the EXIF orientation and a few EXIF text tags, comments.
/// Parsed in Swift over the mapped file with every read bounds-checked.
struct JPEGMarkers {
    struct Component {
        var horizontalSampling: Int
        var verticalSampling: Int
    }

    var width = 0
    var height = 0
    var components: [Component] = []
    /// The SOF marker number (0xC0 baseline, 0xC1 extended, 0xC2 progressive, ...).
    var frameMarker: UInt8 = 0
    var resolution: Resolution?
    var orientation: Int?
    var exifTexts: [String: String] = [:]
    var comments: [String] = []
    /// The offset of the first scan's data (after the SOS header).
    var scanOffset = 0

    /// Huffman-coded sequential frames (baseline, extended): every block of every
    /// component is coded in the scans, at least one bit each.
    var isSequentialHuffman: Bool { frameMarker == 0xC0 || frameMarker == 0xC1 }
    var isProgressive: Bool { frameMarker == 0xC2 || frameMarker == 0xCA }

    /// 8×8 blocks the frame codes, over all components.
    var blockCount: Int {
        let maxH = components.map(\.horizontalSampling).max() ?? 1
        let maxV = components.map(\.verticalSampling).max() ?? 1
        return components.reduce(0) { total, component in
            let columns = (width * component.horizontalSampling + maxH - 1) / maxH
            let rows = (height * component.verticalSampling + maxV - 1) / maxV
            return total + ((columns + 7) / 8) * ((rows + 7) / 8)
        }
    }

    static let exifTextTags: [UInt16: String] = [
        0x010F: "Make", 0x0110: "Model", 0x0131: "Software", 0x0132: "DateTime", 0x013B: "Artist",
        0x8298: "Copyright",
    ]
    static let orientationTag: UInt16 = 0x0112

    init(_ file: MappedFile) throws(VFXError) {
        let bytes = file.bytes
        try file.require(0, 2, "the SOI marker")
        guard bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .format(path: file.path, message: "not a JPEG file") }
        var offset = 2
        while true {
            // Markers may be preceded by any number of 0xFF fill bytes.
            try file.require(offset, 2, "a marker")
            guard bytes[offset] == 0xFF else {
                throw .format(path: file.path, message: "corrupt: expected a marker at byte \(offset)")
            }
            var markerOffset = offset + 1
            while markerOffset < bytes.count, bytes[markerOffset] == 0xFF { markerOffset += 1 }
            try file.require(markerOffset, 1, "a marker")
            let marker = bytes[markerOffset]
            offset = markerOffset + 1
            if marker == 0xD9 { throw .format(path: file.path, message: "corrupt: the file ends before any image data") }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 { continue }  // no length
            try file.require(offset, 2, "the length of marker 0x\(String(marker, radix: 16))")
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard length >= 2 else { throw .format(path: file.path, message: "corrupt: a marker segment of length \(length)") }
            try file.require(offset, length, "marker segment 0x\(String(marker, radix: 16, uppercase: true))")
            let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + 2)..<(offset + length)])
            switch marker {
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                try readFrame(payload, marker: marker, file: file)
            case 0xE0: readJFIF(payload)
            case 0xE1: readExif(payload)
            case 0xFE:
                // Some writers (OIIO among them) include the C string's NUL.
                let text = UnsafeRawBufferPointer(rebasing: payload[..<(payload.lastIndex(where: { $0 != 0 }).map { $0 + 1 } ?? 0)])
                if !text.isEmpty { comments.append(RasterSupport.latin1OrUTF8(text)) }
            case 0xDA:
                scanOffset = offset + length
                guard !components.isEmpty else {
                    throw .format(path: file.path, message: "corrupt: image data before the frame header (SOF)")
                }
                return
            default: break
            }
            offset += length
        }
    }

    private mutating func readFrame(_ payload: UnsafeRawBufferPointer, marker: UInt8, file: MappedFile) throws(VFXError) {
        guard payload.count >= 6 else { throw .format(path: file.path, message: "corrupt: a short frame header") }
        frameMarker = marker
        height = Int(payload[1]) << 8 | Int(payload[2])
        width = Int(payload[3]) << 8 | Int(payload[4])
        let count = Int(payload[5])
        guard payload.count >= 6 + 3 * count else { throw .format(path: file.path, message: "corrupt: a short frame header") }
        components = (0..<count).map { index in
            let sampling = payload[6 + 3 * index + 1]
            return Component(horizontalSampling: max(1, Int(sampling >> 4)), verticalSampling: max(1, Int(sampling & 15)))
        }
    }

    private mutating func readJFIF(_ payload: UnsafeRawBufferPointer) {
        guard payload.count >= 12, Array(payload[0..<5]) == Array("JFIF\0".utf8) else { return }
        let x = Int(payload[8]) << 8 | Int(payload[9])
        let y = Int(payload[10]) << 8 | Int(payload[11])
        guard x > 0, y > 0 else { return }
        switch payload[7] {
        case 1: resolution = Resolution(x: Double(x), y: Double(y), unit: .inch)
        case 2: resolution = Resolution(x: Double(x), y: Double(y), unit: .cm)
        default:
            // Unit 0 is an aspect ratio only; 1:1 is what most encoders write by default.
            if x != 1 || y != 1 { resolution = Resolution(x: Double(x), y: Double(y), unit: .none) }
        }
    }

    /// EXIF: "Exif\0\0", then a TIFF header and IFD0, whose offsets count from the TIFF header.
    private mutating func readExif(_ payload: UnsafeRawBufferPointer) {
        guard payload.count >= 14, Array(payload[0..<6]) == [0x45, 0x78, 0x69, 0x66, 0, 0] else { return }
        let tiff = UnsafeRawBufferPointer(rebasing: payload[6...])
        guard let reader = ExifReader(tiff) else { return }
        for entry in reader.entries(ifdOffset: reader.firstIFD) {
            if entry.tag == JPEGMarkers.orientationTag, entry.type == 3, entry.count >= 1,
               let value = reader.u16(entry.valueOffset), (1...8).contains(value) {
                orientation = Int(value)
            } else if let name = JPEGMarkers.exifTextTags[entry.tag], entry.type == 2,
                      let text = reader.ascii(entry), !text.isEmpty {
                exifTexts[name] = text
            }
        }
    }
}

/// Bounds-checked reads of a TIFF-structured EXIF block.
struct ExifReader {
    struct Entry {
        var tag: UInt16
        var type: UInt16
        var count: Int
        /// Where the value is: inside the entry when it fits in 4 bytes, else at the offset.
        var valueOffset: Int
    }

    let data: UnsafeRawBufferPointer
    let bigEndian: Bool
    let firstIFD: Int

    init?(_ data: UnsafeRawBufferPointer) {
        guard data.count >= 8 else { return nil }
        self.data = data
        if data[0] == 0x49, data[1] == 0x49 { bigEndian = false }
        else if data[0] == 0x4D, data[1] == 0x4D { bigEndian = true }
        else { return nil }
        guard let ifd = ExifReader.u32(data, 4, bigEndian: bigEndian) else { return nil }
        firstIFD = Int(ifd)
    }

    func u16(_ offset: Int) -> UInt16? {
        guard offset >= 0, offset + 2 <= data.count else { return nil }
        let a = UInt16(data[offset]), b = UInt16(data[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    static func u32(_ data: UnsafeRawBufferPointer, _ offset: Int, bigEndian: Bool) -> UInt32? {
        guard offset >= 0, offset + 4 <= data.count else { return nil }
        let bytes = (0..<4).map { UInt32(data[offset + $0]) }
        return bigEndian ? bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]
            : bytes[3] << 24 | bytes[2] << 16 | bytes[1] << 8 | bytes[0]
    }

    func entries(ifdOffset: Int) -> [Entry] {
        guard let count = u16(ifdOffset) else { return [] }
        var result: [Entry] = []
        for index in 0..<Int(count) {
            let at = ifdOffset + 2 + 12 * index
            guard let tag = u16(at), let type = u16(at + 2),
                  let count = ExifReader.u32(data, at + 4, bigEndian: bigEndian),
                  let pointer = ExifReader.u32(data, at + 8, bigEndian: bigEndian) else { break }
            let size = [1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8][Int(type)] ?? 1
            let inline = Int(count) * size <= 4
            result.append(Entry(tag: tag, type: type, count: Int(count), valueOffset: inline ? at + 8 : Int(pointer)))
        }
        return result
    }

    /// An ASCII value without its terminating NUL, if it lies inside the block.
    func ascii(_ entry: Entry) -> String? {
        guard entry.valueOffset >= 0, entry.count <= data.count, entry.valueOffset <= data.count - entry.count
        else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: data[entry.valueOffset..<(entry.valueOffset + entry.count)])
        return RasterSupport.latin1OrUTF8(UnsafeRawBufferPointer(rebasing: bytes.prefix(while: { $0 != 0 })))
    }
}
