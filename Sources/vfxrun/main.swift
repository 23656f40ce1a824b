import CPython
import VFXRuntime
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
    let python = String(cString: Py_GetVersion()).split(separator: " ").first.map(String.init) ?? "?"
    print(Usage.version(pythonVersion: python))
    exit(0)
case .run:
    exit(CommandLineProgram.run(arguments: invocation.pythonArguments,
                                runsStartupScripts: invocation.runsStartupScripts))
}
