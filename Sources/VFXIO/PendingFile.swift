import Dispatch
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A file that appears at its path complete or not at all, however many calls write it
/// (a whole image at once through `AtomicFile.write`, or band by band when streaming).
/// The bytes go to a temporary in the target's folder, named for `StaleTemporaries`, with
/// the mode a plain create would give (or the replaced file's); `commit` flushes it to
/// disk, renames it into place and flushes the folder; `discard` (or dropping the object)
/// removes it and leaves any existing file exactly as it was.
public final class PendingFile: @unchecked Sendable {
    /// The path as asked for (errors name it).
    public let path: String
    /// Where the bytes go until `commit`.
    public let temporary: String
    /// What the temporary is renamed to: the path, the target of a symbolic link there,
    /// or the file system's bytes of a name that is not UTF-8 (see `FilePath`).
    private let target: [CChar]
    private let folder: String
    private var settled = false

    /// `renamedTo`, when given, is the file system's path the finished file gets (a name
    /// that is not UTF-8); `requested` is then its UTF-8 stand-in in the same folder. A
    /// symbolic link at `requested` is written through: its target is replaced, atomically
    /// in the target's folder, and the link stays.
    public init(path requested: String, renamedTo: [CChar]? = nil) throws(VFXError) {
        let path = renamedTo == nil ? try AtomicFile.linkTarget(requested) : requested
        let target = renamedTo ?? Array(path.utf8CString)
        let folder = AtomicFile.parentFolder(of: path)
        var info = stat()
        guard stat(folder, &info) == 0 else { throw systemError(path, "cannot write into folder \(folder)") }
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
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw systemError(path, "cannot write") }
        // mkstemp makes the file 0600; give it the mode a plain create would (0666 & ~umask),
        // or the existing file's mode when replacing one.
        let mode = stat(target, &existing) == 0 ? existing.st_mode & 0o7777 : 0o666 & ~AtomicFile.currentUmask()
        fchmod(descriptor, mode)
        close(descriptor)
        self.path = requested
        self.target = target
        self.folder = folder
        self.temporary = String(cString: template)
    }

    deinit { discard() }

    /// Flushes the temporary to disk and renames it onto the path; on any failure (a
    /// cancel included) the temporary is removed and the error thrown. Then flushes the
    /// folder's entry, so that the new name survives a power cut (file systems that
    /// cannot sync a folder are left as they are).
    public func commit() throws(VFXError) {
        guard !settled else { throw .invalidArgument(name: "file", message: "\(path) is already finished or discarded") }
        settled = true
        var replaced: Int32 = -1
        defer { PendingFile.release(replaced) }
        do throws(VFXError) {
            // An encoder cut short by Ctrl-C (see Cancellation) has written a partial file.
            try Cancellation.check()
            try PendingFile.sync(temporary, opening: O_RDONLY, reportingAs: path)
            replaced = PendingFile.hold(target)
            guard rename(temporary, target) == 0 else { throw systemError(path, "cannot replace") }
        } catch {
            unlink(temporary)
            throw error
        }
        try PendingFile.sync(folder, opening: O_RDONLY | O_DIRECTORY, reportingAs: path)
    }

    /// The smallest replaced file whose release goes to the background.
    private static let backgroundReleaseBytes = 1 << 20

    /// A reference (an `O_PATH` descriptor: no read access needed, no open side effects)
    /// to the large file that `target` names now, or -1. A rename over a file frees the
    /// replaced file's blocks inside the rename, tens of milliseconds for a frame on ext4;
    /// held here, they are freed when `release` drops the reference, off the caller's path.
    private static func hold(_ target: [CChar]) -> Int32 {
        let descriptor = open(target, openPathOnly | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return -1 }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_nlink == 1,
              info.st_size >= backgroundReleaseBytes else {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    /// Drops a reference from `hold` on a background thread (the last one frees the
    /// replaced file's blocks); nothing for -1.
    private static func release(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        DispatchQueue.global(qos: .utility).async { close(descriptor) }
    }

    /// Linux's O_PATH (Glibc exports it to C only with _GNU_SOURCE).
    private static let openPathOnly: Int32 = 0o10000000

    /// Removes the temporary (nothing happens once committed or discarded).
    public func discard() {
        guard !settled else { return }
        settled = true
        unlink(temporary)
    }

    private static func sync(_ file: String, opening flags: Int32, reportingAs path: String) throws(VFXError) {
        let descriptor = open(file, flags | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemError(path, "cannot reopen \(file) to flush it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS else {
            throw systemError(path, "cannot flush to disk")
        }
    }
}
