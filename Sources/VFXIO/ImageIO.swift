import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing image files: format detection, the codec registry, conversion on
/// read, and atomic writes.
public enum ImageIO {
    /// The codecs this build has, by format.
    public static let codecs: [FileFormat: any ImageCodec.Type] = {
        var table: [FileFormat: any ImageCodec.Type] = [:]
        for codec in registeredCodecs { table[codec.format] = codec }
        return table
    }()

    /// The codec for `format`, or `UnsupportedError`.
    public static func codec(for format: FileFormat) throws(VFXError) -> any ImageCodec.Type {
        guard let codec = codecs[format] else {
            throw .unsupported("\(format.rawValue.uppercased()) files are not supported by this build of vfxpy")
        }
        return codec
    }

    /// The format of the file at `path` from its first bytes (its magic number); the
    /// extension is only a hint for files too short or unknown.
    public static func detectFormat(path: String) throws(VFXError) -> FileFormat {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw openError(path) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .io(path: path, message: "is a folder, not an image file")
        }
        var header = [UInt8](repeating: 0, count: FileFormat.headerLength)
        let count = header.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw systemError(path, "cannot read") }
        if count == 0 { throw .format(path: path, message: "the file is empty") }
        if let format = FileFormat.detect(header: Array(header.prefix(count))) { return format }
        let hint = FileFormat(pathExtension: path).map { " (its extension says \($0.rawValue.uppercased()))" } ?? ""
        throw .format(path: path, message: "not an image file vfxpy knows: no \(FileFormat.displayNames) signature\(hint)")
    }

    /// Reads the header of `path` (detecting the format unless given).
    public static func info(path: String, format: FileFormat? = nil, subimage: Int = 0) throws(VFXError) -> ImageInfo {
        let format = try resolveFormat(path: path, expected: format)
        return try codec(for: format).info(path: path, subimage: subimage)
    }

    /// Reads pixels and metadata, converting to `request.pixelFormat` when asked.
    public static func read(path: String, format: FileFormat? = nil,
                            request: ReadRequest = ReadRequest()) throws(VFXError) -> ImageWithMetadata {
        StaleTemporaries.sweep(folder: AtomicFile.parentFolder(of: path))
        let format = try resolveFormat(path: path, expected: format)
        guard request.subimage >= 0 else {
            throw .invalidArgument(name: "subimage", message: "must be 0 or more, got \(request.subimage)")
        }
        var result = try codec(for: format).read(path: path, request: request)
        if let wanted = request.pixelFormat, wanted != result.image.format {
            result.image = try result.image.converted(to: wanted)
        }
        return result
    }

    /// Writes `images` to `path` atomically, in `format` or the one its extension names.
    /// `renamedTo` is the file system's path of the target when `path` is an alias for a
    /// name that is not UTF-8 (see `FilePath`).
    public static func write(_ images: [ImageWithMetadata], to path: String, format: FileFormat? = nil,
                             options: WriteOptions = WriteOptions(), renamedTo: [CChar]? = nil) throws(VFXError) {
        guard let format = format ?? FileFormat(pathExtension: path) else {
            throw .invalidArgument(name: "path", message: "'\(path)' has no image extension (\(FileFormat.usualExtensions)); "
                + "name the format with a format module, e.g. vfxpy.io.exr.write")
        }
        guard !images.isEmpty else { throw .invalidArgument(name: "img", message: "no image to write") }
        let codec = try codec(for: format)
        try options.check(against: codec.declaration)
        let images = images.map(RasterSupport.writableMetadata)
        try AtomicFile.write(to: path, renamedTo: renamedTo) { (temporary: String) throws(VFXError) in
            do throws(VFXError) {
                try codec.write(images, to: temporary, options: options)
            } catch {
                throw writeError(error, temporary: temporary, target: path)
            }
        }
    }

    /// The file's format by content; when a format module asked for one format, the
    /// file must be that format.
    private static func resolveFormat(path: String, expected: FileFormat?) throws(VFXError) -> FileFormat {
        let found = try detectFormat(path: path)
        if let expected, found != expected {
            throw .format(path: path, message: "is a \(found.rawValue.uppercased()) file, not \(expected.rawValue.uppercased())")
        }
        return found
    }

    /// A codec's error while writing, told about the target (not the temporary file):
    /// library "format" errors there are failures to produce the file, so `IOError`.
    static func writeError(_ error: VFXError, temporary: String, target: String) -> VFXError {
        switch error.retargeted(from: temporary, to: target) {
        case let .format(_, message): return .io(path: target, message: message)
        case let .io(_, message, code): return .io(path: target, message: message, code: code)
        case let other: return other
        }
    }

    /// The error for a failed `open` of `path`.
    public static func openError(_ path: String, _ code: Int32 = errno) -> VFXError {
        systemError(path, "cannot open", code)
    }
}
