import CTIFF
import VFXCore

/// TIFF tags ↔ metadata with OpenImageIO's names: the text tags (ImageDescription,
/// Software, DateTime, Artist, Copyright, Make, Model, DocumentName, HostComputer,
/// PageName), XResolution/YResolution/ResolutionUnit, Orientation (reported, not applied
/// to the pixels), "compression" (OIIO's names: none, lzw, zip, packbits, jpeg, ...),
/// "bit_depth" (8, 16, 32; or the file's 1/2/4), "tiff:PlanarConfiguration"
/// ("contig"/"separate").
enum TIFFMetadata {
    static let textTags: [(tag: Int32, name: String)] = [
        (TIFFTAG_DOCUMENTNAME, "DocumentName"), (TIFFTAG_IMAGEDESCRIPTION, "ImageDescription"),
        (TIFFTAG_MAKE, "Make"), (TIFFTAG_MODEL, "Model"), (TIFFTAG_PAGENAME, "PageName"),
        (TIFFTAG_SOFTWARE, "Software"), (TIFFTAG_DATETIME, "DateTime"), (TIFFTAG_ARTIST, "Artist"),
        (TIFFTAG_HOSTCOMPUTER, "HostComputer"), (TIFFTAG_COPYRIGHT, "Copyright"),
    ]
    static let unitNames: [UInt16: Resolution.Unit] = [
        UInt16(RESUNIT_NONE): .none, UInt16(RESUNIT_INCH): .inch, UInt16(RESUNIT_CENTIMETER): .cm,
    ]

    static func read(_ handle: TIFFHandle, layout: TIFFLayout) -> Metadata {
        var metadata: Metadata = [
            "bit_depth": .int(layout.bitDepth),
            "compression": .string(layout.compressionName),
            "tiff:PlanarConfiguration": .string(layout.planarSeparate ? "separate" : "contig"),
        ]
        for (tag, name) in textTags {
            if let text = handle.string(tag), !text.isEmpty { metadata[name] = .string(text) }
        }
        if let x = handle.float(TIFFTAG_XRESOLUTION), let y = handle.float(TIFFTAG_YRESOLUTION), x > 0, y > 0 {
            let unit = unitNames[handle.u16Defaulted(TIFFTAG_RESOLUTIONUNIT) ?? UInt16(RESUNIT_INCH)] ?? .inch
            Resolution(x: Double(x), y: Double(y), unit: unit).store(in: &metadata)
        }
        if let orientation = handle.u16(TIFFTAG_ORIENTATION), (1...8).contains(orientation) {
            metadata["Orientation"] = .int(Int(orientation))
        }
        return metadata
    }

    /// Sets the metadata tags of a page being written.
    static func write(_ metadata: Metadata, to handle: TIFFHandle) throws(VFXError) {
        for (tag, name) in textTags {
            if let text = metadata[name]?.text, !text.isEmpty { try handle.set(tag, string: text) }
        }
        if metadata["Software"]?.text == nil { try handle.set(TIFFTAG_SOFTWARE, string: "vfxpy \(VFXVersion.string)") }
        if let resolution = Resolution(metadata) {
            try handle.set(TIFFTAG_XRESOLUTION, float: Float(resolution.x))
            try handle.set(TIFFTAG_YRESOLUTION, float: Float(resolution.y))
            let unit = switch resolution.unit {
            case .none: RESUNIT_NONE
            case .inch: RESUNIT_INCH
            case .cm: RESUNIT_CENTIMETER
            }
            try handle.set(TIFFTAG_RESOLUTIONUNIT, u16: UInt16(unit))
        }
        if let orientation = metadata["Orientation"]?.number, (1...8).contains(orientation) {
            try handle.set(TIFFTAG_ORIENTATION, u16: UInt16(orientation))
        }
    }
}
