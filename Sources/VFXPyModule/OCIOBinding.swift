import PythonBridge
import VFXColor
import VFXCore
import VFXOCIO

extension OCIOFailure: PythonExceptionConvertible {
    public var pythonException: PythonException {
        switch self {
        case .ocio(let message):
            guard let type = OCIOBinding.error else { return .runtimeError(message) }
            return .custom(type: type, message: message)
        case .vfx(let error): return error.pythonException
        }
    }
}

/// `_vfxpy.OCIOConfig` and `_vfxpy.OCIOProcessor`: the native side of `vfxpy.ocio`
/// (stdlib/vfxpy/ocio.py checks the arguments and names; these take plain strings).
/// Reading configs and building processors run with the GIL released.
enum OCIOBinding {
    nonisolated(unsafe) static var configType: PythonType?
    nonisolated(unsafe) static var processorType: PythonType?
    nonisolated(unsafe) static var error: ExceptionType?

    static func build(into module: PyRef) throws(PythonException) {
        let error = try ExceptionType.create(
            qualifiedName: "vfxpy.ocio.OCIOError",
            doc: "OpenColorIO refused a config, a transform or a file; the message is OCIO's.",
            bases: [VfxExceptions.base?.pointer ?? ExceptionType.exception.pointer])
        Self.error = error
        try addToModule(module, "OCIOError", error.pointer)

        var config = TypeBuilder(qualifiedName: "vfxpy._OCIOConfig", doc: "A loaded OpenColorIO config (native).")
        config.methods = configMethods
        let configType = try config.build()
        Self.configType = configType
        try addToModule(module, "OCIOConfig", type: configType)
        var processor = TypeBuilder(qualifiedName: "vfxpy._OCIOProcessor", doc: "An OpenColorIO processor (native).")
        processor.methods = processorMethods
        processor.properties = processorProperties
        let processorType = try processor.build()
        Self.processorType = processorType
        try addToModule(module, "OCIOProcessor", type: processorType)
    }

    static func config(_ object: PyPointer?) throws(PythonException) -> OCIOConfig {
        guard let configType, let config = BridgedObject.object(object, of: configType, as: OCIOConfig.self) else {
            throw .typeError("expected an OCIO config")
        }
        return config
    }

    static func processor(_ object: PyPointer?) throws(PythonException) -> OCIOProcessor {
        guard let processorType,
              let processor = BridgedObject.object(object, of: processorType, as: OCIOProcessor.self) else {
            throw .typeError("expected an OCIO processor")
        }
        return processor
    }

    static func wrap(_ config: OCIOConfig) throws(PythonException) -> PyPointer {
        guard let configType else { throw .runtimeError("vfxpy.ocio is not initialized") }
        return try BridgedObject.make(configType, holding: config, attached: nil).release()
    }

    static func wrap(_ processor: OCIOProcessor) throws(PythonException) -> PyPointer {
        guard let processorType else { throw .runtimeError("vfxpy.ocio is not initialized") }
        return try BridgedObject.make(processorType, holding: processor, attached: nil).release()
    }

    static func optionalString(_ a: Arguments, _ name: String) throws(PythonException) -> String? {
        guard let object = a[name] else { return nil }
        return try convertString(object, name: name)
    }

    static func direction(_ a: Arguments) throws(PythonException) -> OCIOConfig.Direction {
        try a.bool("inverse", default: false) ? .inverse : .forward
    }

