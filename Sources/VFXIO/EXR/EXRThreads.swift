import CEXR
import Synchronization
import VFXCore

/// Keeps OpenEXR's global thread pool sized to `Parallel.workerCount`, so chunks are
/// compressed and decompressed on every core vfxpy may use.
enum EXRThreads {
    private static let current = Mutex<Int>(-1)

    /// Resizes the pool when the worker count changed since the last call.
    static func configure() {
        let wanted = Parallel.workerCount > 1 ? Parallel.workerCount : 0
        current.withLock { count in
            guard count != wanted else { return }
            cexr_set_thread_count(Int32(wanted))
            count = wanted
        }
    }
}
