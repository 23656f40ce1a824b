import PythonBridge
import VFXColor
import VFXCore
import VFXIO
import VFXLUT
#if canImport(Glibc)
import Glibc
#endif

/// `_vfxpy.lut_read`, `lut_write` and the LUT constructors; `stdlib/vfxpy/lut.py` gives
/// them their Python shape. A file's steps cross as native LUTs, `("matrix", m9, offset3)`
/// and `("prelut", inputs3, outputs3)` tuples.
enum LutFileBinding {
    static var functions: [MethodDefinition] { [
        Method.keywords("lut_read", doc: """
            lut_read(path, format=None) -> dict(title, comments, steps)

            Reads a LUT file (.cube, .spi1d, .spi3d, .spimtx, .csp; detected from the
            content unless format is given). Use vfxpy.lut.read instead.
            """, { _, args, kwargs in bridged { try LutFileBinding.read(args, kwargs) } }),
        Method.keywords("lut_write", doc: """
            lut_write(path, format, steps, title=None, comments=None) -> None

            Writes a LUT file atomically. Use vfxpy.lut.write_cube and friends instead.
            """, { _, args, kwargs in bridged { try LutFileBinding.write(args, kwargs) } }),
        Method.keywords("lut1d_gamma", doc: "lut1d_gamma(size, gamma) -> _Lut1D: x -> x**(1/gamma) on [0, 1].", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "Lut1D.gamma()", args: args, kwargs: kwargs, names: ["size", "gamma"], required: 2)
                let size = try a.int("size", default: 0)
                let gamma = try ColorArguments.number(a, "gamma")
                return try LutBinding.wrap(LutBox(releasingGIL { () throws(VFXError) in try Lut1D.gamma(size: size, gamma: gamma) })).release()
            }
        }),
        Method.keywords("lut1d_identity", doc: "lut1d_identity(size) -> _Lut1D on [0, 1].", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "Lut1D.identity()", args: args, kwargs: kwargs, names: ["size"], required: 1)
                let size = try a.int("size", default: 0)
                return try LutBinding.wrap(LutBox(releasingGIL { () throws(VFXError) in try Lut1D.identity(size: size) })).release()
            }
        }),
        Method.keywords("lut3d_identity", doc: "lut3d_identity(size) -> _Lut3D on [0, 1].", { _, args, kwargs in
            bridged {
                let a = try Arguments(function: "Lut3D.identity()", args: args, kwargs: kwargs, names: ["size"], required: 1)
                let size = try a.int("size", default: 0)
                return try LutBinding.wrap(LutBox(releasingGIL { () throws(VFXError) in try Lut3D.identity(size: size) })).release()
            }
        }),
    ] }

    static func format(_ object: PyPointer?) throws(PythonException) -> LUTFormat? {
        guard let object else { return nil }
        let name = try convertString(object, name: "format")
        guard let format = LUTFormat(rawValue: name.lowercased().trimmingPrefix(".").description) else {
            throw .valueError("format must be one of \(LUTFormat.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")), got '\(name)'")
        }
        return format
    }

    static func read(_ args: PyPointer?, _ kwargs: PyPointer?) throws(PythonException) -> PyPointer {
        let a = try Arguments(function: "read()", args: args, kwargs: kwargs, names: ["path", "format"], required: 1)
        let path = try IOBinding.path(a)
        let format = try self.format(a["format"])
        let file = try releasingGIL { () throws(VFXError) in
            try path.reading { p throws(VFXError) in try LUTFiles.read(path: p, format: format) }
        }
        let steps = try makeList(file.steps.map { step throws(PythonException) in try pythonStep(step) })
        let title: PyRef = try file.title.map { t throws(PythonException) in try t.toPython() } ?? PyRef.none
        let comments = try makeList(file.comments.map { c throws(PythonException) in try c.toPython() })
        return try makeDict([("title", title), ("comments", comments), ("steps", steps)]).release()
    }

    static func pythonStep(_ step: LUTFile.Step) throws(PythonException) -> PyRef {
        switch step {
        case .lut1D(let lut): return try LutBinding.wrap(LutBox(lut))
        case .lut3D(let lut): return try LutBinding.wrap(LutBox(lut))
        case .matrix(let m):
            let values = (0..<3).flatMap { r in [m.rows[r].x, m.rows[r].y, m.rows[r].z] }
            return try makeTuple([try "matrix".toPython(), try floats(values), try floats([m.offset.x, m.offset.y, m.offset.z])])
        case .prelut(let p):
            return try makeTuple([try "prelut".toPython(),
                                  try makeList(p.inputs.map { c throws(PythonException) in try floats(c) }),
                                  try makeList(p.outputs.map { c throws(PythonException) in try floats(c) })])
        }
    }

    static func floats(_ values: [Float]) throws(PythonException) -> PyRef {
        try makeList(values.map { v throws(PythonException) in try Double(v).toPython() })
    }

    static func numbers(_ object: PyPointer, name: String) throws(PythonException) -> [Float] {
        guard let items = try sequenceItems(object) else { throw .typeError("\(name) must be a sequence of numbers") }
        var values: [Float] = []
        for (i, item) in items.enumerated() {
            values.append(try ColorArguments.finite(convertDouble(item.pointer, name: "\(name)[\(i)]"), name: "\(name)[\(i)]"))
        }
        return values
    }

    /// A file step from Python: a native LUT or a ("matrix"|"prelut", ...) tuple.
    static func swiftStep(_ object: PyPointer, index: Int) throws(PythonException) -> LUTFile.Step {
        if LutBinding.isLut(object) {
            let box = try LutBinding.box(object)
            return try releasingGIL { () throws(VFXError) in try box.step() }
        }
        guard let items = try sequenceItems(object), items.count == 3, let kind = String(python: items[0].pointer) else {
            throw .typeError("steps[\(index)] must be a Lut1D, Lut3D, Matrix or Prelut, not \(pythonTypeName(object))")
        }
        switch kind {
        case "matrix":
            let m = try numbers(items[1].pointer, name: "matrix")
            let o = try numbers(items[2].pointer, name: "offset")
            guard m.count == 9, o.count == 3 else { throw .valueError("a matrix step needs 9 values and 3 offsets") }
            return .matrix(MatrixOp(rgb: m, offset: SIMD3(o[0], o[1], o[2])))
        case "prelut":
            return .prelut(try prelut(items[1].pointer, items[2].pointer))
        default:
            throw .valueError("steps[\(index)] has an unknown kind '\(kind)'")
        }
    }

    static func prelut(_ inputs: PyPointer, _ outputs: PyPointer) throws(PythonException) -> CSPPrelut {
        guard let ins = try sequenceItems(inputs), let outs = try sequenceItems(outputs), ins.count == 3, outs.count == 3 else {
            throw .valueError("a pre-LUT needs 3 channels of inputs and outputs")
        }
        var i: [[Float]] = [], o: [[Float]] = []
        for c in 0..<3 {
            i.append(try numbers(ins[c].pointer, name: "inputs[\(c)]"))
            o.append(try numbers(outs[c].pointer, name: "outputs[\(c)]"))
        }
        return try releasingGIL { () throws(VFXError) in try CSPPrelut(inputs: i, outputs: o) }
    }

    static func write(_ args: PyPointer?, _ kwargs: PyPointer?) throws(PythonException) -> PyPointer {
        let a = try Arguments(function: "write()", args: args, kwargs: kwargs,
                              names: ["path", "format", "steps", "title", "comments"], required: 3)
        let path = try IOBinding.path(a)
        guard let format = try self.format(a["format"]) else { throw .typeError("format must be given") }
        guard let stepsObject = a["steps"], let items = try sequenceItems(stepsObject) else {
            throw .typeError("steps must be a list")
        }
        var steps: [LUTFile.Step] = []
        for (index, item) in items.enumerated() { steps.append(try swiftStep(item.pointer, index: index)) }
        let title = try a["title"].map { o throws(PythonException) in try convertString(o, name: "title") }
        var comments: [String] = []
        if let list = a["comments"] {
            guard let entries = try sequenceItems(list) else { throw .typeError("comments must be a list of str") }
            for (i, e) in entries.enumerated() { comments.append(try convertString(e.pointer, name: "comments[\(i)]")) }
        }
        let file = LUTFile(title: title, comments: comments, steps: steps)
        try releasingGIL { () throws(VFXError) in
            let text = try LUTFiles.text(of: file, format: format)
            try path.writing { (p, renamedTo) throws(VFXError) in
                try AtomicFile.write(to: p, renamedTo: renamedTo) { (temporary: String) throws(VFXError) in
                    try writeText(text, to: temporary, reportingAs: path.text)
                }
            }
        }
        return newNone()
    }

    static func writeText(_ text: String, to temporary: String, reportingAs path: String) throws(VFXError) {
        guard let file = fopen(temporary, "wb") else { throw systemError(path, "cannot write") }
        var utf8 = Array(text.utf8)
        let written = utf8.withUnsafeMutableBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let failed = written != utf8.count
        let code = errno
        guard fclose(file) == 0, !failed else { throw systemError(path, "cannot write", code) }
    }
}

/// Pipeline methods for LUTs (one line in PipelineExtensions).
enum LutPipelineMethods {
    static var table: [MethodDefinition] { [
        Method.oneArgument("add_lut", doc: """
            add_lut(lut): a native Lut1D (or its inverse) or Lut3D, as it is now (a snapshot).
            """, { object, lut in
            bridged {
                guard let lut else { throw PythonException.typeError("lut must be a vfxpy LUT") }
                let box = try LutBinding.box(lut)
                let operation = try releasingGIL { () throws(VFXError) in try box.operation() }
                return try PipelineBinding.append(object, operation)
            }
        }),
        Method.keywords("add_prelut", doc: """
            add_prelut(inputs, outputs): a Cinespace pre-LUT (3 channels of points).
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "add_prelut()", args: args, kwargs: kwargs, names: ["inputs", "outputs"], required: 2)
                guard let inputs = a["inputs"], let outputs = a["outputs"] else { throw PythonException.typeError("inputs and outputs are needed") }
                return try PipelineBinding.append(object, CSPPrelutOp(LutFileBinding.prelut(inputs, outputs)))
            }
        }),
    ] }
}
