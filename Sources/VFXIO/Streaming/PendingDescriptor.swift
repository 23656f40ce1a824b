import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A band writer's output: a `PendingFile` open for writing. The descriptor closes and the
/// file is renamed into place by `commit`, or dropped by `discard`, once.
final class PendingDescriptor {
    let pending: PendingFile
    /// The open descriptor, or −1 once committed or discarded.
    private(set) var descriptor: Int32

    init(path: String, renamedTo: [CChar]?) throws(VFXError) {
        pending = try PendingFile(path: path, renamedTo: renamedTo)
        descriptor = open(pending.temporary, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = ImageIO.writeError(ImageIO.openError(pending.temporary), temporary: pending.temporary,
                                           target: pending.path)
            pending.discard()
            throw error
        }
    }

    deinit { discard() }

    var isOpen: Bool { descriptor >= 0 }

    /// Closes the descriptor and renames the file into place; on a failed close the file is
    /// dropped.
    func commit() throws(VFXError) {
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            let error = systemError(pending.path, "cannot write")
            discard()
            throw error
        }
        try pending.commit()
    }

    /// Closes the descriptor and drops the file.
    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        pending.discard()
    }
}

extension Streaming {
    /// What a writer's `finish` checks before completing the file: every row came. If
    /// not, the writer is aborted (no file; an existing one untouched) and the error says
    /// how many rows were written.
    static func requireAllRows(_ writer: RegionWriter) throws(VFXError) {
        guard writer.rowsWritten != writer.height else { return }
        let missing = VFXError.invalidArgument(
            name: "writer", message: "only \(writer.rowsWritten) of \(writer.height) rows were written")
        writer.abort()
        throw missing
    }
}
