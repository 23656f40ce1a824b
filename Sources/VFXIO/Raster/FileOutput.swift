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
        outer: for piece in pieces {
            guard var next = piece.baseAddress else { continue }
            var remaining = piece.count
            while remaining > 0 {
                let written = Glibc.write(descriptor, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = systemError(path, "cannot write")
                    break outer
                }
                next += written
                remaining -= written
            }
        }
        if close(descriptor) != 0, failure == nil { failure = systemError(path, "cannot write") }
        if let failure { throw failure }
    }
}
