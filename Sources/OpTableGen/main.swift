import Foundation

// Reads an op table (Sources/VFXColor/Ops/ColorOps.table; its header describes the
// format) and writes the GLSL and the Swift that both sides of the fused chain shader
// build on: op codes, parameter accessors and packing, and the shader's dispatch.
// Run by the SPIRVEmbed build plugin: OpTableGen <table> <out.glsl> <out.swift>.

struct Failure: Error, CustomStringConvertible {
    let description: String
}

enum ParameterType {
    case u32, f32, bool, vec3, vec4, f32Array(Int), f32Tail, f64Tail

    init(_ text: Substring, line: Int) throws {
        switch text {
        case "u32": self = .u32
        case "f32": self = .f32
        case "bool": self = .bool
        case "vec3": self = .vec3
        case "vec4": self = .vec4
        case "f32[]": self = .f32Tail
        case "f64[]": self = .f64Tail
        default:
            if text.hasPrefix("f32["), text.hasSuffix("]"), let n = Int(text.dropFirst(4).dropLast()), n > 0 {
                self = .f32Array(n)
            } else {
                throw Failure(description: "line \(line): unknown parameter type '\(text)'")
            }
        }
    }

    /// Words it takes; nil for a trailing array.
    var words: Int? {
        switch self {
        case .u32, .f32, .bool: 1
        case .vec3: 3
        case .vec4: 4
        case .f32Array(let n): n
        case .f32Tail, .f64Tail: nil
        }
    }

    var swiftType: String {
        switch self {
        case .u32: "UInt32"
        case .f32: "Float"
        case .bool: "Bool"
        case .vec3: "SIMD3<Float>"
        case .vec4: "SIMD4<Float>"
        case .f32Array, .f32Tail: "[Float]"
        case .f64Tail: "[Double]"
        }
    }
}

struct Parameter {
    let name: String
    let type: ParameterType
    let offset: Int
}

struct Op {
    let name: String
    let file: String
    let function: String
    let hasTable: Bool
    let float64: Bool
    let variants: Int
    let parameters: [Parameter]
    var code = 0
}

struct Enumeration {
    let name: String
    let cases: [String]
}

func isIdentifier(_ s: Substring) -> Bool {
    guard let first = s.first, first.isLetter else { return false }
    return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
}

func parse(_ text: String) throws -> (ops: [Op], enums: [Enumeration]) {
    var ops: [Op] = []
    var enums: [Enumeration] = []
    var names = Set<String>()
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = index + 1
        let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let head = fields.first else { continue }
        if head == "enum" {
            guard fields.count >= 3, fields.dropFirst().allSatisfy(isIdentifier) else {
                throw Failure(description: "line \(line): expected 'enum <name> <case>...'")
            }
            enums.append(Enumeration(name: String(fields[1]), cases: fields.dropFirst(2).map(String.init)))
            continue
        }
        guard fields.count >= 5 else {
            throw Failure(description: "line \(line): expected '<op> <file> <function> <flags> <parameters>'")
        }
        let name = String(fields[0])
        guard isIdentifier(fields[0]), isIdentifier(fields[2]), names.insert(name).inserted else {
            throw Failure(description: "line \(line): bad or repeated op name '\(name)' or function '\(fields[2])'")
        }
        var hasTable = false, float64 = false, variants = 1
        if fields[3] != "-" {
            for flag in fields[3].split(separator: ",") {
                if flag == "table" { hasTable = true; continue }
                if flag == "float64" { float64 = true; continue }
                if flag.hasPrefix("variants=") {
                    let value = flag.dropFirst("variants=".count)
                    if let n = Int(value), n > 0 { variants = n; continue }
                    if value.hasPrefix("2*"), let e = enums.first(where: { $0.name == value.dropFirst(2) }) {
                        variants = 2 * e.cases.count
                        continue
                    }
                }
                throw Failure(description: "line \(line): unknown flag '\(flag)'")
            }
        }
        var parameters: [Parameter] = []
        var offset = 0
        var closed = false
        if !(fields.count == 5 && fields[4] == "-") {
            for field in fields.dropFirst(4) {
                let parts = field.split(separator: ":")
                guard parts.count == 2, isIdentifier(parts[0]), !closed else {
                    throw Failure(description: "line \(line): bad parameter '\(field)' (name:type; a trailing array last)")
                }
                let type = try ParameterType(parts[1], line: line)
                guard !parameters.contains(where: { $0.name == parts[0] }), parts[0] != "table", parts[0] != "variant" else {
                    throw Failure(description: "line \(line): repeated or reserved parameter name '\(parts[0])'")
                }
                parameters.append(Parameter(name: String(parts[0]), type: type, offset: offset))
                if let words = type.words { offset += words } else { closed = true }
            }
        }
        ops.append(Op(name: name, file: String(fields[1]), function: String(fields[2]), hasTable: hasTable,
                      float64: float64, variants: variants, parameters: parameters))
    }
    var code = 1
    for i in ops.indices {
        ops[i].code = code
        code += ops[i].variants
    }
    return (ops, enums)
}

