import PythonBridge
#if canImport(Glibc)
import Glibc
#endif

// vfxrun: python3 with vfxpy built in, plus the `hook` and `batch` subcommands.
let invocation = Usage.invocation(CommandLine.arguments)
switch invocation.request {
case .help:
    print(Usage.help)
    exit(0)
case .version:
    print(Usage.version(pythonVersion: Interpreter.version))
    exit(0)
case .run:
    exit(CommandLineProgram.run(arguments: invocation.pythonArguments,
                                runsStartupScripts: invocation.runsStartupScripts))
}
