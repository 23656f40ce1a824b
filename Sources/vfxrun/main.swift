import CPython
import VFXPyModule
#if canImport(Glibc)
import Glibc
#endif

// vfxrun: python3 with vfxpy built in.
let arguments = CommandLine.arguments
switch Usage.request(arguments) {
case .help:
    print(Usage.help)
    exit(0)
case .version:
    let python = String(cString: Py_GetVersion()).split(separator: " ").first.map(String.init) ?? "?"
    print(Usage.version(pythonVersion: python))
    exit(0)
case .run:
    break
}

let stdlib: String
switch StdlibLocator.locate() {
case .success(let folder): stdlib = folder
case .failure(let error):
    printError("vfxrun: \(error)")
    exit(1)
}

guard VFXPyModule.register() else {
    printError("vfxrun: cannot register the vfxpy module")
    exit(1)
}

let interpreter = Interpreter(arguments: CommandLine.unsafeArgv, argumentCount: CommandLine.argc, stdlib: stdlib)
exit(interpreter.run())

/// Writes a line to standard error.
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
