import VFXCore

/// The image file formats vfxpy reads and writes.
public enum FileFormat: String, CaseIterable, Sendable {
    case exr, dpx, png, jpeg, tiff

    /// File name extensions, lower case, without the dot.
    public var extensions: [String] {
        switch self {
        case .exr: ["exr", "sxr", "mxr"]
        case .dpx: ["dpx"]
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg", "jpe", "jfif"]
        case .tiff: ["tif", "tiff", "tx", "tex"]
        }
    }

    /// Parses "exr", "jpg", "tif", ... (a name or an extension).
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let format = FileFormat.allCases.first(where: { $0.rawValue == lowered || $0.extensions.contains(lowered) })
        else { return nil }
        self = format
    }

    /// The format a path's extension names, if any.
    public init?(pathExtension path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(name: String(path[path.index(after: dot)...]))
    }

    /// Bytes `detect(header:)` wants to see.
    public static let headerLength = 8

    /// The format whose magic number starts `header`, if any.
    public static func detect(header: [UInt8]) -> FileFormat? {
        func starts(_ magic: [UInt8]) -> Bool { header.count >= magic.count && Array(header.prefix(magic.count)) == magic }
        if starts([0x76, 0x2F, 0x31, 0x01]) { return .exr }
        if starts(Array("SDPX".utf8)) || starts(Array("XPDS".utf8)) { return .dpx }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A])
            || starts([0x49, 0x49, 0x2B, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2B]) { return .tiff }
        return nil
    }
}
