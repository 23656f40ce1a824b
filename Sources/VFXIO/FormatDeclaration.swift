/// What one file format declares about itself, in its codec (`ImageCodec.declaration`).
/// Detection, the messages that name formats or extensions, `supported_formats()`, the
/// metadata filters of the writers and the checks of write options all read these
/// declarations through `FileFormat.declared`, so a format is described in one place.
public struct FormatDeclaration: Sendable {
    public let format: FileFormat
    /// File name extensions, lower case, without the dot; the first is the usual one.
    public let extensions: [String]
    /// Magic numbers: a file starting with any of them is of this format.
    public let signatures: [[UInt8]]
    /// The prefix of the metadata keys only this format reads and writes ("dpx:"); nil
    /// when its keys have none (EXR attribute names).
    public let metadataPrefix: String?
    /// The options its writer takes, in the order listings show them: what
    /// `WriteOptions.check(against:)` validates and `vfxpy.io`'s write functions take.
    public let writeOptions: [WriteOptionSpec]

    public init(format: FileFormat, extensions: [String], signatures: [[UInt8]], metadataPrefix: String?,
                writeOptions: [WriteOptionSpec]) {
        self.format = format
        self.extensions = extensions
        self.signatures = signatures
        self.metadataPrefix = metadataPrefix
        self.writeOptions = writeOptions
    }

    /// The declared write option called `name`.
    public func writeOption(_ name: String) -> WriteOptionSpec? {
        writeOptions.first { $0.name == name }
    }

    /// Whether `header` starts with one of the signatures.
    func matches(_ header: [UInt8]) -> Bool {
        signatures.contains { header.count >= $0.count && header.starts(with: $0) }
    }

    /// The format's name in messages: "EXR", "JPEG".
    public var displayName: String { format.rawValue.uppercased() }
}
