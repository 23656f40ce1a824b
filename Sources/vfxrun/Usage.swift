import VFXCore

/// `vfxrun -h` and `vfxrun --version`.
enum Usage {
    static func version(pythonVersion: String) -> String {
        "vfxrun \(VFXVersion.string) (vfxpy \(VFXVersion.string), Python \(pythonVersion))"
    }

    static let help = """
        usage: vfxrun [option] ... [-c cmd | -m mod | file | -] [arg] ...
               vfxrun [option] ... hook script.py [--context FILE|-] [--set KEY=VALUE ...]
               vfxrun [option] ... batch script.py --frames 1001-1100 [--jobs N] [...] [-- arg ...]

        Runs Python 3 scripts with the built-in vfxpy image module, exactly as python3
        would run them (sys.argv, __main__, tracebacks, exit codes).

          vfxrun script.py [arg ...]   run a script; sys.argv[0] is script.py
          vfxrun -c CODE [arg ...]     run CODE; sys.argv[0] is '-c'
          vfxrun -m MODULE [arg ...]   run a module as __main__ (e.g. -m pytest)
          vfxrun - [arg ...]           read the program from standard input
          vfxrun -i script.py          run the script, then an interactive prompt
          vfxrun                       interactive prompt with vfxpy and numpy (np) loaded
          vfxrun hook script.py ...    call the script's main(context); JSON result on stdout
          vfxrun batch script.py ...   run the script's process(frame, context) over frames
                                       in worker processes (vfxrun batch -h for options)
          vfxrun ./hook                a script file literally named hook or batch

        Options:
          -h, --help                   this help
          -V, --version                versions of vfxrun, vfxpy and Python
          --no-init                    skip the init.py / repl.py start-up scripts
          Every other python3 option works too (-u, -B, -X dev, -W ..., -E, -I ...).

        Exit status: the script's SystemExit code; 1 after an uncaught exception (its
        traceback goes to stderr); 130 after an uncaught KeyboardInterrupt (Ctrl-C).

        Environment:
          VFXRUN_PATH      folders (os.pathsep-separated) whose init.py runs before any
                           script, and repl.py before an interactive prompt, in order
          VFXRUN_STDLIB    folder holding vfxpy/ (default: found beside the executable)
          VFXRUN_HISTFILE  history file of the interactive prompt (default ~/.vfxrun_history)
          VFXPY_THREADS    threads of heavy vfxpy calls (default: every core)
          VFXPY_DEVICE     Vulkan device for Processor(): an index or part of a name, or cpu
          VFXRUN_BATCH_GPU_JOBS  batch workers that may use the GPU (default 1; --gpu-jobs)
          VFXPY_VULKAN_VALIDATION=1  Khronos validation layer on, with synchronization
                                     validation (messages are counted); =gpu adds
                                     GPU-assisted validation
          VFXPY_GPU_TIMING=1         GPU timestamps around every copy and dispatch
          VFXPY_GPU_PIPELINE_CACHE=0 no pipeline cache file ($XDG_CACHE_HOME/vfxrun)
          PYTHON*          as for python3
        """

    /// What the leading options ask of vfxrun itself, before Python sees them.
    enum Request { case help, version, run }

    /// The subcommands, each a module of the stdlib run as `-m`.
    static let subcommands = ["hook": "_vfxrun_hook", "batch": "_vfxrun_batch"]

    /// What vfxrun makes of its command line: its own request, whether the start-up
    /// scripts run, and the argv CPython's parser gets.
    struct Invocation: Equatable {
        var request: Request
        var runsStartupScripts: Bool
        var pythonArguments: [String]
    }

    /// Scans the options before the script, command or module: `-h`/`--help`,
    /// `-V`/`--version` and `--no-init` are vfxrun's own (removed from the argv Python
    /// parses); a first non-option argument `hook` or `batch` becomes `-m _vfxrun_hook` /
    /// `-m _vfxrun_batch` (a script file with that name runs as `vfxrun ./hook`).
    /// Everything else is left to Python's parser.
    static func invocation(_ arguments: [String]) -> Invocation {
        var result = Invocation(request: .run, runsStartupScripts: true, pythonArguments: arguments)
        var index = 1
        while index < result.pythonArguments.count {
            let argument = result.pythonArguments[index]
            switch argument {
            case "-h", "--help", "-?": result.request = .help; return result
            case "-V", "--version": result.request = .version; return result
            case "--no-init":
                result.runsStartupScripts = false
                result.pythonArguments.remove(at: index)
                continue
            case "-W", "-X", "--check-hash-based-pycs": index += 2; continue
            default: break
            }
            if argument == "-" || argument.hasPrefix("-c") || argument.hasPrefix("-m") || argument == "--" {
                return result
            }
            if !argument.hasPrefix("-") {
                if let module = subcommands[argument] {
                    result.pythonArguments.replaceSubrange(index...index, with: ["-m", module])
                }
                return result
            }
            index += 1
        }
        return result
    }
}
