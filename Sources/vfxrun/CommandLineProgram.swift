import CPython
import PythonBridge
#if canImport(Glibc)
import Glibc
#endif

/// The `python3`-like life cycle of the vfxrun command: configure from argv with
/// CPython's own parser, start, put the vfxpy stdlib on sys.path, run the start-up
/// scripts, prepare the interactive prompt, run, exit.
public enum CommandLineProgram {
    /// Runs to completion and returns the process exit status. `arguments` is a C argv
    /// as CPython's parser reads it (vfxrun's own options already removed).
    public static func run(arguments: [String], runsStartupScripts: Bool = true) -> Int32 {
        let stdlib: String
        switch StdlibLocator.locate() {
        case .success(let folder): stdlib = folder
        case .failure(let error):
            printError("vfxrun: \(error)")
            return 1
        }
        guard Host.registerModules() else {
            printError("vfxrun: cannot register the vfxpy module")
            return 1
        }
        let config = UnsafeMutablePointer<PyConfig>.allocate(capacity: 1)
        defer { config.deallocate() }
        PyConfig_InitPythonConfig(config)
        config.pointee.parse_argv = 1
        // Python's own "Python 3.11 ... Type help" banner; vfxrun prints its own line.
        config.pointee.quiet = 1
        var argv = arguments.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        check(PyConfig_SetBytesArgv(config, Int(argv.count), &argv), config)
        check(PyConfig_Read(config), config)
        let runsCode = config.pointee.run_command != nil || config.pointee.run_module != nil
            || config.pointee.run_filename != nil
        let interactivePrompt = !runsCode && (isatty(0) != 0 || config.pointee.interactive != 0)
        check(Py_InitializeFromConfig(config), config)
        PyConfig_Clear(config)

        Py_AtExit(exitOnUnhandledInterrupt)
        do throws(PythonException) {
            try Host.addStdlibToPath(stdlib)
            try Host.installInteractiveHook()
            if let report = try Host.runStartupScripts(enabled: runsStartupScripts) {
                printError(report)
                _ = Py_FinalizeEx()
                return 1
            }
            if interactivePrompt { try Host.startPrompt() }
        } catch {
            PyErr_Print()
            _ = Py_FinalizeEx()
            return 1
        }
        return Py_RunMain()
    }

    private static func check(_ status: PyStatus, _ config: UnsafeMutablePointer<PyConfig>) {
        if PyStatus_Exception(status) != 0 {
            PyConfig_Clear(config)
            Py_ExitStatusException(status)
        }
    }
}

/// Runs last in Py_FinalizeEx: an unhandled KeyboardInterrupt exits with 130 (128 +
/// SIGINT), the status shells report for Ctrl-C, instead of Python's re-raised signal.
private let exitOnUnhandledInterrupt: @convention(c) () -> Void = {
    if vfx_unhandled_keyboard_interrupt() != 0 {
        fflush(nil)
        _exit(130)
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    let text = line.hasSuffix("\n") ? line : line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
