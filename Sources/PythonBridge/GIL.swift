import CInterrupt
import CPython

/// Runs `body` with the GIL released, so other Python threads run meanwhile. The body
/// must not touch any Python object.
///
/// On the main thread, Ctrl-C during the body requests `Cancellation` (VFXCore: parallel
/// loops stop between chunks) and trips Python's own SIGINT flag, so KeyboardInterrupt is
/// raised as soon as the body returns. Bodies whose result would be wrong when cut short
/// check `Cancellation` before returning and throw `VFXError.cancelled`.
@inline(__always)
public func withoutGIL<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let watching = vfx_sigint_watch_begin() != 0
    let state = PyEval_SaveThread()
    defer {
        PyEval_RestoreThread(state)
        if watching { vfx_sigint_watch_end() }
    }
    return try body()
}

/// Runs `body` holding the GIL, from any thread (a Swift worker, a deinit).
@inline(__always)
public func withGIL<T>(_ body: () -> T) -> T {
    let state = PyGILState_Ensure()
    defer { PyGILState_Release(state) }
    return body()
}
