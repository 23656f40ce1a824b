import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Data-parallel loops over index ranges, spread over every core.
public enum Parallel {
    /// The number of cores online, at least 1.
    public static let coreCount: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Splits `0..<count` into contiguous ranges of at least `grain` indices and runs
    /// `body` on them concurrently. Small jobs run inline on the calling thread.
    public static func forEachRange(
        _ count: Int, grain: Int = 1 << 16, _ body: @Sendable (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let maxChunks = max(1, count / max(1, grain))
        let chunks = min(maxChunks, coreCount * 4)
        if chunks == 1 || coreCount == 1 {
            body(0..<count)
            return
        }
        let step = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * step
            let end = min(count, start + step)
            if start < end { body(start..<end) }
        }
    }
}
