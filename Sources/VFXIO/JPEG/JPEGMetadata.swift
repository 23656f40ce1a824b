import CJPEG

/// JPEG markers ↔ metadata, with OpenImageIO's names: "Orientation" (EXIF, 1–8, not
/// applied to the pixels), XResolution/YResolution/ResolutionUnit (JFIF density),
/// "ImageDescription" (COM comments), Make/Model/Software/DateTime/Artist/Copyright
/// (EXIF IFD0 text), "jpeg:subsampling" ("4:2:0", ...), "bit_depth" 8.
enum JPEGMetadata {
    static func read(_ decoder: JPEGDecoder) -> Metadata {
        let markers = decoder.markers
        var metadata: Metadata = ["bit_depth": .int(8)]
        if let orientation = markers.orientation { metadata["Orientation"] = .int(orientation) }
        markers.resolution?.store(in: &metadata)
        if !markers.comments.isEmpty { metadata["ImageDescription"] = .string(markers.comments.joined(separator: "\n")) }
        for (name, text) in markers.exifTexts { metadata[name] = .string(text) }
        if let name = subsamplingNames[Int(decoder.subsampling)], decoder.channels == 3 {
            metadata["jpeg:subsampling"] = .string(name)
        }
        return metadata
    }

    static let subsamplingNames: [Int: String] = [
        Int(TJSAMP_444.rawValue): "4:4:4", Int(TJSAMP_422.rawValue): "4:2:2", Int(TJSAMP_420.rawValue): "4:2:0",
        Int(TJSAMP_440.rawValue): "4:4:0", Int(TJSAMP_411.rawValue): "4:1:1",
    ]

    /// The marker segments a write adds after the JFIF APP0, in order: the EXIF APP1
    /// (0xE1), then the COM comments (0xFE); payloads without marker and length.
    static func segments(_ metadata: Metadata) -> [(marker: UInt8, payload: [UInt8])] {
        (exifPayload(metadata).map { [(UInt8(0xE1), $0)] } ?? []) + commentPayloads(metadata).map { (0xFE, $0) }
    }

    /// `segments` as the bytes of the file: each with its marker and length.
    static func segmentBytes(_ metadata: Metadata) -> [UInt8] {
        segments(metadata).flatMap { [0xFF, $0.marker] + be16(UInt16($0.payload.count + 2)) + $0.payload }
    }

    /// The EXIF APP1 payload holding Orientation and the IFD0 text tags present in
    /// `metadata`, or nil when there is nothing to store.
    static func exifPayload(_ metadata: Metadata) -> [UInt8]? {
        var entries: [(tag: UInt16, type: UInt16, count: UInt32, value: [UInt8])] = []
        if let orientation = metadata["Orientation"]?.number, (1...8).contains(orientation) {
            entries.append((JPEGMarkers.orientationTag, 3, 1, [UInt8(orientation), 0, 0, 0]))
        }
        for (tag, name) in JPEGMarkers.exifTextTags {
            guard let text = metadata[name]?.text, !text.isEmpty, text.utf8.count < 4096 else { continue }
            let bytes = Array(text.utf8) + [0]
            entries.append((tag, 2, UInt32(bytes.count), bytes))
        }
        guard !entries.isEmpty else { return nil }
        entries.sort { $0.tag < $1.tag }
        // Little-endian TIFF: header (8), IFD0 (2 + 12n + 4), then the values over 4 bytes.
        var tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + le32(8)
        var data: [UInt8] = []
        let dataStart = 8 + 2 + 12 * entries.count + 4
        tiff += le16(UInt16(entries.count))
        for entry in entries {
            tiff += le16(entry.tag) + le16(entry.type) + le32(entry.count)
            if entry.value.count <= 4 {
                tiff += entry.value + [UInt8](repeating: 0, count: 4 - entry.value.count)
            } else {
                tiff += le32(UInt32(dataStart + data.count))
                data += entry.value
                if data.count % 2 == 1 { data.append(0) }
            }
        }
        tiff += le32(0) + data
        let payload = Array("Exif".utf8) + [0, 0] + tiff
        guard payload.count + 2 <= 65535 else { return nil }
        return payload
    }

    /// COM payloads for `metadata["ImageDescription"]` (split when over 65533 bytes).
    static func commentPayloads(_ metadata: Metadata) -> [[UInt8]] {
        guard let text = metadata["ImageDescription"]?.text, !text.isEmpty else { return [] }
        var result: [[UInt8]] = []
        var bytes = ArraySlice(text.utf8)
        while !bytes.isEmpty {
            let chunk = bytes.prefix(65533)
            bytes = bytes.dropFirst(chunk.count)
            result.append(Array(chunk))
        }
        return result
    }

    /// JFIF density (units, x, y) for `metadata`, when it fits JFIF's 16-bit fields.
    static func density(_ metadata: Metadata) -> (unit: UInt8, x: UInt16, y: UInt16)? {
        guard let resolution = Resolution(metadata) else { return nil }
        let x = resolution.x.rounded(), y = resolution.y.rounded()
        guard x >= 1, y >= 1, x <= 65535, y <= 65535 else { return nil }
        let unit: UInt8 = switch resolution.unit {
        case .none: 0
        case .inch: 1
        case .cm: 2
        }
        return (unit, UInt16(x), UInt16(y))
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
