import PythonBridge
import VFXColor
import VFXCore
import VFXLUT

/// `Pipeline.add_clf_file(path)`: reads a CLF / CTF file, appends its ops, and returns a
/// description of the file (used by `vfxpy.lut.read_clf`, stdlib/vfxpy/_clf.py).
enum CLFPipelineMethods {
    static var table: [MethodDefinition] { [
        Method.keywords("add_clf_file", doc: """
            add_clf_file(path) -> dict

            Reads an Academy CLF 3.0 (or Autodesk CTF) file, appends its process nodes to the
            pipeline as ops, and returns the file's description: id, name, description,
            input_descriptor, output_descriptor, version and ops (one dict per node: type,
            id, name, in_bit_depth, out_bit_depth, description, line and key parameters).
            Malformed files raise vfxpy.FormatError naming the file and the line.
            """, { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "add_clf_file()", args: args, kwargs: kwargs, names: ["path"], required: 1)
                guard let pathObject = a["path"], let path = String(python: pathObject) else {
                    throw PythonException.typeError("path must be a str")
                }
                let box = try PipelineBinding.box(object)
                let document = try releasingGIL { () throws(VFXError) in try CLFReader.read(path: path) }
                box.pipeline.append(contentsOf: document.pipeline)
                return try CLFConversion.dict(document).release()
            }
        }),
    ] }
}

/// CLF documents as Python dicts.
enum CLFConversion {
    static func dict(_ document: CLFDocument) throws(PythonException) -> PyRef {
        var entries: [(String, PyRef)] = [
            ("path", try document.path.toPython()),
            ("id", try optional(document.id)),
            ("name", try optional(document.name)),
            ("description", try document.descriptions.joined(separator: "\n").toPython()),
            ("descriptions", try makeList(document.descriptions.map { d throws(PythonException) in try d.toPython() })),
            ("input_descriptor", try optional(document.inputDescriptor)),
            ("output_descriptor", try optional(document.outputDescriptor)),
            ("version", try optional(document.version)),
        ]
        entries.append(("ops", try makeList(document.nodes.map { n throws(PythonException) in try node(n) })))
        return try makeDict(entries)
    }

    static func node(_ node: CLFNode) throws(PythonException) -> PyRef {
        var entries: [(String, PyRef)] = [
            ("type", try node.type.toPython()),
            ("id", try optional(node.id)),
            ("name", try optional(node.name)),
            ("in_bit_depth", try node.inBitDepth.rawValue.toPython()),
            ("out_bit_depth", try node.outBitDepth.rawValue.toPython()),
            ("description", try node.descriptions.joined(separator: "\n").toPython()),
            ("line", try node.line.toPython()),
        ]
        for (key, value) in node.parameters {
            entries.append((key, try python(value)))
        }
        return try makeDict(entries)
    }

    static func python(_ value: CLFValue) throws(PythonException) -> PyRef {
        switch value {
        case .text(let text): return try text.toPython()
        case .number(let number): return try number.toPython()
        case .integer(let integer): return try integer.toPython()
        case .flag(let flag): return flag.toPython()
        case .numbers(let numbers): return try makeList(numbers.map { v throws(PythonException) in try v.toPython() })
        }
    }

    static func optional(_ text: String?) throws(PythonException) -> PyRef {
        guard let text else { return PyRef.none }
        return try text.toPython()
    }
}
