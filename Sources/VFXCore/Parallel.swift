import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Data-parallel loops over index ranges, spread over every core.
public enum Parallel {
    /// The number of cores online, at least 1.
    public static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    private static let workerLimit = Atomic<Int>(0)

    /// How many cores heavy loops use: all of them unless limited with `setWorkerCount`
    /// (farm nodes shared between jobs, or tests).
    public static var workerCount: Int {
        let limit = workerLimit.load(ordering: .relaxed)
        return limit > 0 ? min(limit, coreCount) : coreCount
    }

    /// Limits heavy loops to `count` cores; 0 means all cores.
    public static func setWorkerCount(_ count: Int) {
        workerLimit.store(max(0, count), ordering: .relaxed)
    }

    /// Chunks per worker thread: enough for load balance and for a cancel request
    /// (Ctrl-C) to be seen within a small fraction of a long loop's time.
    static let chunksPerWorker = 64

    /// Splits `0..<count` into contiguous ranges of at least `grain` indices and runs
    /// `body` on them concurrently. Small jobs run inline on the calling thread. When
    /// `Cancellation` is requested, chunks not yet started are skipped: the loop returns
    /// early and the caller's result is partial (callers that publish results check
    /// `Cancellation` afterwards). The workers work for the caller's task (its cancel token).
    public static func forEachRange(
        _ count: Int, grain: Int = 1 << 16, _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let maxChunks = max(1, count / max(1, grain))
        let workers = workerCount
        let chunks = min(maxChunks, workers * chunksPerWorker)
        if chunks == 1 {
            body(0..<count)
            return
        }
        let step = (count + chunks - 1) / chunks
        if workers == 1 {
            for chunk in 0..<chunks where !Cancellation.isRequested {
                let start = chunk * step
                let end = min(count, start + step)
                if start < end { body(start..<end) }
            }
            return
        }
        // One task per worker, each taking the next chunk: the pool stays at `workers`
        // threads even when concurrentPerform would use more.
        let next = Atomic<Int>(0)
        let task = Cancellation.currentTask
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            Cancellation.working(for: task) {
                while !Cancellation.isRequested {
                    let chunk = next.add(1, ordering: .relaxed).oldValue
                    guard chunk < chunks else { return }
                    let start = chunk * step
                    let end = min(count, start + step)
                    if start < end { body(start..<end) }
                }
            }
        }
    }
}
