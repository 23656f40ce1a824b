import PythonBridge
import VFXRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The `python3`-like life cycle of the vfxrun command: configure from argv with
/// CPython's own parser, start, put the vfxpy stdlib on sys.path, run the start-up
/// scripts, prepare the interactive prompt, run, exit. The libraries report; this prints.
enum CommandLineProgram {
    /// Runs to completion and returns the process exit status. `arguments` is a C argv
    /// as CPython's parser reads it (vfxrun's own options already removed).
    static func run(arguments: [String], runsStartupScripts: Bool = true) -> Int32 {
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
        let plan: Interpreter.Plan
        do throws(Interpreter.StartFailure) {
            // Quiet: Python's own "Python 3.11 ... Type help" banner; vfxrun prints its own line.
            plan = try Interpreter.start(Interpreter.Options(arguments: arguments, parsesArguments: true,
                                                             isQuiet: true))
        } catch {
            error.exitProcess()
        }
        let interactivePrompt = !plan.runsCode && (isatty(0) != 0 || plan.isInteractive)

        Interpreter.exitsWith130AfterUnhandledInterrupt()
        do throws(PythonException) {
            try Host.addStdlibToPath(stdlib)
            try Host.installInteractiveHook()
            if let report = try Host.runStartupScripts(enabled: runsStartupScripts) {
                printError(report)
                Interpreter.finalize()
                return 1
            }
            if interactivePrompt { try Host.startPrompt() }
        } catch {
            Interpreter.printException()
            Interpreter.finalize()
            return 1
        }
        return Interpreter.runMain()
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    let text = line.hasSuffix("\n") ? line : line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
