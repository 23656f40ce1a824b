/// What one file format declares about itself, in its codec (`ImageCodec.declaration`).
/// Detection, the messages that name formats or extensions, `supported_formats()` and
/// the metadata filters of the writers all read these declarations through
/// `FileFormat.declared`, so a format is described in one place.
public struct FormatDeclaration: Sendable {
    public let format: FileFormat
    /// File name extensions, lower case, without the dot; the first is the usual one.
    public let extensions: [String]
    /// Magic numbers: a file starting with any of them is of this format.
    public let signatures: [[UInt8]]
    /// The prefix of the metadata keys only this format reads and writes ("dpx:"); nil
    /// when its keys have none (EXR attribute names).
    public let metadataPrefix: String?

    public init(format: FileFormat, extensions: [String], signatures: [[UInt8]], metadataPrefix: String?) {
        self.format = format
        self.extensions = extensions
        self.signatures = signatures
        self.metadataPrefix = metadataPrefix
    }

    /// Whether `header` starts with one of the signatures.
    func matches(_ header: [UInt8]) -> Bool {
        signatures.contains { header.count >= $0.count && header.starts(with: $0) }
    }

    /// The format's name in messages: "EXR", "JPEG".
    public var displayName: String { format.rawValue.uppercased() }
}
