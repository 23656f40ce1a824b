import VFXCore

/// A DPX header as metadata, by OpenImageIO's attribute names where it has one.
enum DPXMetadata {
    /// OpenImageIO "Orientation" (TIFF/EXIF numbering) of each DPX orientation code 0–7.
    static let orientations = [1, 2, 4, 3, 5, 6, 8, 7]

    /// Every field of the header and of `element` that the file defines.
    static func read(_ header: DPXHeader, element: DPXElement, layout: DPXLayout) -> Metadata {
        let bytes = header.bytes
        // A header part is present when the file holds it and the pixels start after it.
        let offsets = header.elements.map(\.dataOffset).filter { $0 >= DPXOffset.imageInformationEnd }
        let headerEnd = min(bytes.count, offsets.min() ?? 0)
        var metadata: Metadata = [
            "bit_depth": .int(element.bitDepth),
            "dpx:ImageDescriptor": .string(layout.descriptor.metadataName),
            "dpx:Transfer": .string(DPXCharacteristic.name(ofCode: element.transfer)),
            "dpx:Colorimetric": .string(DPXCharacteristic.name(ofCode: element.colorimetric)),
            "dpx:Packing": .string(layout.packing.metadataName),
            "dpx:EndOfLinePadding": .int(element.endOfLinePadding),
            "dpx:EndOfImagePadding": .int(element.endOfImagePadding),
            "dpx:ByteOrder": .string(header.order.rawValue),
        ]
        if let version = bytes.text(DPXOffset.version, 8) { metadata["dpx:Version"] = .string(version) }
        let orientation = bytes.u16(DPXOffset.orientation)
        metadata["Orientation"] = .int(orientation < 8 ? orientations[orientation] : 0)
        if let date = bytes.text(DPXOffset.creationTime, 24) { metadata["DateTime"] = .string(displayDate(date)) }
        for field in DPXField.file where field.sectionEnd <= headerEnd {
            if let value = field.read(bytes) { metadata[field.key] = value }
        }
        for field in DPXField.element {
            if let value = field.read(bytes, base: element.headerOffset) { metadata[field.key] = value }
        }
        if DPXOffset.sourceEnd <= headerEnd {
            readSource(bytes, into: &metadata)
        }
        if DPXOffset.filmEnd <= headerEnd, let edge = filmEdgeCode(bytes) {
            metadata["dpx:FilmEdgeCode"] = .string(edge)
        }
        if DPXOffset.televisionEnd <= headerEnd {
            readTelevision(bytes, into: &metadata)
        }
        let userSize = Int(bytes.u32(DPXOffset.userDataSize))
        if userSize > 0, userSize <= DPXOffset.maxUserData, DPXOffset.userData + userSize <= headerEnd {
            metadata["dpx:UserData"] = .ints((0..<userSize).map { bytes.u8(DPXOffset.userData + $0) })
        }
        return metadata
    }

    private static func readSource(_ bytes: DPXBytes, into metadata: inout Metadata) {
        if let date = bytes.text(1532, 24) { metadata["dpx:SourceDateTime"] = .string(displayDate(date)) }
        let border = (0..<4).map { bytes.u16(1620 + $0 * 2) }
        if border.contains(where: { $0 != 0xFFFF }) { metadata["dpx:Border"] = .ints(border) }
        let numerator = bytes.u32(1628), denominator = bytes.u32(1632)
        if numerator != 0, denominator != 0, numerator != .max, denominator != .max {
            metadata["PixelAspectRatio"] = .double(Double(numerator) / Double(denominator))
        } else {
            metadata["PixelAspectRatio"] = .double(1)
        }
    }

    private static func readTelevision(_ bytes: DPXBytes, into metadata: inout Metadata) {
        let timeCode = bytes.u32(1920), userBits = bytes.u32(1924)
        if timeCode != .max {
            metadata["smpte:TimeCode"] = .ints([Int(timeCode), Int(userBits)])
            metadata["dpx:TimeCode"] = .string(DPXTimeCode.text(timeCode))
        }
        if userBits != .max { metadata["dpx:UserBits"] = .int(Int(userBits)) }
        if let signal = DPXSignal.name(ofCode: bytes.u8(1930)) { metadata["dpx:Signal"] = .string(signal) }
    }

    /// Manufacturer, film type, perforation offset, prefix and count (16 characters),
    /// when the file fills them.
    private static func filmEdgeCode(_ bytes: DPXBytes) -> String? {
        let raw = (0..<16).map { UInt8(bytes.u8(1664 + $0)) }
        guard raw[0] != 0, raw[0] != 0xFF, raw.allSatisfy({ $0 == 0 || (0x20..<0x7F).contains($0) }) else { return nil }
        return String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).trimmingTrailingSpaces()
    }

    /// DPX "YYYY:MM:DD:hh:mm:ssLTZ" shown as OpenImageIO does: "YYYY:MM:DD hh:mm:ss".
    static func displayDate(_ text: String) -> String {
        var characters = Array(text)
        guard characters.count >= 19, characters[10] == ":" else { return text }
        characters[10] = " "
        return String(characters.prefix(19))
    }

    /// The inverse of `displayDate`, in UTC when no zone is known.
    static func fileDate(_ text: String) -> String {
        var characters = Array(text)
        guard characters.count >= 19, characters[10] == " " else { return text }
        characters[10] = ":"
        return String(characters) + (characters.count == 19 ? "Z" : "")
    }
}
