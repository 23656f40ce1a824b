import PythonBridge
import Synchronization
import VFXCore

/// One async call (a read, a write, a Processor run): its work runs on `TaskPool.shared`
/// with no Python thread and no GIL, for its own cancel token; then its result or error
/// goes to its `vfxpy.Future` with the GIL taken (`Future._vfx_complete`, which runs the
/// done callbacks: asyncio's `call_soon_threadsafe`).
final class AsyncTask: @unchecked Sendable {
    /// What the work hands back: the result to make with the GIL held.
    typealias Finish = () throws(PythonException) -> PyRef
    typealias Work = @Sendable () throws(VFXError) -> Finish

    private enum Stage: Int {
        case queued, running, ended, dropped
    }

    private let stage = Atomic<Int>(Stage.queued.rawValue)
    let token: CancelToken
    // Touched only with the GIL held, by whoever moved `stage` out of `queued`.
    private var future: PyRef?
    private var keep: [PyRef]
    private var work: Work?

    init(future: PyRef, keep: [PyRef], token: CancelToken, work: @escaping Work) {
        self.future = future
        self.keep = keep
        self.token = token
        self.work = work
    }

    /// True while the work runs.
    var isRunning: Bool { stage.load(ordering: .acquiring) == Stage.running.rawValue }

    /// Cancels the task (GIL held): its token is set, so work under way stops at its next
    /// check (chunk, band or row). Returns true when the work had not started: it never
    /// will, and nothing is handed to the future (the caller cancels it).
    func cancel() -> Bool {
        token.cancel()
        guard stage.compareExchange(expected: Stage.queued.rawValue, desired: Stage.dropped.rawValue,
                                    ordering: .acquiringAndReleasing).exchanged else { return false }
        AsyncTasks.remove(self)
        work = nil
        future = nil
        keep = []
        return true
    }

    /// Runs on a pool thread: the work without the GIL, then the hand-over with it.
    func run() {
        guard stage.compareExchange(expected: Stage.queued.rawValue, desired: Stage.running.rawValue,
                                    ordering: .acquiringAndReleasing).exchanged else { return }
        var outcome: Result<Finish, VFXError>?
        if let work, !token.isCancelled {  // (`work` may hold Python objects: no copy outlives this scope)
            outcome = token.run { () -> Result<Finish, VFXError> in
                do throws(VFXError) { return .success(try work()) } catch { return .failure(error) }
            }
        }
        // Ctrl-C stopping a synchronous call of another thread may cut this work short too
        let interrupted = Cancellation.isRequested
        withGIL {
            self.work = nil
            stage.store(Stage.ended.rawValue, ordering: .releasing)
            AsyncTasks.remove(self)
            hand(outcome: token.isCancelled ? nil : outcome, interrupted: interrupted)
            // what holds Python objects goes while the GIL is held
            outcome = nil
            future = nil
            keep = []
        }
    }

    /// Gives the future its result, or the exception a synchronous call would raise
    /// (`CancelledError` when cancelled), through `future._vfx_complete(result, error)`.
    private func hand(outcome: Result<Finish, VFXError>?, interrupted: Bool) {
        guard let future else { return }
        var result = PyRef.none
        var raised: PyRef?
        switch outcome {
        case .none:
            raised = cancelledError()
        case .success(let finish):
            if interrupted {
                raised = PythonException.keyboardInterrupt.instance()
            } else {
                do throws(PythonException) { result = try finish() } catch { raised = error.instance() }
            }
        case .failure(let failure):
            raised = (interrupted ? PythonException.keyboardInterrupt : PythonException(mapping: failure)).instance()
        }
        do throws(PythonException) {
            _ = try future.attribute("_vfx_complete").call([result, raised ?? .none])
        } catch {
            error.raise()
            reportUnraisable(future)
        }
    }

    /// A new `concurrent.futures.CancelledError`.
    private func cancelledError() -> PyRef? {
        do throws(PythonException) {
            return try importModule("concurrent.futures").attribute("CancelledError").call()
        } catch {
            return error.instance()
        }
    }
}

/// The tasks submitted and not ended, and whether new ones are taken: at interpreter exit
/// `_async_drain` cancels them all and waits for them, so that no pool thread calls into
/// a finalized interpreter.
enum AsyncTasks {
    private struct State {
        var live: [ObjectIdentifier: AsyncTask] = [:]
        var closed = false
    }

    private static let state = Mutex(State())

    /// Queues `task` on the pool; false once the interpreter is exiting.
    static func submit(_ task: AsyncTask) -> Bool {
        let taken = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.live[ObjectIdentifier(task)] = task
            return true
        }
        if taken { TaskPool.shared.submit { task.run() } }
        return taken
    }

    static func remove(_ task: AsyncTask) {
        _ = state.withLock { $0.live.removeValue(forKey: ObjectIdentifier(task)) }
    }

    /// Takes no new task and cancels the live ones; returns how many were live.
    static func close() -> Int {
        let live = state.withLock { state -> [AsyncTask] in
            state.closed = true
            return Array(state.live.values)
        }
        for task in live { task.token.cancel() }
        return live.count
    }

    /// Takes tasks again (after a drain, for a host that goes on).
    static func reopen() {
        state.withLock { $0.closed = false }
    }
}

/// `_vfxpy._read_async`, `_write_async`, `_apply_async`, `_async_drain` and the
/// `_vfxpy.AsyncTask` they return: the native side of `stdlib/vfxpy/_async.py`.
enum AsyncBinding {
    nonisolated(unsafe) static var taskType: PythonType?

