import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A path as the caller gave it. Most paths are UTF-8 and go to the codecs as they are.
/// A name that is not (a Latin-1 `lat\xe9.exr` from an old file server, as Python's
/// `os.listdir` hands it over) cannot be a Swift `String`, so the codecs get an equal
/// path through the process's open file descriptors (`/proc/self/fd/N`), and the final
/// rename of a write uses the original bytes.
public struct FilePath: Sendable {
    /// The path for messages (bytes that are not UTF-8 shown as U+FFFD).
    public let text: String
    /// The file system's bytes, when they are not UTF-8; nil otherwise.
    public let bytes: [UInt8]?

    /// A UTF-8 path.
    public init(_ text: String) {
        self.text = text
        self.bytes = nil
    }

    /// A path from the file system's bytes (no NUL among them).
    public init(bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        self.text = text
        self.bytes = Array(text.utf8) == bytes ? nil : bytes
    }

    /// Runs `body` with a UTF-8 path that opens the same existing file.
    public func reading<T>(_ body: (String) throws(VFXError) -> T) throws(VFXError) -> T {
        guard bytes != nil else { return try body(text) }
        let held = try heldForReading()
        return try held.run { () throws(VFXError) -> T in try body(held.alias) }
    }

    /// Runs `body` with a UTF-8 path to write and, for a name that is not UTF-8, the
    /// bytes of the path the finished file is renamed to (see `AtomicFile`).
    public func writing(_ body: (_ path: String, _ renamedTo: [CChar]?) throws(VFXError) -> Void) throws(VFXError) {
        guard bytes != nil else { return try body(text, nil) }
        let held = try heldForWriting()
        try held.run { () throws(VFXError) in try body(held.alias, held.renamedTo) }
    }

    /// The existing file, open for as long as the result lives: its `alias` opens it
    /// (the path itself when it is UTF-8). For readers that keep using a path after
    /// they are made (band readers).
    public func heldForReading() throws(VFXError) -> Held {
        guard let bytes else { return Held(alias: text, renamedTo: nil, text: text, descriptor: -1) }
        let descriptor = FilePath.open(bytes, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImageIO.openError(text) }
        return Held(alias: "/proc/self/fd/\(descriptor)", renamedTo: nil, text: text, descriptor: descriptor)
    }

    /// The file's folder, open for as long as the result lives: `alias` is a UTF-8
    /// path in it to write (temporary files are named from it), `renamedTo` the bytes
    /// the finished file is renamed to (nil for a UTF-8 path). For writers that finish
    /// after they are made (band writers).
    public func heldForWriting() throws(VFXError) -> Held {
        guard let bytes else { return Held(alias: text, renamedTo: nil, text: text, descriptor: -1) }
        let slash = bytes.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { $0 == 0 ? [UInt8(ascii: "/")] : Array(bytes[..<$0]) } ?? [UInt8(ascii: ".")]
        let name = slash.map { Array(bytes[($0 + 1)...]) } ?? bytes
        let descriptor = FilePath.open(folder, 0o10000000 /* O_PATH */ | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(text, "cannot write into its folder") }
        let aliasFolder = "/proc/self/fd/\(descriptor)"
        // The temporary file's name only has to be unique and recognizable: UTF-8 will do.
        let alias = "\(aliasFolder)/\(String(decoding: name, as: UTF8.self))"
        let target = (Array(aliasFolder.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
        return Held(alias: alias, renamedTo: target, text: text, descriptor: descriptor)
    }

    /// A path made usable by a descriptor held open (see `heldForReading` and
    /// `heldForWriting`); the descriptor closes with the object.
    public final class Held: @unchecked Sendable {
        /// The UTF-8 path the codecs get.
        public let alias: String
        /// For writing a name that is not UTF-8: the bytes to rename the finished file to.
        public let renamedTo: [CChar]?
        /// The path for messages.
        public let text: String
        private let descriptor: Int32

        init(alias: String, renamedTo: [CChar]?, text: String, descriptor: Int32) {
            self.alias = alias
            self.renamedTo = renamedTo
            self.text = text
            self.descriptor = descriptor
        }

        deinit { if descriptor >= 0 { close(descriptor) } }

        /// Runs `body`, its errors naming the path instead of the alias.
        public func run<T>(_ body: () throws(VFXError) -> T) throws(VFXError) -> T {
            do throws(VFXError) {
                return try body()
            } catch {
                throw retargeted(error)
            }
        }

        /// The error naming the path instead of the alias.
        public func retargeted(_ error: VFXError) -> VFXError {
            alias == text ? error : error.retargeted(from: alias, to: text)
        }
    }

    private static func open(_ bytes: [UInt8], _ flags: Int32) -> Int32 {
        let path = (bytes + [0]).map { CChar(bitPattern: $0) }
        return Glibc.open(path, flags)
    }
}

extension VFXError {
    /// The same error, naming `target` where it named `path` (a temporary file, an alias).
    public func retargeted(from path: String, to target: String) -> VFXError {
        func retarget(_ text: String) -> String { text.replacing(path, with: target) }
        switch self {
        case let .format(at, message): return .format(path: retarget(at), message: retarget(message))
        case let .io(at, message, code): return .io(path: retarget(at), message: retarget(message), code: code)
        case let .invalidArgument(name, message): return .invalidArgument(name: name, message: retarget(message))
        case let .wrongType(name, message): return .wrongType(name: name, message: retarget(message))
        case let .unsupported(message): return .unsupported(retarget(message))
        case let .outOfMemory(message): return .outOfMemory(retarget(message))
        case let .device(message): return .device(retarget(message))
        case .cancelled: return self
        }
    }
}
