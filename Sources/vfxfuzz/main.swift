// vfxfuzz: the readers under libFuzzer. `scripts/fuzz` builds it with coverage and
// AddressSanitizer (the VFX_FUZZ flag links libFuzzer's driver) and runs every target; a
// plain build replays files through the same entry, which is how the tests run each
// reproducer that fuzzing found.
//
//     vfxfuzz TARGET [libFuzzer options] [CORPUS…]    (fuzz build)
//     vfxfuzz TARGET FILE…                            (plain build: replay)
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

#if VFX_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: FuzzCallback) -> Int32
#endif

nonisolated(unsafe) var input: InputFile?
nonisolated(unsafe) var target: FuzzTarget?

let callback: FuzzCallback = { data, count in
    guard let input, let target else { return 0 }
    input.fill(data, count)
    target.run(input.path)
    return 0
}

/// Writes `text` to standard error.
func complain(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

func usage() -> Never {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    complain("usage: vfxfuzz TARGET [options] [CORPUS or FILE…]\ntargets: \(names)\n")
    exit(2)
}

let arguments = CommandLine.arguments
// The target is the first argument; libFuzzer's -fork children are started without it,
// so it also travels in the environment.
let named = arguments.count >= 2 ? FuzzTarget.named(arguments[1]) : nil
guard let chosen = named ?? getenv("VFXFUZZ_TARGET").flatMap({ FuzzTarget.named(String(cString: $0)) }) else { usage() }
setenv("VFXFUZZ_TARGET", chosen.name, 1)
target = chosen
input = InputFile(target: chosen)
ImageLimits.maxBytes = 256 << 20  // refuse bombs well under the fuzzer's RSS limit

#if VFX_FUZZ
// libFuzzer reads its own options; the target name is not one of them.
var argv = CommandLine.unsafeArgv
var argc = CommandLine.argc
if named != nil {
    argv[1] = argv[0]
    argv += 1
    argc -= 1
}
exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
#else
var failures = 0
for path in arguments.dropFirst(2) {
    guard let file = fopen(path, "rb") else {
        complain("vfxfuzz: cannot open \(path)\n")
        failures += 1
        continue
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[..<count]
    }
    fclose(file)
    _ = bytes.withUnsafeBufferPointer { callback($0.baseAddress, $0.count) }
    print("\(path): ok")
}
exit(failures == 0 ? 0 : 1)
#endif
