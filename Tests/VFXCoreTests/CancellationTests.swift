import Dispatch
import Synchronization
import Testing
import VFXCore

@Suite struct CancellationTests {
    /// Chunks `forEachRange` runs for a loop of `count` indices, on the calling thread's task.
    static func chunksRun(_ count: Int, cancelAfter: Int? = nil, token: CancelToken? = nil) -> Int {
        let ran = Atomic<Int>(0)
        Parallel.forEachRange(count, grain: 1) { _ in
            let done = ran.add(1, ordering: .relaxed).newValue
            if let cancelAfter, done == cancelAfter { token?.cancel() }
        }
        return ran.load(ordering: .relaxed)
    }

    @Test func aTokenIsSeenOnlyByTheThreadsWorkingForIt() throws {
        let token = try #require(CancelToken())
        #expect(!token.isCancelled && !Cancellation.isRequested)
        token.cancel()
        #expect(token.isCancelled)
        #expect(!Cancellation.isRequested)  // this thread works for no task
        token.run {
            #expect(Cancellation.isRequested)
            #expect(throws: VFXError.self) { try Cancellation.check() }
        }
        #expect(!Cancellation.isRequested)  // the previous (no) task is back
    }

    @Test func aCancelledTaskSkipsTheRestOfItsLoopOnEveryWorker() throws {
        let count = Parallel.workerCount * 64 * 4
        let token = try #require(CancelToken())
        let ran = token.run { Self.chunksRun(count, cancelAfter: 8, token: token) }
        // every worker stops at its next chunk: at most one more each than were under way
        #expect(ran < 8 + 2 * Parallel.workerCount)
        // a loop of no task (or of another one) at the same time runs to its end
        let other = try #require(CancelToken())
        let full = other.run { Self.chunksRun(count) }
        #expect(full == min(count, Parallel.workerCount * 64))
    }

    @Test func tasksOnOtherThreadsGoOnWhileOneIsCancelled() throws {
        let cancelled = try #require(CancelToken())
        cancelled.cancel()
        let counts = Mutex<[Int]>([])
        let pool = TaskPool(width: 2)
        for _ in 0..<4 {
            pool.submit { counts.withLock { $0.append(Self.chunksRun(1 << 12)) } }
        }
        pool.submit { cancelled.run { counts.withLock { $0.append(Self.chunksRun(1 << 12)) } } }
        pool.waitUntilIdle()
        let all = counts.withLock { $0 }.sorted()
        let full = min(1 << 12, Parallel.workerCount * 64)
        #expect(all == [0, full, full, full, full])
    }
}
