import CInterrupt
import CPython

/// Runs library work with the GIL released, so other Python threads run meanwhile: the
/// one way bindings call Swift code that may take time, wait, or fail. The body must not
/// touch any Python object.
///
/// - Ctrl-C: on the main thread, Ctrl-C during the body requests cancellation (VFXCore's
///   `Cancellation`: parallel loops stop between chunks) and trips Python's own SIGINT
///   flag. Work that was cut short raises `KeyboardInterrupt` instead of returning its
///   partial result or the error the cut caused (a codec missing its pieces, say).
/// - Errors: what the body throws becomes the Python exception it stands for
///   (`PythonException(mapping:)`).
@inlinable @inline(__always)
public func releasingGIL<T, E: Error>(_ body: () throws(E) -> T) throws(PythonException) -> T {
    let outcome: Result<T, E>? = withoutGIL {
        let outcome: Result<T, E>
        do throws(E) {
            outcome = .success(try body())
        } catch {
            outcome = .failure(error)
        }
        // Read before the SIGINT watch ends: ending it clears the request.
        return vfx_cancel_requested() != 0 ? nil : outcome
    }
    switch outcome {
    case .none: throw .keyboardInterrupt
    case .success(let value): return value
    case .failure(let error): throw PythonException(mapping: error)
    }
}

/// Releases the GIL around `body` and watches for Ctrl-C on the main thread (see
/// `releasingGIL`, the public form).
@inlinable @inline(__always)
func withoutGIL<T>(_ body: () -> T) -> T {
    let watching = vfx_sigint_watch_begin() != 0
    let state = PyEval_SaveThread()
    defer {
        PyEval_RestoreThread(state)
        if watching { vfx_sigint_watch_end() }
    }
    return body()
}

/// Runs `body` holding the GIL, from any thread (a Swift worker, a deinit).
@inline(__always)
public func withGIL<T>(_ body: () -> T) -> T {
    let state = PyGILState_Ensure()
    defer { PyGILState_Release(state) }
    return body()
}
