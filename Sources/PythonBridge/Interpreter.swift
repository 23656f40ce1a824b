import CPython
#if canImport(Glibc)
import Glibc
#endif

/// Registers a built-in module before the interpreter starts (`PyImport_AppendInittab`).
public func registerBuiltinModule(_ name: String,
                                  _ initialize: @escaping @convention(c) () -> PyPointer?) -> Bool {
    PyImport_AppendInittab(permanentCString(name), initialize) == 0
}

/// The life cycle of the embedded interpreter: configure, start, run `__main__` as the
/// `python3` command does, finish. Used by the vfxrun command and by `VFXRuntime`.
public enum Interpreter {
    /// How the interpreter is configured (CPython's `PyConfig`, from the Python config:
    /// environment variables are read, as `python3` reads them).
    public struct Options: Sendable {
        /// The C argv: `sys.argv`, or the whole command line when `parsesArguments`.
        public var arguments: [String]
        /// Reads the `python3` options (`-c`, `-m`, `-X`, ...) from `arguments`.
        public var parsesArguments: Bool
        /// Leaves out Python's own start-up banner at the interactive prompt.
        public var isQuiet: Bool
        /// Python's signal handlers (Ctrl-C raises KeyboardInterrupt).
        public var installsSignalHandlers: Bool

        public init(arguments: [String], parsesArguments: Bool, isQuiet: Bool = false,
                    installsSignalHandlers: Bool = true) {
            self.arguments = arguments
            self.parsesArguments = parsesArguments
            self.isQuiet = isQuiet
            self.installsSignalHandlers = installsSignalHandlers
        }
    }

    /// What the configuration asks `runMain` to do, as read before the start.
    public struct Plan: Sendable {
        /// `-c`, `-m` or a script file was given.
        public let runsCode: Bool
        /// `-i` (or `PYTHONINSPECT`) was given.
        public let isInteractive: Bool
    }

    /// A configuration or start-up that failed: bad command-line options (an exit
    /// status, after CPython printed the usage) or an error.
    public struct StartFailure: Error, @unchecked Sendable, CustomStringConvertible {
        // func and err_msg point at string constants of CPython.
        private let status: PyStatus

        init(_ status: PyStatus) { self.status = status }

        public var description: String {
            status.err_msg.map { String(cString: $0) } ?? "cannot start Python"
        }

        /// Ends the process as `python3` does for this failure: the exit status, or a
        /// "Fatal Python error" line on stderr and status 1.
        public func exitProcess() -> Never {
            Py_ExitStatusException(status)
        }
    }

    /// True once the interpreter runs in this process.
    public static var isRunning: Bool { Py_IsInitialized() != 0 }

    /// Configures and starts the interpreter; the calling thread then holds the GIL.
    public static func start(_ options: Options) throws(StartFailure) -> Plan {
        let config = UnsafeMutablePointer<PyConfig>.allocate(capacity: 1)
        defer { config.deallocate() }
        PyConfig_InitPythonConfig(config)
        defer { PyConfig_Clear(config) }
        config.pointee.parse_argv = options.parsesArguments ? 1 : 0
        if options.isQuiet { config.pointee.quiet = 1 }
        config.pointee.install_signal_handlers = options.installsSignalHandlers ? 1 : 0
        var argv = (options.arguments.isEmpty ? [""] : options.arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        try check(PyConfig_SetBytesArgv(config, argv.count, &argv))
        // The prefix libpython was built for, given rather than found: CPython's getpath
        // otherwise looks for lib/python3.11/os.py, lib-dynload and python311.zip in every
        // folder above the executable before it falls back to that same prefix (some 20
        // failed stats from a build tree, 0.7M of the 52M instructions of `vfxrun -c pass`).
        // PYTHONHOME still wins, and a venv's pyvenv.cfg is still read.
        try check(PyConfig_SetBytesString(config, &config.pointee.prefix, vfx_python_prefix()))
        try check(PyConfig_SetBytesString(config, &config.pointee.exec_prefix, vfx_python_prefix()))
        try check(PyConfig_Read(config))
        let plan = Plan(runsCode: config.pointee.run_command != nil || config.pointee.run_module != nil
                            || config.pointee.run_filename != nil,
                        isInteractive: config.pointee.interactive != 0)
        try check(Py_InitializeFromConfig(config))
        return plan
    }

    private static func check(_ status: PyStatus) throws(StartFailure) {
        if PyStatus_Exception(status) != 0 { throw StartFailure(status) }
    }

    /// Gives up the GIL the starting thread holds, so that any thread may take it
    /// (`withGIL`); the thread state stays.
    public static func releaseStartingThread() {
        _ = PyEval_SaveThread()
    }

    /// Runs what the configuration asks (a script, `-c`, `-m`, the prompt), finalizes the
    /// interpreter and returns the exit status (`Py_RunMain`).
    public static func runMain() -> Int32 {
        Py_RunMain()
    }

    /// Finalizes the interpreter (hold the GIL); false when flushing or finalizing failed.
    @discardableResult
    public static func finalize() -> Bool {
        Py_FinalizeEx() == 0
    }

    /// Prints the exception set in the interpreter, with its traceback, to `sys.stderr`
    /// and clears it (for the command line; a `SystemExit` exits the process).
    public static func printException() {
        PyErr_Print()
    }

    /// Makes the process exit with status 130 (128 + SIGINT, what shells report for
    /// Ctrl-C) at the end of finalization when the script ended with an unhandled
    /// KeyboardInterrupt, instead of Python's re-raised signal.
    @discardableResult
    public static func exitsWith130AfterUnhandledInterrupt() -> Bool {
        Py_AtExit(exitOnUnhandledInterrupt) == 0
    }

    /// The version of the linked Python, such as "3.11.2" (available before the start).
    public static var version: String {
        String(cString: Py_GetVersion()).split(separator: " ").first.map(String.init) ?? "?"
    }

    /// `sys.<name>` (borrowed), nil when it is not set.
    public static func sysObject(_ name: String) -> PyPointer? {
        PySys_GetObject(name)
    }

    /// Sets `sys.<name>`.
    public static func setSysObject(_ name: String, _ value: PyRef) throws(PythonException) {
        guard PySys_SetObject(name, value.pointer) == 0 else { throw .alreadySet }
        withExtendedLifetime(value) {}
    }
}

private let exitOnUnhandledInterrupt: @convention(c) () -> Void = {
    if vfx_unhandled_keyboard_interrupt() != 0 {
        fflush(nil)
        _exit(130)
    }
}