func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

func glsl(_ ops: [Op], _ enums: [Enumeration], source: String) -> String {
    var out = "// Generated by OpTableGen from \(source); do not edit.\n"
    out += "// Op codes, parameter accessors (words from b, the op's first parameter word), each\n"
    out += "// op's GLSL, and run_op: the fused chain shader's dispatch.\n\n"
    for e in enums {
        for (i, c) in e.cases.enumerated() { out += "const uint \(e.name)_\(c) = \(i)u;\n" }
        out += "const uint \(e.name)_count = \(e.cases.count)u;\n\n"
    }
    for op in ops {
        out += "const uint OP_\(op.name) = \(op.code)u;\n"
    }
    var included = Set<String>()
    for op in ops {
        out += "\n// \(op.name)\n"
        if op.float64 { out += "#ifdef VFX_FLOAT64\n" }
        for p in op.parameters {
            let f = "\(op.name)_\(p.name)"
            let k = p.offset
            func at(_ j: Int) -> String { k + j == 0 ? "b" : "b + \(k + j)u" }
            switch p.type {
            case .u32: out += "uint \(f)(uint b) { return pu(\(at(0))); }\n"
            case .f32: out += "float \(f)(uint b) { return pf(\(at(0))); }\n"
            case .bool: out += "bool \(f)(uint b) { return pu(\(at(0))) != 0u; }\n"
            case .vec3: out += "vec3 \(f)(uint b) { return vec3(pf(\(at(0))), pf(\(at(1))), pf(\(at(2)))); }\n"
            case .vec4: out += "vec4 \(f)(uint b) { return vec4(pf(\(at(0))), pf(\(at(1))), pf(\(at(2))), pf(\(at(3)))); }\n"
            case .f32Array, .f32Tail: out += "float \(f)(uint b, uint i) { return pf(\(at(0)) + i); }\n"
            case .f64Tail:
                out += "double \(f)(uint b, uint i) {\n"
                out += "    uint w = \(at(0)) + 2u * i;\n"
                out += "    return packDouble2x32(uvec2(pu(w), pu(w + 1u)));\n}\n"
            }
        }
        if op.float64 { out += "#endif\n" }
    }
    // The ops' GLSL after every accessor: a file may hold several ops (cdl.glsl).
    out += "\n"
    for op in ops where included.insert(op.file).inserted {
        let float64 = ops.filter { $0.file == op.file }.allSatisfy(\.float64)
        out += float64 ? "#ifdef VFX_FLOAT64\n#include \"\(op.file)\"\n#endif\n" : "#include \"\(op.file)\"\n"
    }
    guard !ops.isEmpty else { return out }
    out += "\nvec4 run_op(uint code, vec4 p, uint b, uint t) {\n"
    func call(_ op: Op, variant: String?) -> String {
        var arguments = ["p"]
        if let variant { arguments.append(variant) }
        arguments.append("b")
        if op.hasTable { arguments.append("t") }
        return "\(op.function)(\(arguments.joined(separator: ", ")))"
    }
    out += "    switch (code) {\n"
    for op in ops where op.variants == 1 {
        if op.float64 { out += "#ifdef VFX_FLOAT64\n" }
        out += "    case OP_\(op.name): return \(call(op, variant: nil));\n"
        if op.float64 { out += "#endif\n" }
    }
    out += "    }\n"
    for op in ops where op.variants > 1 {
        if op.float64 { out += "#ifdef VFX_FLOAT64\n" }
        out += "    if (code >= OP_\(op.name) && code < OP_\(op.name) + \(op.variants)u) "
        out += "return \(call(op, variant: "code - OP_\(op.name)"));\n"
        if op.float64 { out += "#endif\n" }
    }
    out += "    return p;\n}\n"
    return out
}

