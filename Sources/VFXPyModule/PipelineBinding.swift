import PythonBridge
import VFXColor
import VFXCore
import VFXGPU

/// The Swift state behind a `_vfxpy.Pipeline`.
final class PipelineBox: @unchecked Sendable {
    var pipeline = ColorPipeline()
}

/// `_vfxpy.Pipeline`: a chain of color ops that `apply(img)` runs as one fused pass.
/// `vfxpy.Processor` and its chains are the public face (stdlib/vfxpy/processor.py).
enum PipelineBinding {
    nonisolated(unsafe) static var type: PythonType?

    static func build() throws(PythonException) -> PythonType {
        var builder = TypeBuilder(qualifiedName: "vfxpy.Pipeline", doc: """
            Pipeline()

            A chain of color operations applied to an image in one pass over its memory.
            Build it with the add_* methods; apply(img) runs it in place. Used by
            vfxpy.Processor; other modules (LUTs, CLF, transfer functions) add their ops.
            """)
        builder.new = { subtype, args, kwargs in
            bridged {
                guard let subtype else { throw PythonException.runtimeError("no type") }
                _ = try Arguments(function: "Pipeline()", args: args, kwargs: kwargs, names: [])
                return try BridgedObject.make(subtype, holding: PipelineBox(), attached: nil).release()
            }
        }
        builder.methods = PipelineMethods.table + PipelineExtensions.methods
        builder.properties = [
            property("ops", doc: "The names of the operations, in order.", get: { object, _ in
                bridged {
                    let names = try PipelineBinding.box(object).pipeline.operations.map(\.name)
                    return try makeList(names.map { n throws(PythonException) in try n.toPython() }).release()
                }
            }),
        ]
        let built = try builder.build()
        type = built
        return built
    }

    static func box(_ object: PyPointer?) throws(PythonException) -> PipelineBox {
        guard let type, let box = BridgedObject.object(object, of: type, as: PipelineBox.self) else {
            throw .typeError("expected a vfxpy.Pipeline, not \(object.map(pythonTypeName) ?? "nothing")")
        }
        return box
    }

    /// Appends `operation` and returns the pipeline (for chaining in Python).
    static func append(_ object: PyPointer?, _ operation: any ColorOperation) throws(PythonException) -> PyPointer {
        try box(object).pipeline.append(operation)
        guard let object else { throw .runtimeError("no pipeline") }
        return PyRef(borrowed: object).release()
    }
}

extension PipelineBinding {
    /// `pipeline` run on the image `imageObject` in place, as the work to run without the
    /// GIL (`apply` and `_apply_async`): on Vulkan device number `device` (where the result
    /// stays until the host needs the pixels), on it or the CPU backend as the cost model
    /// picks (`auto`, see `_gpu_apply_auto`), or on every core (`device` -1).
    static func runCall(_ pipeline: ColorPipeline, on imageObject: PyPointer, device: Int,
                        auto: Bool) throws(PythonException) -> @Sendable () throws(VFXError) -> Void {
        // the GPU backend starts from the device copy when there is one
        let image = try ImageBinding.residentImage(imageObject, name: "img")
        if auto || device >= 0 {
            guard device >= 0 else { throw .valueError("device must be 0 or more, got \(device)") }
            return { () throws(VFXError) in
                // an in-place change: the image's writers take turns
                try image.changingPixels { () throws(VFXError) in
                    if auto {
                        _ = try GPUBackend.applyAuto(pipeline, to: image, device: device)
                    } else {
                        try GPUBackend.apply(pipeline, to: image, device: device)
                    }
                }
            }
        }
        return { () throws(VFXError) in
            try image.changingPixels { () throws(VFXError) in
                // another thread's GPU run may have landed while this one waited
                try image.synchronizeHost()
                pipeline.apply(to: image)
            }
        }
    }
}

/// Parsing of color parameters.
enum ColorArguments {
    /// A number or a sequence of 3 numbers, as RGB.
    static func rgb(_ object: PyPointer?, name: String, default fallback: SIMD3<Float>) throws(PythonException) -> SIMD3<Float> {
        guard let object else { return fallback }
        if let items = try sequenceItems(object) {
            guard items.count == 3 else { throw .valueError("\(name) needs 3 values (R, G, B), got \(items.count)") }
            var values = SIMD3<Float>()
            for (index, item) in items.enumerated() {
                values[index] = try finite(convertDouble(item.pointer, name: "\(name)[\(index)]"), name: "\(name)[\(index)]")
            }
            return values
        }
        return SIMD3(repeating: try finite(convertDouble(object, name: name), name: name))
    }

    static func number(_ arguments: Arguments, _ name: String, default fallback: Double? = nil) throws(PythonException) -> Float {
        guard let object = arguments[name] else {
            guard let fallback else { throw .typeError("\(arguments.function) missing required argument '\(name)'") }
            return Float(fallback)
        }
        return try finite(convertDouble(object, name: name), name: name)
    }

    static func finite(_ value: Double, name: String) throws(PythonException) -> Float {
        guard value.isFinite else { throw .valueError("\(name) must be a finite number, got \(value)") }
        return Float(value)
    }

    /// 9 values (3×3) or 16 (4×4), flat or nested.
    static func matrix(_ object: PyPointer, name: String) throws(PythonException) -> [Float] {
        guard let rows = try sequenceItems(object) else { throw .typeError("\(name) must be a 3x3 or 4x4 matrix") }
        var values: [Float] = []
        for (r, row) in rows.enumerated() {
            if let cells = try sequenceItems(row.pointer) {
                for (c, cell) in cells.enumerated() {
                    values.append(try finite(convertDouble(cell.pointer, name: "\(name)[\(r)][\(c)]"), name: "\(name)[\(r)][\(c)]"))
                }
            } else {
                values.append(try finite(convertDouble(row.pointer, name: "\(name)[\(r)]"), name: "\(name)[\(r)]"))
            }
        }
        guard values.count == 9 || values.count == 16 else {
            throw .valueError("\(name) must be 3x3 or 4x4, got \(values.count) values")
        }
        return values
    }
}

