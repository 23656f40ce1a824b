import CInterrupt

/// The process-wide request to cancel long operations: set by Ctrl-C while the Python
/// bridge runs library work with the GIL released (see PythonBridge `releasingGIL`), polled by
/// `Parallel.forEachRange` between chunks (remaining chunks are skipped) and by code that
/// must not publish a partial result (atomic file writes).
public enum Cancellation {
    /// True once cancellation was requested.
    @inline(__always)
    public static var isRequested: Bool { vfx_cancel_requested() != 0 }

    /// Throws `VFXError.cancelled` when cancellation was requested.
    @inline(__always)
    public static func check() throws(VFXError) {
        if vfx_cancel_requested() != 0 { throw .cancelled }
    }

    /// Requests cancellation (Ctrl-C does it; hosts and tests may too).
    public static func request() { vfx_cancel_request() }

    /// Clears the request.
    public static func reset() { vfx_cancel_reset() }
}
