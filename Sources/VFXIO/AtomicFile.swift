import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it appears complete or not at all: the bytes go to a temporary
/// file in the target's folder, which is flushed to disk and renamed over the target
/// only when the writer succeeded. On failure the temporary file is removed and any
/// existing file at the target is left exactly as it was.
public enum AtomicFile {
    /// Calls `write` with the temporary path to fill, then renames it onto `path` (see
    /// `PendingFile` for the temporary, links, modes and flushes; `renamedTo` is the file
    /// system's path of a name that is not UTF-8).
    public static func write(to requested: String, renamedTo: [CChar]? = nil,
                             _ write: (String) throws(VFXError) -> Void) throws(VFXError) {
        let file = try PendingFile(path: requested, renamedTo: renamedTo)
        do throws(VFXError) {
            try write(file.temporary)
        } catch {
            file.discard()
            throw error
        }
        try file.commit()
    }

    /// Where a write to `path` goes: `path` itself, or the file a symbolic link there
    /// points to (through chains of links; a dangling link's target is created).
    static func linkTarget(_ path: String) throws(VFXError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { throw systemError(path, "cannot read the symbolic link") }
            let target = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : "\(parentFolder(of: current))/\(target)"
        }
        throw systemError(path, "cannot write through the symbolic link", ELOOP)
    }

    /// The process umask, read without changing it (umask() would race other threads).
    static func currentUmask() -> mode_t {
        guard let file = fopen("/proc/self/status", "r") else { return 0o022 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            if text.hasPrefix("Umask:") {
                let digits = String(text.dropFirst(6).filter { $0.isHexDigit })
                return mode_t(digits, radix: 8) ?? 0o022
            }
        }
        return 0o022
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }
}

/// An `io` error for a failed system call: "<action>: <strerror>", with errno kept.
public func systemError(_ path: String, _ action: String, _ code: Int32 = errno) -> VFXError {
    .io(path: path, message: "\(action): \(errnoText(code))", code: code)
}

/// The text of the current `errno`, e.g. "No such file or directory".
public func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