enum PipelineMethods {
    static var table: [MethodDefinition] { [
        Method.keywords("add_exposure", doc: "add_exposure(stops): RGB x 2**stops.", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "exposure()", args: args, kwargs: kwargs, names: ["stops"], required: 1)
                return try PipelineBinding.append(object, MatrixOp.exposure(stops: ColorArguments.number(a, "stops")))
            }
        }),
        Method.keywords("add_saturation", doc: """
            add_saturation(amount, weights=None): luma + amount * (rgb - luma); luma weights
            default to Rec.709 (0.2126, 0.7152, 0.0722).
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "saturation()", args: args, kwargs: kwargs,
                                      names: ["amount", "weights"], required: 1)
                let weights = try ColorArguments.rgb(a["weights"], name: "weights", default: Luma.rec709)
                return try PipelineBinding.append(object, MatrixOp.saturation(ColorArguments.number(a, "amount"),
                                                                              weights: weights))
            }
        }),
        Method.keywords("add_contrast", doc: """
            add_contrast(amount, pivot=0.18): pivot * (max(x, 0) / pivot) ** amount on RGB.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "contrast()", args: args, kwargs: kwargs,
                                      names: ["amount", "pivot"], required: 1)
                let pivot = try ColorArguments.number(a, "pivot", default: 0.18)
                guard pivot > 0 else { throw PythonException.valueError("pivot must be positive, got \(pivot)") }
                return try PipelineBinding.append(object, ContrastOp(amount: ColorArguments.number(a, "amount"), pivot: pivot))
            }
        }),
        Method.keywords("add_cdl", doc: """
            add_cdl(slope=1, offset=0, power=1, saturation=1.0, style="no_clamp"): ASC CDL v1.2.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "cdl()", args: args, kwargs: kwargs,
                                      names: ["slope", "offset", "power", "saturation", "style"])
                let power = try ColorArguments.rgb(a["power"], name: "power", default: .one)
                guard power.min() > 0 else { throw PythonException.valueError("power must be positive") }
                let styleName = try a.string("style", default: "no_clamp")
                guard let style = CDLOp.Style(rawValue: styleName.lowercased()) else {
                    throw PythonException.valueError("style must be 'no_clamp' or 'asc', got '\(styleName)'")
                }
                let op = CDLOp(slope: try ColorArguments.rgb(a["slope"], name: "slope", default: .one),
                               offset: try ColorArguments.rgb(a["offset"], name: "offset", default: .zero),
                               power: power, saturation: try ColorArguments.number(a, "saturation", default: 1),
                               style: style)
                return try PipelineBinding.append(object, op)
            }
        }),
        Method.keywords("add_matrix", doc: """
            add_matrix(matrix, offset=None): a 3x3 matrix on RGB (alpha untouched) or a 4x4 on
            RGBA, as nested rows or 9/16 row-major values; offset adds 3 or 4 values after.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "apply_matrix()", args: args, kwargs: kwargs,
                                      names: ["matrix", "offset"], required: 1)
                guard let matrixObject = a["matrix"] else { throw PythonException.typeError("matrix must not be None") }
                let values = try ColorArguments.matrix(matrixObject, name: "matrix")
                var offset: [Float] = values.count == 9 ? [0, 0, 0] : [0, 0, 0, 0]
                if let offsetObject = a["offset"] {
                    guard let items = try sequenceItems(offsetObject), items.count == offset.count else {
                        throw PythonException.valueError("offset needs \(offset.count) values")
                    }
                    for (index, item) in items.enumerated() {
                        offset[index] = try ColorArguments.finite(convertDouble(item.pointer, name: "offset[\(index)]"),
                                                                  name: "offset[\(index)]")
                    }
                }
                let op = values.count == 9
                    ? MatrixOp(rgb: values, offset: SIMD3(offset[0], offset[1], offset[2]))
                    : MatrixOp(rgba: values, offset: RGBA(offset[0], offset[1], offset[2], offset[3]))
                return try PipelineBinding.append(object, op)
            }
        }),
        Method.oneArgument("extend", doc: "extend(other): appends another pipeline's ops.", { object, other in
            bridged {
                let ops = try PipelineBinding.box(other).pipeline
                try PipelineBinding.box(object).pipeline.append(contentsOf: ops)
                guard let object else { throw PythonException.runtimeError("no pipeline") }
                return PyRef(borrowed: object).release()
            }
        }),
        Method.keywords("apply", doc: """
            apply(img, device=-1): runs the ops on img in place, in one pass, with the GIL
            released: on every core (device=-1) or on Vulkan device number `device`, where
            the result stays until the host needs the pixels. Returns img.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "apply()", args: args, kwargs: kwargs, names: ["img", "device"], required: 1)
                let pipeline = try PipelineBinding.box(object).pipeline
                let device = try a.int("device", default: -1)
                guard let imageObject = a["img"] else { throw PythonException.typeError("img must be a vfxpy.Image, not None") }
                let run = try PipelineBinding.runCall(pipeline, on: imageObject, device: device, auto: false)
                try releasingGIL { () throws(VFXError) in try run() }
                return PyRef(borrowed: imageObject).release()
            }
        }),
    ] }
}
