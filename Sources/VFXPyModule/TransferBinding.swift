import PythonBridge
import VFXColor

/// `Pipeline.add_transfer` and `Pipeline.add_convert`: transfer curves and color-space
/// conversions as ops of a fused chain (stdlib/vfxpy/transfer.py and color.py).
enum TransferPipelineMethods {
    static var table: [MethodDefinition] { [
        Method.keywords("add_transfer", doc: """
            add_transfer(curve, direction="decode", **params): a transfer function on RGB;
            encode = linear -> code values, decode = code values -> linear. Curves and their
            params: vfxpy.transfer.curves().
            """, { object, args, kwargs in
            bridged {
                let call = try TransferArguments(args: args, kwargs: kwargs)
                return try PipelineBinding.append(object, call.operation())
            }
        }),
        Method.keywords("add_convert", doc: """
            add_convert(src, dst, adaptation="bradford"): decode src's curve, one 3x3 matrix
            (white adaptation when the whites differ), encode dst's curve.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "convert()", args: args, kwargs: kwargs,
                                      names: ["src", "dst", "adaptation"], required: 2)
                let adaptation = try ColorArguments.adaptation(a.string("adaptation", default: "bradford"))
                let ops = try ColorArguments.converting {
                    try ColorSpaces.conversion(from: a.string("src", default: ""), to: a.string("dst", default: ""),
                                               adaptation: adaptation)
                }
                let box = try PipelineBinding.box(object)
                for op in ops { box.pipeline.append(op) }
                guard let object else { throw PythonException.runtimeError("no pipeline") }
                return PyRef(borrowed: object).release()
            }
        }),
    ] }
}

/// `(curve, direction="decode", **params)` matched to a curve of the catalog.
struct TransferArguments {
    let entry: TransferCurveEntry
    let direction: TransferDirection
    let parameters: [String: TransferParameterValue]

    init(args: PyPointer?, kwargs: PyPointer?) throws(PythonException) {
        guard Arguments.positionalCount(args) <= 2 else {
            throw .typeError("transfer() takes curve and direction positionally, params as keywords")
        }
        let arguments = try Arguments(function: "transfer()", args: args, kwargs: kwargs,
                                      names: ["curve", "direction"], required: 1, keywordCatchAll: true)
        // None is not "not given" here: it is a wrong type.
        guard let curveObject = arguments.given("curve") else {
            throw .typeError("transfer() missing required argument 'curve'")
        }
        let directionObject = arguments.given("direction")
        let given = arguments.extraKeywords
        let curveName = try convertString(curveObject, name: "curve")
        do { entry = try TransferCurves.entry(named: curveName) } catch { throw .valueError("curve: \(error)") }
        let directionName = try directionObject.map { o throws(PythonException) in
            try convertString(o, name: "direction")
        } ?? "decode"
        guard let direction = TransferDirection(rawValue: directionName.lowercased()) else {
            throw .valueError("direction must be 'encode' or 'decode', got '\(directionName)'")
        }
        self.direction = direction
        var parameters: [String: TransferParameterValue] = [:]
        for (name, value) in given {
            guard let kind = entry.parameters.first(where: { $0.name == name })?.kind else {
                let valid = entry.parameters.map(\.name)
                throw .valueError("curve '\(entry.name)' has no parameter '\(name)'; "
                                  + (valid.isEmpty ? "it takes none" : "valid: \(valid.joined(separator: ", "))"))
            }
            switch kind {
            case .flag:
                guard isBool(value) else {
                    throw .typeError("\(name) must be True or False, not \(pythonTypeName(value))")
                }
                parameters[name] = .flag(try convertBool(value, name: name))
            case .number:
                guard !isBool(value) else { throw .typeError("\(name) must be a number, not bool") }
                parameters[name] = .number(try convertDouble(value, name: name))
            }
        }
        self.parameters = parameters
    }

    func operation() throws(PythonException) -> TransferOp {
        do {
            return TransferOp(curveName: entry.name, function: try entry.make(parameters), direction: direction)
        } catch {
            throw .valueError(error.description)
        }
    }
}
