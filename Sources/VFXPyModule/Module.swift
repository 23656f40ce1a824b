import PythonBridge
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The `_vfxpy` native module; `stdlib/vfxpy/__init__.py` re-exports it as `vfxpy`.
public enum VFXPyModule {
    /// The name the host registers the module under.
    public static let name = "_vfxpy"

    /// Registers `_vfxpy` as a built-in module. Call before the interpreter starts.
    public static func register() -> Bool {
        registerBuiltinModule(name, initialize)
    }

    /// Creates the module for the extension build's `PyInit__vfxpy` (another Python
    /// loading `_vfxpy` from a shared library): a new reference, or nil with the
    /// exception set. A raw pointer, so that the caller needs no CPython types.
    public static func initializeExtension() -> UnsafeMutableRawPointer? {
        initialize().map { UnsafeMutableRawPointer($0) }
    }

    static let initialize: @convention(c) () -> PyPointer? = {
        bridged {
            var builder = ModuleBuilder(name: VFXPyModule.name,
                                        doc: "Native part of vfxpy (Swift). Import vfxpy instead.")
            builder.methods = moduleFunctions + IOBinding.functions + ColorBinding.functions
                + LutFileBinding.functions + OpsBinding.functions + GPUBinding.functions + OCIOBinding.functions
                + StreamBinding.functions + AsyncBinding.functions
            let module = try builder.build()
            let imageType = try ImageBinding.build()
            try addToModule(module, "Image", type: imageType)
            let pipelineType = try PipelineBinding.build()
            try addToModule(module, "Pipeline", type: pipelineType)
            for (name, type) in try LutBinding.build() {
                try addToModule(module, name, type: type)
            }
            for (name, exception) in try VfxExceptions.create() {
                try addToModule(module, name, exception.pointer)
            }
            try OCIOBinding.build(into: module)
            try StreamBinding.build(into: module)
            try AsyncBinding.build(into: module)
            try addToModule(module, "__version__", VFXVersion.string.toPython())
            try addToModule(module, "cpu_count", Parallel.coreCount.toPython())
            if let limit = environmentInt("VFXPY_THREADS") { Parallel.setWorkerCount(limit) }
            return module.release()
        }
    }

    static var moduleFunctions: [MethodDefinition] { [
        Method.noArguments("max_image_bytes", doc: """
            max_image_bytes() -> int

            The most bytes one image may take; larger requests (Image.new, file headers)
            raise MemoryError before allocating. Defaults to the machine's physical memory.
            """, { _, _ in
                bridged { try ImageLimits.maxBytes.toPython().release() }
            }),
        Method.keywords("set_max_image_bytes", doc: """
            set_max_image_bytes(limit) -> None

            Sets the limit max_image_bytes() reports (a positive number of bytes).
            """, { _, args, kwargs in
                bridged {
                    let arguments = try Arguments(function: "set_max_image_bytes()", args: args, kwargs: kwargs,
                                                  names: ["limit"], required: 1)
                    let limit = try arguments.int("limit", default: 0)
                    guard limit > 0 else { throw PythonException.valueError("limit must be positive, got \(limit)") }
                    ImageLimits.maxBytes = limit
                    return newNone()
                }
            }),
        Method.noArguments("threads", doc: """
            threads() -> int

            How many cores releasingGIL vfxpy calls use (all by default; $VFXPY_THREADS or
            set_threads() limits them).
            """, { _, _ in
                bridged { try Parallel.workerCount.toPython().release() }
            }),
        Method.keywords("set_threads", doc: """
            set_threads(count) -> None

            Limits releasingGIL vfxpy calls to count cores; 0 means all cores.
            """, { _, args, kwargs in
                bridged {
                    let arguments = try Arguments(function: "set_threads()", args: args, kwargs: kwargs,
                                                  names: ["count"], required: 1)
                    let count = try arguments.int("count", default: 0)
                    guard count >= 0 else { throw PythonException.valueError("count must be 0 or more, got \(count)") }
                    Parallel.setWorkerCount(count)
                    return newNone()
                }
            }),
    ] }
}

/// A non-negative integer from the environment, if set and valid.
func environmentInt(_ name: String) -> Int? {
    guard let raw = getenv(name), let value = Int(String(cString: raw)), value >= 0 else { return nil }
    return value
}
