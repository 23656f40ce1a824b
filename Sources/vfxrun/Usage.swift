import VFXCore

/// `vfxrun -h` and `vfxrun --version`.
enum Usage {
    static func version(pythonVersion: String) -> String {
        "vfxrun \(VFXVersion.string) (vfxpy \(VFXVersion.string), Python \(pythonVersion))"
    }

    static let help = """
        usage: vfxrun [option] ... [-c cmd | -m mod | file | -] [arg] ...

        Runs Python 3 scripts with the built-in vfxpy image module, exactly as python3
        would run them (sys.argv, __main__, tracebacks, exit codes).

          vfxrun script.py [arg ...]   run a script; sys.argv[0] is script.py
          vfxrun -c CODE [arg ...]     run CODE; sys.argv[0] is '-c'
          vfxrun -m MODULE [arg ...]   run a module as __main__ (e.g. -m pytest)
          vfxrun - [arg ...]           read the program from standard input
          vfxrun -i script.py          run the script, then an interactive prompt
          vfxrun                       interactive prompt with vfxpy and numpy (np) loaded

        Options:
          -h, --help                   this help
          -V, --version                versions of vfxrun, vfxpy and Python
          Every other python3 option works too (-u, -B, -X dev, -W ..., -E, -I ...).

        Exit status: the script's SystemExit code; 1 after an uncaught exception (its
        traceback goes to stderr); 130 after an uncaught KeyboardInterrupt (Ctrl-C).

        Environment:
          VFXRUN_STDLIB    folder holding vfxpy/ (default: found beside the executable)
          VFXRUN_HISTFILE  history file of the interactive prompt (default ~/.vfxrun_history)
          PYTHON*          as for python3
        """

    /// What the leading options ask of vfxrun itself, before Python sees them.
    enum Request { case help, version, run }

    /// Scans the options before the script, command or module: `-h`/`--help` and
    /// `-V`/`--version` are vfxrun's own; everything else is left to Python's parser.
    static func request(_ arguments: [String]) -> Request {
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-h", "--help", "-?": return .help
            case "-V", "--version": return .version
            case "-W", "-X", "--check-hash-based-pycs": index += 2; continue
            default: break
            }
            if argument == "-" || !argument.hasPrefix("-") || argument.hasPrefix("-c") || argument.hasPrefix("-m")
                || argument == "--" {
                return .run
            }
            index += 1
        }
        return .run
    }
}
