import VFXCore

/// The image file formats vfxpy reads and writes. What each one is (extensions, magic
/// numbers, metadata prefix) its codec declares (`FormatDeclaration`).
public enum FileFormat: String, CaseIterable, Sendable {
    case exr, dpx, png, jpeg, tiff

    /// The declarations of the formats this build has, in the order of `registeredCodecs`
    /// (the order messages list them in).
    public static let declared: [FormatDeclaration] = registeredCodecs.map { $0.declaration }

    /// This format's declaration; nil when this build has no codec for it.
    public var declaration: FormatDeclaration? { FileFormat.declared.first { $0.format == self } }

    /// File name extensions, lower case, without the dot.
    public var extensions: [String] { declaration?.extensions ?? [] }

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

    /// Bytes `detect(header:)` wants to see: the longest signature.
    public static let headerLength = declared.flatMap(\.signatures).map(\.count).max() ?? 0

    /// The format whose magic number starts `header`, if any.
    public static func detect(header: [UInt8]) -> FileFormat? {
        declared.first { $0.matches(header) }?.format
    }

    /// "EXR, DPX, PNG, JPEG or TIFF": the formats this build has, for messages.
    public static var displayNames: String {
        let names = declared.map(\.displayName)
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// ".exr, .dpx, .png, .jpg, .tif": the usual extension of each format, for messages.
    public static var usualExtensions: String {
        declared.compactMap(\.extensions.first).map { ".\($0)" }.joined(separator: ", ")
    }

    /// The metadata prefixes of the formats other than `format` ("dpx:", "png:", ...):
    /// keys a writer of `format` leaves out as belonging to another format.
    public static func foreignMetadataPrefixes(for format: FileFormat) -> [String] {
        declared.filter { $0.format != format }.compactMap(\.metadataPrefix)
    }
}
