import PythonBridge

/// A JSON value: what hooks take as their context and give back as their result. Crosses
/// into Python as None, bool, int, float, str, list and dict (and back) without Foundation.
public enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value under `key` of an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// Compact JSON text with sorted keys (deterministic, for logs and tests).
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): value.isFinite ? String(value) : "null"
        case .string(let value): Self.quoted(value)
        case .array(let items): "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { Self.quoted($0) + ":" + (members[$0] ?? .null).description }
                .joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// The Python object for this value (hold the GIL).
    func toPython() throws(PythonException) -> PyRef {
        switch self {
        case .null: return PyRef.none
        case .bool(let value): return value.toPython()
        case .int(let value): return try value.toPython()
        case .double(let value): return try value.toPython()
        case .string(let value): return try value.toPython()
        case .array(let items):
            var converted: [PyRef] = []
            converted.reserveCapacity(items.count)
            for item in items { converted.append(try item.toPython()) }
            return try makeList(converted)
        case .object(let members):
            var entries: [(String, PyRef)] = []
            entries.reserveCapacity(members.count)
            for (key, value) in members { entries.append((key, try value.toPython())) }
            return try makeDict(entries)
        }
    }

    /// Converts a Python object made of None, bool, int, float, str, list/tuple and dicts
    /// with str keys; anything else (or NaN, infinities, ints beyond 64 bits) is a
    /// `TypeError`/`ValueError` naming where in the value it sits (hold the GIL).
    init(python object: PyPointer, at location: String = "result") throws(PythonException) {
        if isNone(object) {
            self = .null
        } else if isBool(object) {
            self = .bool(try convertBool(object, name: location))
        } else if isInt(object) {
            do {
                self = .int(try convertInt(object, name: location))
            } catch {
                throw .valueError("\(location): integer out of the 64-bit range")
            }
        } else if isFloat(object) {
            let value = try convertDouble(object, name: location)
            guard value.isFinite else { throw .valueError("\(location): \(value) is not a JSON number") }
            self = .double(value)
        } else if isStr(object) {
            guard let text = String(python: object) else { throw .alreadySet }
            self = .string(text)
        } else if isList(object) || isTuple(object) {
            guard let items = try sequenceItems(object) else { throw .alreadySet }
            var values: [JSONValue] = []
            values.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                values.append(try JSONValue(python: item.pointer, at: "\(location)[\(index)]"))
            }
            self = .array(values)
        } else if isDict(object) {
            var members: [String: JSONValue] = [:]
            for (key, value) in dictEntries(object) {
                guard isStr(key.pointer), let name = String(python: key.pointer) else {
                    throw .typeError("\(location): dict keys must be str, not \(key.typeName)")
                }
                members[name] = try JSONValue(python: value.pointer, at: "\(location)[\"\(name)\"]")
            }
            self = .object(members)
        } else {
            throw .typeError("\(location): \(pythonTypeName(object)) is not JSON-able "
                + "(use None, bool, int, float, str, list or dict)")
        }
    }
}
