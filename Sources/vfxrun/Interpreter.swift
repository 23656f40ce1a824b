import CPython
import PythonBridge
#if canImport(Glibc)
import Glibc
#endif

/// The embedded interpreter's life cycle: configure like `python3` from our argv, start,
/// put the vfxpy stdlib on sys.path, prepare the interactive prompt, run, exit.
struct Interpreter {
    let arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let argumentCount: Int32
    let stdlib: String

    /// Runs to completion and returns the process exit status.
    func run() -> Int32 {
        let config = UnsafeMutablePointer<PyConfig>.allocate(capacity: 1)
        defer { config.deallocate() }
        PyConfig_InitPythonConfig(config)
        config.pointee.parse_argv = 1
        // Python's own "Python 3.11 ... Type help" banner; vfxrun prints its own line.
        config.pointee.quiet = 1
        check(PyConfig_SetBytesArgv(config, Int(argumentCount), arguments), config)
        check(PyConfig_Read(config), config)
        let runsCode = config.pointee.run_command != nil || config.pointee.run_module != nil
            || config.pointee.run_filename != nil
        let interactivePrompt = !runsCode && (isatty(0) != 0 || config.pointee.interactive != 0)
        check(Py_InitializeFromConfig(config), config)
        PyConfig_Clear(config)

        Py_AtExit(exitOnUnhandledInterrupt)
        guard addStdlibToPath(), startHost(interactivePrompt: interactivePrompt) else {
            PyErr_Print()
            _ = Py_FinalizeEx()
            return 1
        }
        return Py_RunMain()
    }

    private func check(_ status: PyStatus, _ config: UnsafeMutablePointer<PyConfig>) {
        if PyStatus_Exception(status) != 0 {
            PyConfig_Clear(config)
            Py_ExitStatusException(status)
        }
    }

    /// Puts the stdlib first on sys.path; Py_RunMain later inserts the script's folder
    /// in front of it, as python3 does.
    private func addStdlibToPath() -> Bool {
        guard let path = PySys_GetObject("path"), let folder = try? stdlib.toPython() else { return false }
        let inserted = PyList_Insert(path, 0, folder.pointer) == 0
        withExtendedLifetime(folder) {}
        return inserted
    }

    /// Installs `sys.__interactivehook__` (history and completion, loaded only if a
    /// prompt ever opens) and, for the bare prompt, `_vfxrun_host.start()`: preloaded
    /// names and the banner. Scripts pay nothing for either.
    private func startHost(interactivePrompt: Bool) -> Bool {
        do {
            let hook = try makeFunction("interactive_hook", doc: "vfxrun's prompt set-up", interactiveHook)
            guard PySys_SetObject("__interactivehook__", hook.pointer) == 0 else { return false }
            withExtendedLifetime(hook) {}
            if interactivePrompt {
                _ = try importModule("_vfxrun_host").attribute("start").call()
            }
            return true
        } catch {
            return false
        }
    }
}

/// `sys.__interactivehook__`: `_vfxrun_host.interactive_hook()`, imported on first use.
private let interactiveHook: PlainFunction = { _, _ in
    bridged { try importModule("_vfxrun_host").attribute("interactive_hook").call().release() }
}

/// Runs last in Py_FinalizeEx: an unhandled KeyboardInterrupt exits with 130 (128 +
/// SIGINT), the status shells report for Ctrl-C, instead of Python's re-raised signal.
private let exitOnUnhandledInterrupt: @convention(c) () -> Void = {
    if vfx_unhandled_keyboard_interrupt() != 0 {
        fflush(nil)
        _exit(130)
    }
}
