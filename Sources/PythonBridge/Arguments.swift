import CPython

/// The positional and keyword arguments of one call, matched to parameter names the way
/// Python matches them; unknown, repeated or missing arguments raise `TypeError` naming
/// the function and the parameter.
public struct Arguments {
    /// The function name used in messages, e.g. "Image.new()".
    public let function: String
    private var values: [String: PyPointer] = [:]

    /// Matches `args` (a tuple) and `kwargs` (a dict or NULL) against `names`; the first
    /// `required` names must be given.
    public init(function: String, args: PyPointer?, kwargs: PyPointer?,
                names: [String], required: Int = 0) throws(PythonException) {
        self.function = function
        let positional = args.map { PyTuple_Size($0) } ?? 0
        if positional > names.count {
            throw .typeError("\(function) takes at most \(names.count) positional arguments (\(positional) given)")
        }
        for index in 0..<positional {
            if let item = PyTuple_GetItem(args, index) { values[names[index]] = item }
        }
        if let kwargs {
            for (name, value) in try dictItems(kwargs, keysMessage: "\(function) keywords must be strings") {
                guard names.contains(name) else {
                    throw .typeError("\(function) got an unexpected keyword argument '\(name)'")
                }
                guard values[name] == nil else {
                    throw .typeError("\(function) got multiple values for argument '\(name)'")
                }
                values[name] = value
            }
        }
        for name in names.prefix(required) where values[name] == nil {
            throw .typeError("\(function) missing required argument '\(name)'")
        }
    }

    /// The object passed for `name` (borrowed), nil when not given or given as None.
    public subscript(name: String) -> PyPointer? {
        guard let value = values[name], value != vfx_none() else { return nil }
        return value
    }

    public func int(_ name: String, default fallback: Int) throws(PythonException) -> Int {
        guard let object = self[name] else { return fallback }
        return try convertInt(object, name: name)
    }

    public func double(_ name: String, default fallback: Double) throws(PythonException) -> Double {
        guard let object = self[name] else { return fallback }
        return try convertDouble(object, name: name)
    }

    public func bool(_ name: String, default fallback: Bool) throws(PythonException) -> Bool {
        guard let object = self[name] else { return fallback }
        return try convertBool(object, name: name)
    }

    public func string(_ name: String, default fallback: String) throws(PythonException) -> String {
        guard let object = self[name] else { return fallback }
        return try convertString(object, name: name)
    }
}

/// The items of a dict whose keys must all be `str` (borrowed values, in dict order);
/// a non-str key raises `TypeError` with `keysMessage`.
public func dictItems(_ dict: PyPointer, keysMessage: String) throws(PythonException) -> [(String, PyPointer)] {
    var items: [(String, PyPointer)] = []
    var position = 0
    var key: PyPointer?
    var value: PyPointer?
    while PyDict_Next(dict, &position, &key, &value) != 0 {
        guard let key, let value, let name = String(python: key) else { throw .typeError(keysMessage) }
        items.append((name, value))
    }
    return items
}
