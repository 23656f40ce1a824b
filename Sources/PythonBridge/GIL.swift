import CPython

/// Runs `body` with the GIL released, so other Python threads run meanwhile. The body
/// must not touch any Python object.
@inline(__always)
public func withoutGIL<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let state = PyEval_SaveThread()
    defer { PyEval_RestoreThread(state) }
    return try body()
}

/// Runs `body` holding the GIL, from any thread (a Swift worker, a deinit).
@inline(__always)
public func withGIL<T>(_ body: () -> T) -> T {
    let state = PyGILState_Ensure()
    defer { PyGILState_Release(state) }
    return body()
}
