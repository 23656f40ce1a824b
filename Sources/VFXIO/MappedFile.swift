import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A file's bytes, mapped read-only into memory, for readers that parse in Swift.
/// Every access is bounds-checked against the real file size, so a truncated file
/// becomes a `FormatError`, never a read past the end.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer

    public init(path: String) throws(VFXError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ImageIO.openError(path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw systemError(path, "cannot stat") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .io(path: path, message: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw systemError(path, "cannot map") }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    public var count: Int { bytes.count }

    /// Throws a `FormatError` unless `offset..<offset+length` lies inside the file.
    public func require(_ offset: Int, _ length: Int, _ what: @autoclosure () -> String) throws(VFXError) {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw .format(path: path, message: "truncated: \(what()) needs bytes \(offset)..<\(offset + length), "
                + "the file has \(count)")
        }
    }

    /// Lets the kernel drop the resident pages of the mapping. They are clean copies of
    /// the page cache, yet count in the process's RSS until unmapped: band readers call
    /// this after each band so that reading a file by bands keeps RSS bounded (the next
    /// access faults the pages back in from the cache).
    public func dropResidentPages() {
        guard let base = bytes.baseAddress, count > 0 else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), count, MADV_DONTNEED)
    }
}
