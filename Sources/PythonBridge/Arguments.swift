import CPython

/// The positional and keyword arguments of one call, matched to parameter names the way
/// Python matches them; unknown, repeated or missing arguments raise `TypeError` naming
/// the function and the parameter.
public struct Arguments {
    /// The function name used in messages, e.g. "Image.new()".
    public let function: String
    /// The parameter names, and what was passed for each (borrowed; nil when not given):
    /// two arrays searched by name, not a dictionary, since a call has a handful of
    /// names and hashing them cost more than comparing (a third of `Image(arr)`).
    private let names: [String]
    private var values: [PyPointer?]

    /// Keyword arguments matching none of the names, in call order (borrowed): filled
    /// only when the function takes them (`**kwargs`), which `keywordCatchAll` says.
    public private(set) var extraKeywords: [(String, PyPointer)] = []

    /// Matches `args` (a tuple) and `kwargs` (a dict or NULL) against `names`; the first
    /// `required` names must be given. With `keywordCatchAll`, keywords that match no
    /// name go to `extraKeywords` (Python's `**kwargs`) instead of raising `TypeError`.
    public init(function: String, args: PyPointer?, kwargs: PyPointer?,
                names: [String], required: Int = 0, keywordCatchAll: Bool = false) throws(PythonException) {
        self.function = function
        self.names = names
        values = [PyPointer?](repeating: nil, count: names.count)
        let positional = Self.positionalCount(args)
        if positional > names.count {
            throw .typeError("\(function) takes at most \(names.count) positional arguments (\(positional) given)")
        }
        for index in 0..<positional {
            if let item = PyTuple_GetItem(args, index) { values[index] = item }
        }
        if let kwargs {
            for (name, value) in try dictItems(kwargs, keysMessage: "\(function) keywords must be strings") {
                guard let index = names.firstIndex(of: name) else {
                    if keywordCatchAll {
                        extraKeywords.append((name, value))
                        continue
                    }
                    throw .typeError("\(function) got an unexpected keyword argument '\(name)'")
                }
                guard values[index] == nil else {
                    throw .typeError("\(function) got multiple values for argument '\(name)'")
                }
                values[index] = value
            }
        }
        for (index, name) in names.prefix(required).enumerated() where values[index] == nil {
            throw .typeError("\(function) missing required argument '\(name)'")
        }
    }

    /// How many positional arguments `args` (a tuple, or NULL for none) holds.
    public static func positionalCount(_ args: PyPointer?) -> Int {
        args.map { PyTuple_Size($0) } ?? 0
    }

    /// The object passed for `name` (borrowed), nil when not given or given as None.
    public subscript(name: String) -> PyPointer? {
        guard let value = given(name), value != vfx_none() else { return nil }
        return value
    }

    /// The object passed for `name` (borrowed), None included; nil only when not given.
    public func given(_ name: String) -> PyPointer? {
        names.firstIndex(of: name).flatMap { values[$0] }
    }

    public func int(_ name: String, default fallback: Int) throws(PythonException) -> Int {
        try value(name, default: fallback, convertInt)
    }

    public func double(_ name: String, default fallback: Double) throws(PythonException) -> Double {
        try value(name, default: fallback, convertDouble)
    }

    public func bool(_ name: String, default fallback: Bool) throws(PythonException) -> Bool {
        try value(name, default: fallback, convertBool)
    }

    public func string(_ name: String, default fallback: String) throws(PythonException) -> String {
        try value(name, default: fallback, convertString)
    }

    /// `convert` of the object passed for `name`; `fallback` when it is not given or None.
    private func value<T>(_ name: String, default fallback: T,
                          _ convert: (PyPointer, String) throws(PythonException) -> T) throws(PythonException) -> T {
        guard let object = self[name] else { return fallback }
        return try convert(object, name)
    }
}
