import CPython
import PythonBridge
import VFXPyModule
#if canImport(Glibc)
import Glibc
#endif

/// Set-up shared by the command line and embedding programs, run with the GIL held right
/// after the interpreter starts: the vfxpy stdlib on `sys.path`, the interactive hook and
/// the start-up scripts (`init.py` on `VFXRUN_PATH`).
enum Host {
    /// Registers `_vfxpy` as a built-in module (before the interpreter starts).
    static func registerModules() -> Bool {
        VFXPyModule.register()
    }

    /// Puts the stdlib first on sys.path; Py_RunMain later inserts the script's folder
    /// in front of it, as python3 does.
    static func addStdlibToPath(_ stdlib: String) throws(PythonException) {
        guard let path = PySys_GetObject("path") else { throw .runtimeError("sys.path is missing") }
        let folder = try stdlib.toPython()
        guard PyList_Insert(path, 0, folder.pointer) == 0 else { throw .alreadySet }
        withExtendedLifetime(folder) {}
    }

    /// Installs `sys.__interactivehook__` (history, completion and `repl.py`, loaded only
    /// if a prompt ever opens).
    static func installInteractiveHook() throws(PythonException) {
        let hook = try makeFunction("interactive_hook", doc: "vfxrun's prompt set-up", interactiveHook)
        guard PySys_SetObject("__interactivehook__", hook.pointer) == 0 else { throw .alreadySet }
        withExtendedLifetime(hook) {}
    }

    /// Runs every `init.py` on `VFXRUN_PATH` (or records that they are skipped, for
    /// `repl.py` and batch workers). Returns the report of a failing script, nil when all
    /// ran. Scripts pay nothing when `VFXRUN_PATH` is unset and the scripts are enabled.
    static func runStartupScripts(enabled: Bool) throws(PythonException) -> String? {
        let path = getenv("VFXRUN_PATH").map { String(cString: $0) } ?? ""
        if enabled && path.isEmpty { return nil }
        let host = try importModule("_vfxrun_host")
        let report = try host.attribute("run_init").call([enabled.toPython()])
        return report.pointer == vfx_none() ? nil : report.text
    }

    /// `_vfxrun_host.start()`: preloaded names and the banner of the bare prompt.
    static func startPrompt() throws(PythonException) {
        _ = try importModule("_vfxrun_host").attribute("start").call()
    }
}

/// `sys.__interactivehook__`: `_vfxrun_host.interactive_hook()`, imported on first use.
private let interactiveHook: PlainFunction = { _, _ in
    bridged { try importModule("_vfxrun_host").attribute("interactive_hook").call().release() }
}