func swift(_ ops: [Op], _ enums: [Enumeration], source: String) -> String {
    var out = "// Generated by OpTableGen from \(source); do not edit.\n"
    for e in enums {
        out += "\n/// `\(e.name)` of \(source): the same numbers as GLSL's `\(e.name)_<case>`.\n"
        out += "public enum GPU\(capitalized(e.name)): UInt32, Sendable, CaseIterable {\n"
        out += "    case " + e.cases.enumerated().map { "\($0.element) = \($0.offset)" }.joined(separator: ", ") + "\n"
        out += "}\n"
    }
    guard !ops.isEmpty else { return out }
    out += "\nextension GPUKernel {\n"
    out += "    /// The op codes of chain.comp's dispatch (\(source)); 0 is no op.\n"
    out += "    public enum Operation: UInt32, Sendable, CaseIterable {\n"
    out += "        case " + ops.map { "\($0.name) = \($0.code)" }.joined(separator: ", ") + "\n\n"
    out += "        /// How many consecutive codes the op takes (its variants).\n"
    out += "        public var variants: UInt32 {\n            switch self {\n"
    for op in ops { out += "            case .\(op.name): \(op.variants)\n" }
    out += "            }\n        }\n\n"
    out += "        /// True for ops compiled only into chain64.comp (float64 shader code).\n"
    out += "        public var needsFloat64: Bool {\n            switch self {\n"
    for op in ops { out += "            case .\(op.name): \(op.float64)\n" }
    out += "            }\n        }\n    }\n"
    for op in ops {
        var labels = op.variants > 1 ? ["variant: UInt32"] : []
        labels += op.parameters.map { "\($0.name): \($0.type.swiftType)" }
        if op.hasTable { labels.append("table: [Float]") }
        let layout = op.parameters.isEmpty ? "no parameters"
            : op.parameters.map { "\($0.name) (\($0.offset))" }.joined(separator: ", ")
        out += "\n    /// \(op.file)'s `\(op.function)`; words: \(layout).\n"
        out += "    public static func \(op.name)(\(labels.joined(separator: ", "))) -> GPUKernel {\n"
        var code = "Operation.\(op.name).rawValue"
        if op.variants > 1 {
            out += "        precondition(variant < \(op.variants), \"\(op.name) has \(op.variants) variants\")\n"
            code += " + variant"
        }
        let fixed = op.parameters.compactMap(\.type.words).reduce(0, +)
        out += "        var words: [UInt32] = []\n"
        out += "        words.reserveCapacity(\(fixed))\n"
        for p in op.parameters {
            switch p.type {
            case .u32: out += "        words.append(\(p.name))\n"
            case .f32: out += "        words.append(\(p.name).bitPattern)\n"
            case .bool: out += "        words.append(\(p.name) ? 1 : 0)\n"
            case .vec3: out += "        words += [\(p.name).x.bitPattern, \(p.name).y.bitPattern, \(p.name).z.bitPattern]\n"
            case .vec4:
                out += "        words += [\(p.name).x.bitPattern, \(p.name).y.bitPattern, \(p.name).z.bitPattern, \(p.name).w.bitPattern]\n"
            case .f32Array(let n):
                out += "        precondition(\(p.name).count == \(n), \"\(op.name): \(p.name) takes \(n) floats\")\n"
                out += "        words += \(p.name).map(\\.bitPattern)\n"
            case .f32Tail: out += "        words += \(p.name).map(\\.bitPattern)\n"
            case .f64Tail:
                out += "        for value in \(p.name) {\n"
                out += "            words += [UInt32(truncatingIfNeeded: value.bitPattern), UInt32(truncatingIfNeeded: value.bitPattern >> 32)]\n"
                out += "        }\n"
            }
        }
        out += "        return GPUKernel(code: \(code), parameters: words, table: \(op.hasTable ? "table" : "[]"), "
        out += "needsFloat64: \(op.float64))\n    }\n"
    }
    out += "}\n"
    return out
}

func write(_ text: String, to path: String) throws {
    // Rewritten only when changed, so the shaders and Swift that depend on it are not
    // rebuilt for nothing.
    if let old = try? String(contentsOfFile: path, encoding: .utf8), old == text { return }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: OpTableGen <table> <out.glsl> <out.swift>\n".utf8))
    exit(2)
}
do {
    let table = try String(contentsOfFile: arguments[1], encoding: .utf8)
    let (ops, enums) = try parse(table)
    let source = URL(fileURLWithPath: arguments[1]).lastPathComponent
    try write(glsl(ops, enums, source: source), to: arguments[2])
    try write(swift(ops, enums, source: source), to: arguments[3])
} catch {
    FileHandle.standardError.write(Data("OpTableGen: \(arguments[1]): \(error)\n".utf8))
    exit(1)
}
