import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A file written over many calls (band by band) that appears at its path complete or
/// not at all: the open-ended form of `AtomicFile.write`, with the same temporary names
/// (`StaleTemporaries`), modes, link handling and flushes. `commit` renames the finished
/// temporary into place; `discard` (or dropping the object) removes it and leaves any
/// existing file untouched.
public final class PendingFile: @unchecked Sendable {
    /// The path as asked for (errors name it).
    public let path: String
    /// Where the bytes go until `commit`.
    public let temporary: String
    private let target: String
    private var settled = false

    public init(path requested: String) throws(VFXError) {
        let path = try AtomicFile.linkTarget(requested)
        let folder = AtomicFile.parentFolder(of: path)
        var info = stat()
        guard stat(folder, &info) == 0 else { throw systemError(path, "cannot write into folder \(folder)") }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .io(path: path, message: "cannot write: \(folder) is not a folder")
        }
        var existing = stat()
        if stat(path, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFDIR {
            throw .io(path: path, message: "cannot write: it is a folder")
        }
        StaleTemporaries.sweep(folder: folder)
        let name = path.split(separator: "/").last.map(String.init) ?? "image"
        var template = Array(StaleTemporaries.template(folder: folder, name: name).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw systemError(path, "cannot write") }
        let mode = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : 0o666 & ~AtomicFile.currentUmask()
        fchmod(descriptor, mode)
        close(descriptor)
        self.path = requested
        self.target = path
        self.temporary = String(cString: template)
    }

    deinit { discard() }

    /// Flushes the temporary to disk and renames it onto the path; on any failure (a
    /// cancel included) the temporary is removed and the error thrown.
    public func commit() throws(VFXError) {
        guard !settled else { throw .invalidArgument(name: "file", message: "\(path) is already finished or discarded") }
        settled = true
        do throws(VFXError) {
            try Cancellation.check()
            try PendingFile.sync(temporary, opening: O_RDONLY, reportingAs: path)
            guard rename(temporary, target) == 0 else { throw systemError(path, "cannot replace") }
        } catch {
            unlink(temporary)
            throw error
        }
        // the folder's entry, so that the new name survives a power cut
        try? PendingFile.sync(AtomicFile.parentFolder(of: target), opening: O_RDONLY | O_DIRECTORY, reportingAs: path)
    }

    /// Removes the temporary (nothing happens once committed or discarded).
    public func discard() {
        guard !settled else { return }
        settled = true
        unlink(temporary)
    }

    private static func sync(_ file: String, opening flags: Int32, reportingAs path: String) throws(VFXError) {
        let descriptor = open(file, flags | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(path, "cannot reopen the temporary file") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw systemError(path, "cannot flush to disk")
        }
    }
}