    static var functions: [MethodDefinition] { [
        Method.keywords("_ocio_load", doc: "_ocio_load(path) -> OCIOConfig: reads a config file.", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "_ocio_load()", args: args, kwargs: kwargs, names: ["path"], required: 1)
                let path = try a.string("path", default: "")
                let config = try releasingGIL { () throws(OCIOFailure) in try OCIOConfig.load(path: path) }
                return try OCIOBinding.wrap(config)
            }
        }),
        Method.keywords("_ocio_parse", doc: "_ocio_parse(text, working_dir=None) -> OCIOConfig: parses YAML text.", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "_ocio_parse()", args: args, kwargs: kwargs,
                                      names: ["text", "working_dir"], required: 1)
                let text = try a.string("text", default: "")
                let directory = try OCIOBinding.optionalString(a, "working_dir")
                let config = try releasingGIL { () throws(OCIOFailure) in
                    try OCIOConfig.parse(text, workingDirectory: directory)
                }
                return try OCIOBinding.wrap(config)
            }
        }),
        Method.noArguments("_ocio_version", doc: "_ocio_version() -> str: OpenColorIO's version.", { _, _ in
            bridged {  // the first call loads the library: without the GIL
                try releasingGIL { () throws(OCIOFailure) in try OCIOConfig.libraryVersion }.toPython().release()
            }
        }),
    ] }

    static var configMethods: [MethodDefinition] { [
        Method.noArguments("describe", doc: "describe() -> str: the listings as JSON.", { object, _ in
            bridged {
                let config = try OCIOBinding.config(object)
                return try releasingGIL { () throws(OCIOFailure) in try config.describe() }.toPython().release()
            }
        }),
        Method.keywords("processor", doc: "processor(src, dst, looks=None, inverse=False)", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "processor()", args: args, kwargs: kwargs,
                                      names: ["src", "dst", "looks", "inverse"], required: 2)
                let config = try OCIOBinding.config(object)
                let src = try a.string("src", default: ""), dst = try a.string("dst", default: "")
                let looks = try OCIOBinding.optionalString(a, "looks"), direction = try OCIOBinding.direction(a)
                let processor = try releasingGIL { () throws(OCIOFailure) in
                    try config.processor(from: src, to: dst, looks: looks, direction: direction)
                }
                return try OCIOBinding.wrap(processor)
            }
        }),
        Method.keywords("display_processor", doc: "display_processor(src, display, view, looks=None, inverse=False)", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "display_processor()", args: args, kwargs: kwargs,
                                      names: ["src", "display", "view", "looks", "inverse"], required: 3)
                let config = try OCIOBinding.config(object)
                let src = try a.string("src", default: "")
                let display = try a.string("display", default: ""), view = try a.string("view", default: "")
                let looks = try OCIOBinding.optionalString(a, "looks"), direction = try OCIOBinding.direction(a)
                let processor = try releasingGIL { () throws(OCIOFailure) in
                    try config.displayProcessor(from: src, display: display, view: view, looks: looks, direction: direction)
                }
                return try OCIOBinding.wrap(processor)
            }
        }),
        Method.keywords("file_processor", doc: "file_processor(path, interpolation='best', inverse=False)", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "file_processor()", args: args, kwargs: kwargs,
                                      names: ["path", "interpolation", "inverse"], required: 1)
                let config = try OCIOBinding.config(object)
                let path = try a.string("path", default: "")
                let name = try a.string("interpolation", default: "best")
                guard let interpolation = OCIOConfig.Interpolation(rawValue: name) else {
                    let allowed = OCIOConfig.Interpolation.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                    throw PythonException.valueError("interpolation must be one of \(allowed), got '\(name)'")
                }
                let direction = try OCIOBinding.direction(a)
                let processor = try releasingGIL { () throws(OCIOFailure) in
                    try config.fileProcessor(path: path, interpolation: interpolation, direction: direction)
                }
                return try OCIOBinding.wrap(processor)
            }
        }),
    ] }

    static var processorMethods: [MethodDefinition] { [
        Method.noArguments("steps", doc: "steps() -> list of (transform, [vfxpy ops], has shaders); no ops: OCIO's CPU processor.", { object, _ in
            bridged {
                let steps = try OCIOBinding.processor(object).steps
                return try makeList(steps.map { step throws(PythonException) in
                    try makeTuple([step.transform.toPython(),
                                   makeList(step.operations.map { n throws(PythonException) in try n.toPython() }),
                                   step.hasShaders.toPython()])
                }).release()
            }
        }),
        Method.keywords("text", doc: "text(format, optimized=False) -> str: the processor in an OCIO write format.", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "text()", args: args, kwargs: kwargs, names: ["format", "optimized"], required: 1)
                let processor = try OCIOBinding.processor(object)
                let format = try a.string("format", default: ""), optimized = try a.bool("optimized", default: false)
                return try releasingGIL { () throws(OCIOFailure) in
                    try processor.text(format: format, optimized: optimized)
                }.toPython().release()
            }
        }),
        Method.noArguments("pipeline", doc: "pipeline() -> Pipeline: a new pipeline of the processor's ops.", { object, _ in
            bridged {
                let processor = try OCIOBinding.processor(object)
                guard let type = PipelineBinding.type else { throw PythonException.runtimeError("no Pipeline type") }
                let box = PipelineBox()
                for operation in processor.operations { box.pipeline.append(operation) }
                return try BridgedObject.make(type, holding: box, attached: nil).release()
            }
        }),
    ] }

    static var processorProperties: [PropertyDefinition] { [
        property("is_noop", doc: "True when the processor changes nothing.", get: { object, _ in
            bridged { try OCIOBinding.processor(object).isNoOp.toPython().release() }
        }),
        property("cache_id", doc: "OCIO's cache id of the processor.", get: { object, _ in
            bridged { try OCIOBinding.processor(object).cacheID.toPython().release() }
        }),
    ] }
}