    static func build(into module: PyRef) throws(PythonException) {
        var builder = TypeBuilder(qualifiedName: "vfxpy._AsyncTask", doc: """
            A read, write or Processor run on vfxpy's native pool (returned by the
            _vfxpy._*_async functions; vfxpy.Future holds it).
            """)
        builder.methods = [
            Method.noArguments("cancel", doc: """
                cancel() -> bool

                Sets the task's cancel flag: work under way stops at its next chunk, band or
                row (a write leaves no file) and its future gets CancelledError. True when
                the work had not started: it never will, and the future is not completed
                (cancel it).
                """, { object, _ in
                    bridged { try AsyncBinding.task(object).cancel().toPython().release() }
                }),
        ]
        builder.properties = [
            property("running", doc: "True while the work runs.", get: { object, _ in
                bridged { try AsyncBinding.task(object).isRunning.toPython().release() }
            }),
        ]
        let type = try builder.build()
        taskType = type
        try addToModule(module, "AsyncTask", type: type)
    }

    static func task(_ object: PyPointer?) throws(PythonException) -> AsyncTask {
        guard let taskType, let task = BridgedObject.object(object, of: taskType, as: AsyncTask.self) else {
            throw .typeError("expected a vfxpy._AsyncTask")
        }
        return task
    }

    static var functions: [MethodDefinition] { [
        Method.keywords("_read_async", doc: """
            _read_async(future, path, file_format=None, pixel_format=None, layer=None, subimage=0) -> AsyncTask

            read_file on the native pool; the image (or the error read_file would raise)
            goes to future._vfx_complete(result, error). Use vfxpy.read_async instead.
            """, { _, args, kwargs in
                bridged {
                    let a = try Arguments(function: "read_async()", args: args, kwargs: kwargs,
                                          names: ["future"] + IOBinding.readNames, required: 2)
                    let read = try IOBinding.readCall(a)
                    return try AsyncBinding.start(future: a, keep: []) { () throws(VFXError) -> AsyncTask.Finish in
                        let decoded = try read()
                        return { () throws(PythonException) in try IOBinding.wrap(decoded) }
                    }.release()
                }
            }),
        Method.keywords("_write_async", doc: """
            _write_async(future, path, images, file_format=None, options=None) -> AsyncTask

            write_file on the native pool; None (or the error write_file would raise) goes
            to future._vfx_complete(result, error). Use vfxpy.write_async instead.
            """, { _, args, kwargs in
                bridged {
                    let a = try Arguments(function: "write_async()", args: args, kwargs: kwargs,
                                          names: ["future"] + IOBinding.writeNames, required: 3)
                    let write = try IOBinding.writeCall(a)
                    // the images' Python objects live until the write ends
                    let keep = a["images"].map { [PyRef(borrowed: $0)] } ?? []
                    return try AsyncBinding.start(future: a, keep: keep) { () throws(VFXError) -> AsyncTask.Finish in
                        try write()
                        return { PyRef.none }
                    }.release()
                }
            }),
        Method.keywords("_apply_async", doc: """
            _apply_async(future, pipeline, img, device=-1, auto=False) -> AsyncTask

            Pipeline.apply (or _gpu_apply_auto with auto) on the native pool; img (or the
            error apply would raise) goes to future._vfx_complete(result, error). Use
            ProcessorChain.run_async instead.
            """, { _, args, kwargs in
                bridged {
                    let a = try Arguments(function: "_apply_async()", args: args, kwargs: kwargs,
                                          names: ["future", "pipeline", "img", "device", "auto"], required: 3)
                    let pipeline = try PipelineBinding.box(a["pipeline"]).pipeline
                    guard let imageObject = a["img"] else {
                        throw PythonException.typeError("img must be a vfxpy.Image, not None")
                    }
                    let auto = try a.bool("auto", default: false)
                    let run = try PipelineBinding.runCall(pipeline, on: imageObject, device: try a.int("device", default: -1),
                                                          auto: auto)
                    let image = PyRef(borrowed: imageObject)
                    return try AsyncBinding.start(future: a, keep: [image]) {
                        () throws(VFXError) -> AsyncTask.Finish in
                        try run()
                        return { PyRef(borrowed: image.pointer) }
                    }.release()
                }
            }),
        Method.noArguments("_async_drain", doc: """
            _async_drain() -> int

            At interpreter exit (vfxpy._async registers it with atexit): takes no new
            async task, cancels those submitted and waits, with the GIL released, until
            each has ended and handed its future CancelledError (or its result, if it
            ended first). Returns how many were live. Later submits raise RuntimeError
            until _async_reopen().
            """, { _, _ in
                bridged {
                    let live = AsyncTasks.close()
                    try releasingGIL { () throws(Never) in TaskPool.shared.waitUntilIdle() }
                    return try live.toPython().release()
                }
            }),
        Method.noArguments("_async_reopen", doc: """
            _async_reopen() -> None

            Takes async tasks again after _async_drain (for tests and hosts that go on).
            """, { _, _ in
                bridged {
                    AsyncTasks.reopen()
                    return newNone()
                }
            }),
    ] }

    /// Makes the task for `work`, queues it and returns its Python object.
    static func start(future arguments: Arguments, keep: [PyRef],
                      _ work: @escaping AsyncTask.Work) throws(PythonException) -> PyRef {
        guard let futureObject = arguments["future"] else { throw .typeError("future must not be None") }
        let future = PyRef(borrowed: futureObject)
        guard let taskType else { throw .runtimeError("vfxpy._AsyncTask is not initialized") }
        guard let token = CancelToken() else { throw .memoryError("no memory for a cancel token") }
        let task = AsyncTask(future: future, keep: keep, token: token, work: work)
        let object = try BridgedObject.make(taskType, holding: task, attached: nil)
        guard AsyncTasks.submit(task) else {
            _ = task.cancel()
            throw .runtimeError("vfxpy's async tasks are closed: the interpreter is exiting")
        }
        return object
    }
}
