import CEXR
import Synchronization
import VFXCore

/// Keeps OpenEXR's global thread pool sized to `Parallel.workerCount`, so chunks are
/// compressed and decompressed on every core vfxpy may use.
enum EXRThreads {
    private static let lock = Mutex<Void>(())

    /// Resizes the pool when it differs from the worker count (which `vfxpy.set_threads`
    /// changes, and so may another user of the same OpenEXR library in the process).
    static func configure() {
        let wanted = Int32(Parallel.workerCount > 1 ? Parallel.workerCount : 0)
        lock.withLock { _ in
            if cexr_thread_count() != wanted { cexr_set_thread_count(wanted) }
        }
    }
}
