import CPNG

/// PNG chunks ↔ metadata, with OpenImageIO's names: text chunks by keyword, except
/// "Description" ↔ ImageDescription, "Author" ↔ Artist, "Title" ↔ DocumentName; tIME ↔
/// DateTime; pHYs ↔ XResolution/YResolution/ResolutionUnit (pixels per meter shown per
/// inch, as OIIO does); gAMA ↔ "png:gamma" (the file's value, e.g. 0.45455); sRGB ↔
/// "png:srgb_intent"; "bit_depth" 8 or 16.
enum PNGMetadata {
    static let renamedOnRead = ["description": "ImageDescription", "author": "Artist", "title": "DocumentName"]
    static let renamedOnWrite = ["ImageDescription": "Description", "Artist": "Author", "DocumentName": "Title"]
    static let metersPerInch = 0.0254

    /// The metadata of a decoder's header and the text chunks it has seen.
    static func read(_ decoder: PNGDecoder) -> Metadata {
        let header = decoder.header
        var metadata: Metadata = ["bit_depth": .int(Int(header.bit_depth))]
        for (key, text) in decoder.texts where !key.isEmpty {
            metadata[renamedOnRead[key.lowercased()] ?? key] = .string(text)
        }
        if header.has_time != 0 {
            let parts = withUnsafeBytes(of: header.time) { Array($0.bindMemory(to: Int32.self)).map(Int.init) }
            metadata["DateTime"] = .string(formatDateTime(parts))
        }
        if header.has_phys != 0, header.phys_x > 0, header.phys_y > 0 {
            if header.phys_unit == CPNG_RESOLUTION_METER {
                Resolution(x: Double(header.phys_x) * metersPerInch, y: Double(header.phys_y) * metersPerInch,
                           unit: .inch).store(in: &metadata)
            } else {
                Resolution(x: Double(header.phys_x), y: Double(header.phys_y), unit: .none).store(in: &metadata)
            }
        }
        if header.has_gamma != 0 { metadata["png:gamma"] = .double(header.gamma) }
        if header.has_srgb != 0 { metadata["png:srgb_intent"] = .int(Int(header.srgb_intent)) }
        return metadata
    }

    /// Text chunks to write: every string value except the keys this codec writes as
    /// other chunks and namespaced keys ("dpx:...", "oiio:...") that belong to other
    /// formats; keywords PNG cannot hold (empty, over 79 bytes, not Latin-1 printable)
    /// are skipped.
    static func texts(_ metadata: Metadata) -> [(key: String, text: String)] {
        let skipped: Set<String> = ["compression", "bit_depth", "ResolutionUnit", "XResolution", "YResolution"]
        var result: [(String, String)] = []
        for key in metadata.keys.sorted() {
            guard let text = metadata[key]?.text, !skipped.contains(key), !key.contains(":") else { continue }
            if key == "DateTime", parseDateTime(text) != nil { continue }
            let keyword = renamedOnWrite[key] ?? key
            guard isValidKeyword(keyword) else { continue }
            result.append((keyword, text))
        }
        return result
    }

    static func isValidKeyword(_ keyword: String) -> Bool {
        let bytes = Array(keyword.utf8)
        guard (1...79).contains(bytes.count), bytes.first != 0x20, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) } && !keyword.contains("  ")
    }

    /// The chunks other than text, set in `params`.
    static func fill(_ params: inout cpng_write_params, from metadata: Metadata) {
        if let text = metadata["DateTime"]?.text, let parts = parseDateTime(text) {
            params.has_time = 1
            params.time = (Int32(parts[0]), Int32(parts[1]), Int32(parts[2]), Int32(parts[3]), Int32(parts[4]),
                           Int32(parts[5]))
        }
        if let resolution = Resolution(metadata) {
            let scale: Double
            switch resolution.unit {
            case .inch: scale = 1 / metersPerInch
            case .cm: scale = 100
            case .none: scale = 1
            }
            let x = (resolution.x * scale).rounded(), y = (resolution.y * scale).rounded()
            if x >= 1, y >= 1, x <= Double(Int32.max), y <= Double(Int32.max) {
                params.has_phys = 1
                params.phys_x = UInt32(x)
                params.phys_y = UInt32(y)
                params.phys_unit = resolution.unit == .none ? Int32(CPNG_RESOLUTION_UNKNOWN) : Int32(CPNG_RESOLUTION_METER)
            }
        }
        if let gamma = metadata["png:gamma"]?.number, gamma > 0, gamma.isFinite {
            params.has_gamma = 1
            params.gamma = gamma
        }
        if let intent = metadata["png:srgb_intent"]?.number, (0...3).contains(intent) {
            params.has_srgb = 1
            params.srgb_intent = Int32(intent)
        }
    }
}
