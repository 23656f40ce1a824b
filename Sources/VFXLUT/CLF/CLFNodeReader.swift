import VFXColor
import VFXCore

/// Reads one process node: the attributes every node has (id, name, in/out bit depth,
/// descriptions), then the node's own parameters, scaled to normalized values.
struct CLFNodeReader {
    let context: CLFContext
    let element: XMLTreeElement

    func read() throws(VFXError) -> (CLFNode, [any ColorOperation]) {
        var node = CLFNode(type: element.name, id: element.attributes["id"], name: element.attributes["name"],
                           inBitDepth: try bitDepth("inBitDepth"), outBitDepth: try bitDepth("outBitDepth"),
                           descriptions: element.children(named: "Description").map { CLFReader.trimmed($0.text) },
                           line: element.line, parameters: [])
        let operations: [any ColorOperation]
        switch element.name {
        case "LUT1D": operations = try readLut1D(&node, inverse: false)
        case "InvLUT1D", "InverseLUT1D": operations = try readLut1D(&node, inverse: true)
        case "LUT3D": operations = try readLut3D(&node, inverse: false)
        case "InvLUT3D", "InverseLUT3D": operations = try readLut3D(&node, inverse: true)
        case "Matrix": operations = try readMatrix(&node)
        case "Range": operations = try readRange(&node)
        case "Log": operations = try readLog(&node)
        case "Exponent", "Gamma": operations = try readExponent(&node)
        case "ASC_CDL": operations = try readCDL(&node)
        case "FixedFunction": operations = try readFixedFunction(&node)
        default: throw context.error(element, "unknown element <\(element.name)>")
        }
        return (node, operations)
    }

    // MARK: common parts

    func bitDepth(_ attribute: String) throws(VFXError) -> CLFBitDepth {
        try choice(attribute, of: CLFBitDepth.self, what: "a bit depth")
    }

    /// A required attribute naming one case of `T` (a bit depth, a Log or Exponent style);
    /// `what` ("a bit depth") names the kind in the error, which lists the allowed names.
    func choice<T: RawRepresentable & CaseIterable>(_ attribute: String, of _: T.Type,
                                                    what: String) throws(VFXError) -> T where T.RawValue == String {
        guard let text = element.attributes[attribute] else {
            throw context.error(element, "<\(element.name)> is missing the required attribute \(attribute)")
        }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw context.error(element, "\(attribute)=\"\(text)\" is not \(what) (\(allowed))")
        }
        return value
    }

    /// Runs an op initializer, turning its argument errors into format errors at this node.
    func make<T>(_ body: () throws(VFXError) -> T) throws(VFXError) -> T {
        do {
            return try body()
        } catch {
            if case .invalidArgument = error { throw context.error(element, "<\(element.name)>: \(error.description)") }
            throw error
        }
    }

    func rejectUnsupportedChildren(_ names: [String]) throws(VFXError) {
        for child in element.children where names.contains(child.name) {
            throw .unsupported("\(context.path): line \(child.line): <\(child.name)> in <\(element.name)> is not supported")
        }
    }

    func flag(_ attribute: String) throws(VFXError) -> Bool {
        guard let text = element.attributes[attribute] else { return false }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw context.error(element, "\(attribute)=\"\(text)\" must be true or false")
        }
    }

    func number(_ text: String?, _ what: String, in owner: XMLTreeElement) throws(VFXError) -> Double? {
        guard let text else { return nil }
        guard let value = Double(CLFReader.trimmed(text)), value.isFinite else {
            throw context.error(owner, "\(what) \"\(CLFReader.trimmed(text))\" is not a finite number")
        }
        return value
    }

    /// The whitespace-separated numbers of an element's text; the error names the line of the bad token.
    func numbers(_ owner: XMLTreeElement, allowNonFinite: Bool = false) throws(VFXError) -> [Double] {
        // the usual case, parsed in place: plain decimal numbers between whitespace
        var text = owner.text
        if let values = text.withUTF8({ Self.plainNumbers($0) }) { return values }
        var values: [Double] = []
        var line = owner.line
        var token: [UInt8] = []
        var tokenLine = line
        func flush() throws(VFXError) {
            guard !token.isEmpty else { return }
            if let value = token.withUnsafeBufferPointer(DecimalNumber.parse) {
                values.append(value)
                token.removeAll(keepingCapacity: true)
                return
            }
            let text = String(decoding: token, as: UTF8.self)
            guard let value = Double(text), allowNonFinite || value.isFinite else {
                throw context.error(line: tokenLine, "\"\(text.prefix(40))\" in <\(owner.name)> is not a number")
            }
            values.append(value)
            token.removeAll(keepingCapacity: true)
        }
        for byte in owner.text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ","):
                try flush()
            case UInt8(ascii: "\n"):
                try flush()
                line += 1
            default:
                if token.isEmpty { tokenLine = line }
                token.append(byte)
            }
        }
        try flush()
        return values
    }

    /// The numbers of `text` when every token is one DecimalNumber parses (separated by
    /// spaces, tabs, line ends or commas), else nil (then `numbers` goes token by token,
    /// with its errors and line numbers).
    static func plainNumbers(_ text: UnsafeBufferPointer<UInt8>) -> [Double]? {
        var values: [Double] = []
        values.reserveCapacity(text.count / 8)
        var i = 0
        let count = text.count
        while i < count {
            let byte = text[i]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: ",") {
                i += 1
                continue
            }
            var end = i + 1
            while end < count {
                let b = text[end]
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r")
                    || b == UInt8(ascii: "\n") || b == UInt8(ascii: ",") { break }
                end += 1
            }
            guard let value = DecimalNumber.parse(UnsafeBufferPointer(rebasing: text[i..<end])) else { return nil }
            values.append(value)
            i = end
        }
        return values
    }

    /// The `<Array dim="...">` child: its dimensions and values (checked against the dims).
    func array(allowNonFinite: Bool = false) throws(VFXError) -> (dims: [Int], values: [Double], line: Int) {
        let arrays = element.children(named: "Array")
        guard let array = arrays.first else { throw context.error(element, "<\(element.name)> has no <Array>") }
        guard arrays.count == 1 else { throw context.error(arrays[1], "<\(element.name)> has more than one <Array>") }
        guard let dimText = array.attributes["dim"] else {
            throw context.error(array, "<Array> is missing the required attribute dim")
        }
        var dims: [Int] = []
        for part in dimText.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            guard let d = Int(part), d > 0 else { throw context.error(array, "dim=\"\(dimText)\" must be positive integers") }
            dims.append(d)
        }
        let values = try numbers(array, allowNonFinite: allowNonFinite)
        return (dims, values, array.line)
    }

    func expectCount(_ values: [Double], _ expected: Int, line: Int, dims: String) throws(VFXError) {
        guard values.count == expected else {
            let needs = expected == Int.max ? "more" : "\(expected)"
            throw context.error(line: line, "<Array dim=\"\(dims)\"> needs \(needs) values, found \(values.count)")
        }
    }
}
