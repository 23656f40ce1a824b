import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that it appears complete or not at all: the bytes go to a temporary
/// file in the target's folder, which is flushed to disk and renamed over the target
/// only when the writer succeeded. On failure the temporary file is removed and any
/// existing file at the target is left exactly as it was.
public enum AtomicFile {
    /// Calls `write` with the temporary path to fill, then renames it onto `path`.
    /// A symbolic link at `path` is written through: its target is replaced, atomically in
    /// the target's folder, and the link stays. Temporaries that killed writers left in the
    /// folder are removed first (see `StaleTemporaries`).
    ///
    /// `renamedTo`, when given, is the file system's path the finished file gets (a name
    /// that is not UTF-8, see `FilePath`); `requested` is then its UTF-8 stand-in in the
    /// same folder.
    public static func write(to requested: String, renamedTo: [CChar]? = nil,
                             _ write: (String) throws(VFXError) -> Void) throws(VFXError) {
        let path = renamedTo == nil ? try linkTarget(requested) : requested
        let target = renamedTo ?? Array(path.utf8CString)
        let folder = parentFolder(of: path)
        var info = stat()
        guard stat(folder, &info) == 0 else {
            throw systemError(path, "cannot write into folder \(folder)")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .io(path: path, message: "cannot write: \(folder) is not a folder")
        }
        var existing = stat()
        if stat(target, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFDIR {
            throw .io(path: path, message: "cannot write: it is a folder")
        }
        StaleTemporaries.sweep(folder: folder)
        let name = path.split(separator: "/").last.map(String.init) ?? "image"
        var template = Array(StaleTemporaries.template(folder: folder, name: name).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw systemError(path, "cannot write") }
        let temporary = String(cString: template)
        // mkstemp makes the file 0600; give it the mode a plain create would (0666 & ~umask),
        // or the existing file's mode when replacing one.
        let mode = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o666 & ~currentUmask()
        fchmod(descriptor, mode)
        close(descriptor)
        do throws(VFXError) {
            try write(temporary)
            // An encoder cut short by Ctrl-C (see Cancellation) has written a partial file.
            try Cancellation.check()
            try syncFile(temporary, reportingAs: path)
            guard rename(temporary, target) == 0 else {
                throw systemError(path, "cannot replace")
            }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncFolder(folder, reportingAs: path)
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

    /// Flushes the folder's entry for the renamed file, so that the new name survives a
    /// power cut. File systems that cannot sync a folder (EINVAL) are left as they are.
    private static func syncFolder(_ folder: String, reportingAs path: String) throws(VFXError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw systemError(path, "cannot flush the folder to disk")
        }
    }

    private static func syncFile(_ temporary: String, reportingAs path: String) throws(VFXError) {
        let descriptor = open(temporary, O_RDONLY)
        guard descriptor >= 0 else { throw systemError(path, "cannot reopen the temporary file") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw systemError(path, "cannot flush to disk") }
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
