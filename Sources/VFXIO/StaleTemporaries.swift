import Synchronization
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The temporary files of atomic writes, named `.<name>.tmp-<host>-<pid>-XXXXXX` so that
/// one whose writer is gone (killed by `kill -9`, the OOM killer, a preempted farm node)
/// can be told from one being written right now, and removed.
///
/// The first read or write in a folder, once per process, removes the temporaries there
/// that this host's dead processes left. A file of another host (a shared NFS folder) or
/// of a live process (or a reused pid) is never touched.
enum StaleTemporaries {
    /// The marker between the target's name and the writer's identity.
    static let marker = ".tmp-"

    /// This host's name as it goes into temporary names: letters, digits, '.' and '_'
    /// ('-' separates the fields).
    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let name = gethostname(&buffer, buffer.count) == 0
            ? String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "host"
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" }
        return safe.isEmpty ? "host" : String(safe.prefix(64))
    }()

    /// The `mkstemp` template for a temporary beside `name` in `folder`.
    static func template(folder: String, name: String) -> String {
        "\(folder)/.\(name)\(marker)\(host)-\(getpid())-XXXXXX"
    }

    /// The writer's host and pid from a temporary's file name, or nil for any other file.
    static func writer(of fileName: String) -> (host: Substring, pid: pid_t)? {
        guard fileName.hasPrefix("."), let range = fileName.ranges(of: marker).last else { return nil }
        let fields = fileName[range.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        // host-pid-XXXXXX, where the host has no '-'
        guard fields.count == 3, fields[2].count == 6, !fields[0].isEmpty,
              let pid = pid_t(fields[1]), pid > 0 else { return nil }
        return (fields[0], pid)
    }

    /// The folders swept, by device and inode (one folder has many spellings).
    private static let swept = Mutex<Set<[UInt64]>>([])

    /// Where `d_name` starts in a `dirent` record.
    private static let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!  // a stored field: never nil

    /// Removes the stale temporaries in `folder`, the first time this process asks.
    static func sweep(folder: String) {
        var info = stat()
        guard stat(folder, &info) == 0 else { return }
        let first = swept.withLock { $0.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted }
        guard first, let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        let me = getpid()
        while let entry = readdir(directory) {
            // The name is read where it lies: copying `d_name` (a 256-byte tuple) reads past a
            // short last record of readdir's buffer (AddressSanitizer found it while fuzzing).
            let stored = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            let bytes = Array(UnsafeRawBufferPointer(start: stored, count: strlen(stored)))
            // The identity at the end is ASCII even when the target's name is not UTF-8.
            let name = String(decoding: bytes, as: UTF8.self)
            guard let writer = writer(of: name), writer.host == host, writer.pid != me,
                  !isAlive(writer.pid) else { continue }
            let path = (Array(folder.utf8) + [UInt8(ascii: "/")] + bytes + [0]).map { CChar(bitPattern: $0) }
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(path)
        }
    }

    /// Whether a process `pid` exists (one of another user's counts: EPERM).
    private static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
