import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes byte ranges to a new file, one after the other, retrying short writes.
enum FileOutput {
    static func write(_ pieces: [UnsafeRawBufferPointer], to path: String) throws(VFXError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw systemError(path, "cannot open for writing") }
        var failure: VFXError?
        do throws(VFXError) {
            for piece in pieces { try write(piece, to: descriptor, path: path) }
        } catch {
            failure = error
        }
        if close(descriptor) != 0, failure == nil { failure = systemError(path, "cannot write") }
        if let failure { throw failure }
    }

    /// Writes all of `bytes` to the open `descriptor` (of the file at `path`, for the error).
    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(VFXError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(VFXError) in try write(raw, to: descriptor, path: path) }
        }
        try result.get()
    }

    /// Writes all of `bytes` to the open `descriptor` (of the file at `path`, for the error).
    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws(VFXError) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw systemError(path, "cannot write")
            }
            next += written
            remaining -= written
        }
    }
}
