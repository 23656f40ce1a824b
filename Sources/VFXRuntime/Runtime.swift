import PythonBridge
import Synchronization

/// The embedded interpreter with vfxpy, for Swift programs that run pipeline scripts and
/// hooks in-process. Start it once per process (CPython cannot be started twice); every
/// method may then be called from any thread (each takes the GIL for its duration).
///
///     let runtime = try Runtime.start()
///     let result = try runtime.callHook(script: "/studio/hooks/publish.py",
///                                       context: ["shot": "sh010", "frame": 1001])
///     try runtime.run(code: "import vfxpy; print(vfxpy.__version__)")
public final class Runtime: Sendable {
    /// How the interpreter starts.
    public struct Configuration: Sendable {
        /// `sys.argv` while no script runs (`run(file:)` sets its own).
        public var arguments: [String]
        /// Runs `init.py` of every `VFXRUN_PATH` folder at start (as the vfxrun command does).
        public var runsStartupScripts: Bool
        /// Python's signal handlers (Ctrl-C raises KeyboardInterrupt in running scripts).
        public var installsSignalHandlers: Bool
        /// The folder holding `vfxpy/`; found beside the executable when nil (see
        /// `StdlibLocator`).
        public var stdlib: String?

        public init(arguments: [String] = [""], runsStartupScripts: Bool = true,
                    installsSignalHandlers: Bool = true, stdlib: String? = nil) {
            self.arguments = arguments
            self.runsStartupScripts = runsStartupScripts
            self.installsSignalHandlers = installsSignalHandlers
            self.stdlib = stdlib
        }
    }

    private static let shared = Mutex<Runtime?>(nil)

    private init() {}

    /// Starts the interpreter, or returns the one already started (its configuration
    /// stays the first one's).
    public static func start(_ configuration: Configuration = Configuration()) throws(RuntimeError) -> Runtime {
        try shared.withLock { (current: inout Runtime?) throws(RuntimeError) -> Runtime in
            if let current { return current }
            try initialize(configuration)
            let runtime = Runtime()
            current = runtime
            return runtime
        }
    }

    private static func initialize(_ configuration: Configuration) throws(RuntimeError) {
        let stdlib: String
        if let given = configuration.stdlib {
            stdlib = given
        } else {
            switch StdlibLocator.locate() {
            case .success(let folder): stdlib = folder
            case .failure(let error): throw RuntimeError(kind: "vfxrun", message: error.description)
            }
        }
        guard !Interpreter.isRunning else {
            throw RuntimeError(kind: "vfxrun", message: "a Python interpreter is already running in this process")
        }
        guard Host.registerModules() else {
            throw RuntimeError(kind: "vfxrun", message: "cannot register the vfxpy module")
        }
        do throws(Interpreter.StartFailure) {
            _ = try Interpreter.start(Interpreter.Options(
                arguments: configuration.arguments, parsesArguments: false,
                installsSignalHandlers: configuration.installsSignalHandlers))
        } catch {
            throw RuntimeError(kind: "vfxrun", message: error.description)
        }
        var failure: RuntimeError?
        do throws(PythonException) {
            try Host.addStdlibToPath(stdlib)
            if let report = try Host.runStartupScripts(enabled: configuration.runsStartupScripts) {
                failure = RuntimeError(kind: "StartupScriptError", message: report, traceback: report)
            }
        } catch {
            failure = RuntimeError.fetch()
        }
        // The GIL goes back to whichever thread calls next; the main thread's state stays.
        Interpreter.releaseStartingThread()
        if let failure { throw failure }
    }

    /// Runs a script file as `__main__` with `sys.argv = [path] + arguments`. A
    /// `SystemExit` with status 0 (or None) is success.
    public func run(file path: String, arguments: [String] = []) throws(RuntimeError) {
        try call("run_path", [.string(path), .array(([path] + arguments).map(JSONValue.string))])
    }

    /// Runs Python source in `__main__`'s namespace.
    public func run(code: String) throws(RuntimeError) {
        try call("run_code", [.string(code)])
    }

    /// Runs a module as `__main__` (like `vfxrun -m name arguments...`).
    public func run(module name: String, arguments: [String] = []) throws(RuntimeError) {
        try call("run_module", [.string(name), .array(([name] + arguments).map(JSONValue.string))])
    }

    /// Evaluates a Python expression in `__main__`'s namespace; the value must be JSON-able.
    public func evaluate(_ expression: String) throws(RuntimeError) -> JSONValue {
        try call("evaluate", [.string(expression)])
    }

    /// Imports the hook script at `path`, calls its `main(context)` and returns what it
    /// returns. A missing `main`, an exception or a result that is not JSON-able is a
    /// `RuntimeError` carrying the Python traceback.
    public func callHook(script path: String, context: [String: JSONValue] = [:]) throws(RuntimeError) -> JSONValue {
        try call("call_hook", [.string(path), .object(context)], module: "_vfxrun_hook")
    }

    /// Calls `module.function(*arguments)` with the GIL held and converts the result.
    @discardableResult
    private func call(_ function: String, _ arguments: [JSONValue],
                      module: String = "_vfxrun_host") throws(RuntimeError) -> JSONValue {
        let outcome: Result<JSONValue, RuntimeError> = withGIL {
            do throws(PythonException) {
                var converted: [PyRef] = []
                for argument in arguments { converted.append(try argument.toPython()) }
                let result = try importModule(module).attribute(function).call(converted)
                return .success(try JSONValue(python: result.pointer))
            } catch {
                if case .alreadySet = error {} else { error.raise() }
                let failure = RuntimeError.fetch()
                if failure.kind == "SystemExit", failure.exitStatus == 0 { return .success(.null) }
                return .failure(failure)
            }
        }
        return try outcome.get()
    }
}
