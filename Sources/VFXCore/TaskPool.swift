import Dispatch
import Synchronization

/// The threads that run the async API's tasks (reads, writes, Processor runs): at most
/// `width` tasks at once, in the order submitted, on Dispatch's threads; none is held
/// while no task waits. Each task spreads its own work over every core
/// (`Parallel.forEachRange`), so a few at once keep the cores and the disk busy.
public final class TaskPool: Sendable {
    /// The pool of the async API.
    public static let shared = TaskPool(width: max(2, min(8, Parallel.coreCount)))

    /// The most tasks that run at once.
    public let width: Int

    private struct State {
        var waiting: [(@Sendable () -> Void)?] = []
        var head = 0
        var runners = 0
    }

    private let state = Mutex(State())
    private let busy = DispatchGroup()

    public init(width: Int) {
        self.width = max(1, width)
    }

    /// Queues `task`; it runs on one of the pool's threads.
    public func submit(_ task: @escaping @Sendable () -> Void) {
        busy.enter()
        let startRunner = state.withLock { state -> Bool in
            state.waiting.append(task)
            guard state.runners < width else { return false }
            state.runners += 1
            return true
        }
        if startRunner {
            DispatchQueue.global(qos: .userInitiated).async { self.run() }
        }
    }

    /// Blocks until every task submitted so far (and any they submit) has ended.
    public func waitUntilIdle() {
        busy.wait()
    }

    /// Runs queued tasks until none is left, then ends this runner.
    private func run() {
        while let task = next() {
            task()
            busy.leave()
        }
    }

    private func next() -> (@Sendable () -> Void)? {
        state.withLock { state -> (@Sendable () -> Void)? in
            guard state.head < state.waiting.count else {
                state.waiting.removeAll(keepingCapacity: true)
                state.head = 0
                state.runners -= 1
                return nil
            }
            let task = state.waiting[state.head]
            state.waiting[state.head] = nil  // what the task holds goes when it ends
            state.head += 1
            if state.head >= 64 && state.head * 2 >= state.waiting.count {
                state.waiting.removeFirst(state.head)
                state.head = 0
            }
            return task
        }
    }
}
