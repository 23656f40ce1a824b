import PythonBridge
import VFXIO

/// Metadata between Swift values and Python objects: int, float, str, and tuples of
/// them for vectors.
enum MetadataConversion {
    static func toPython(_ value: MetadataValue) throws(PythonException) -> PyRef {
        switch value {
        case .int(let number): return try number.toPython()
        case .double(let number): return try number.toPython()
        case .string(let text): return try text.toPython()
        case .ints(let numbers): return try makeTuple(numbers.map { n throws(PythonException) in try n.toPython() })
        case .doubles(let numbers): return try makeTuple(numbers.map { n throws(PythonException) in try n.toPython() })
        case .strings(let texts): return try makeTuple(texts.map { t throws(PythonException) in try t.toPython() })
        }
    }

    static func toDict(_ metadata: Metadata) throws(PythonException) -> PyRef {
        var entries: [(String, PyRef)] = []
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            entries.append((key, try toPython(value)))
        }
        return try makeDict(entries)
    }

    /// A Python value as metadata: int, float, str, or a sequence of one of them.
    static func fromPython(_ object: PyPointer, name: String) throws(PythonException) -> MetadataValue {
        if let text = String(python: object) { return .string(text) }
        if isFloat(object) { return .double(try convertDouble(object, name: name)) }
        if isInt(object) { return .int(try convertInt(object, name: name)) }
        if let items = try sequenceItems(object) {
            if items.allSatisfy({ String(python: $0.pointer) != nil }) {
                return .strings(items.compactMap { String(python: $0.pointer) })
            }
            if items.allSatisfy({ isInt($0.pointer) }) {
                var numbers: [Int] = []
                for (index, item) in items.enumerated() { numbers.append(try convertInt(item.pointer, name: "\(name)[\(index)]")) }
                return .ints(numbers)
            }
            var numbers: [Double] = []
            for (index, item) in items.enumerated() { numbers.append(try convertDouble(item.pointer, name: "\(name)[\(index)]")) }
            return .doubles(numbers)
        }
        if hasIndex(object) { return .int(try convertInt(object, name: name)) }
        return .double(try convertDouble(object, name: name))
    }

    static func fromDict(_ dict: PyPointer, name: String) throws(PythonException) -> Metadata {
        guard isDict(dict) else { throw .typeError("\(name) must be a dict") }
        var metadata: Metadata = [:]
        for (text, value) in try dictItems(dict, keysMessage: "\(name) keys must be str") {
            metadata[text] = try fromPython(value, name: "\(name)['\(text)']")
        }
        return metadata
    }

    /// Write options (a dict of keyword arguments) as `WriteOptions`.
    static func options(_ dict: PyPointer?, function: String) throws(PythonException) -> WriteOptions {
        guard let dict else { return WriteOptions(function: function) }
        guard isDict(dict) else { throw .typeError("options must be a dict") }
        var values: [String: OptionValue] = [:]
        for (name, value) in try dictItems(dict, keysMessage: "option names must be str") {
            if isNone(value) { continue }
            if isBool(value) {
                values[name] = .bool(try convertBool(value, name: name))
                continue
            }
            switch try fromPython(value, name: name) {
            case .int(let number): values[name] = .int(number)
            case .double(let number): values[name] = .double(number)
            case .string(let text): values[name] = .string(text)
            case .ints(let numbers): values[name] = .ints(numbers)
            default: throw .typeError("\(name) has an unsupported value type \(pythonTypeName(value))")
            }
        }
        return WriteOptions(values, function: function)
    }
}
