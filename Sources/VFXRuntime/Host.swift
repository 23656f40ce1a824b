import PythonBridge
import VFXPyModule
#if canImport(Glibc)
import Glibc
#endif

/// Set-up shared by the command line (the vfxrun executable) and `Runtime`, run with the
/// GIL held right after the interpreter starts: the vfxpy stdlib on `sys.path`, the
/// interactive hook and the start-up scripts (`init.py` on `VFXRUN_PATH`).
public enum Host {
    /// Registers `_vfxpy` as a built-in module (before the interpreter starts).
    public static func registerModules() -> Bool {
        VFXPyModule.register()
    }

    /// Puts the stdlib first on sys.path; Py_RunMain later inserts the script's folder
    /// in front of it, as python3 does.
    public static func addStdlibToPath(_ stdlib: String) throws(PythonException) {
        guard let path = Interpreter.sysObject("path") else { throw .runtimeError("sys.path is missing") }
        try insertIntoList(path, at: 0, stdlib.toPython())
    }

    /// Installs `sys.__interactivehook__` (history, completion and `repl.py`, loaded only
    /// if a prompt ever opens).
    public static func installInteractiveHook() throws(PythonException) {
        let hook = try makeFunction("interactive_hook", doc: "vfxrun's prompt set-up", interactiveHook)
        try Interpreter.setSysObject("__interactivehook__", hook)
    }

    /// Runs every `init.py` on `VFXRUN_PATH` (or records that they are skipped, for
    /// `repl.py` and batch workers). Returns the report of a failing script, nil when all
    /// ran. Scripts pay nothing when `VFXRUN_PATH` is unset and the scripts are enabled.
    public static func runStartupScripts(enabled: Bool) throws(PythonException) -> String? {
        let path = getenv("VFXRUN_PATH").map { String(cString: $0) } ?? ""
        if enabled && path.isEmpty { return nil }
        let host = try importModule("_vfxrun_host")
        let report = try host.attribute("run_init").call([enabled.toPython()])
        return isNone(report.pointer) ? nil : report.text
    }

    /// `_vfxrun_host.start()`: preloaded names and the banner of the bare prompt.
    public static func startPrompt() throws(PythonException) {
        _ = try importModule("_vfxrun_host").attribute("start").call()
    }
}

/// `sys.__interactivehook__`: `_vfxrun_host.interactive_hook()`, imported on first use.
private let interactiveHook: PlainFunction = { _, _ in
    bridged { try importModule("_vfxrun_host").attribute("interactive_hook").call().release() }
}
