import CInterrupt

/// The request to cancel long operations: process-wide (set by Ctrl-C while the Python
/// bridge runs library work with the GIL released, see PythonBridge `releasingGIL`) or
/// per task (a `CancelToken` the thread works for: an async read, write or run). Polled
/// by `Parallel.forEachRange` between chunks (remaining chunks are skipped; its workers
/// work for the caller's token) and by code that must not publish a partial result
/// (atomic file writes).
public enum Cancellation {
    /// True once cancellation was requested, process-wide or for this thread's task.
    @inline(__always)
    public static var isRequested: Bool { vfx_cancel_requested() != 0 }

    /// Throws `VFXError.cancelled` when cancellation was requested.
    @inline(__always)
    public static func check() throws(VFXError) {
        if vfx_cancel_requested() != 0 { throw .cancelled }
    }

    /// Requests cancellation of everything (Ctrl-C does it; hosts and tests may too).
    public static func request() { vfx_cancel_request() }

    /// Clears the process-wide request.
    public static func reset() { vfx_cancel_reset() }

    /// The token of the task this thread works for (nil: none), to hand to helper threads.
    @inline(__always)
    public static var currentTask: TaskToken { TaskToken(raw: vfx_cancel_token_current()) }

    /// Runs `body` on this thread working for `task`'s token, then puts the previous one back.
    @inline(__always)
    public static func working<T, E: Error>(for task: TaskToken, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = vfx_cancel_token_adopt(task.raw)
        defer { vfx_cancel_token_adopt(previous) }
        return try body()
    }

    /// A task's token as threads pass it on: valid while the task's `CancelToken` lives.
    public struct TaskToken: @unchecked Sendable {
        let raw: OpaquePointer?
    }
}

/// The cancel flag of one task: `Cancellation.isRequested` is true on the threads working
/// for it (`run`) once `cancel()` was called, and on no other.
public final class CancelToken: @unchecked Sendable {
    private let raw: OpaquePointer

    /// A token not cancelled; nil when out of memory.
    public init?() {
        guard let raw = vfx_cancel_token_create() else { return nil }
        self.raw = raw
    }

    deinit { vfx_cancel_token_destroy(raw) }

    /// Cancels the task (from any thread): its work stops at its next check.
    public func cancel() { vfx_cancel_token_cancel(raw) }

    /// True once `cancel()` was called.
    public var isCancelled: Bool { vfx_cancel_token_is_cancelled(raw) != 0 }

    /// Runs `body` on this thread working for this token.
    public func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in
            try Cancellation.working(for: Cancellation.TaskToken(raw: raw), body)
        }
    }
}
