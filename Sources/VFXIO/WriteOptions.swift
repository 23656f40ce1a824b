import VFXCore

/// A write option's value as scripts pass it (`compression="zip"`, `quality=95`).
public enum OptionValue: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case ints([Int])
}

/// The options of one write. A codec takes the ones it knows with the typed getters and
/// finally calls `finish()`, which rejects any it did not take, so a misspelled option
/// is an error, never silently ignored.
public struct WriteOptions: Sendable {
    public let function: String
    private var values: [String: OptionValue]
    private var taken: Set<String> = []

    /// `function` names the call in messages, e.g. "png.write()".
    public init(_ values: [String: OptionValue] = [:], function: String = "write()") {
        self.values = values
        self.function = function
    }

    public var isEmpty: Bool { values.isEmpty }

    public mutating func int(_ name: String) throws(VFXError) -> Int? {
        guard let value = take(name) else { return nil }
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: throw .wrongType(name: name, message: "must be an int")
        }
    }

    public mutating func double(_ name: String) throws(VFXError) -> Double? {
        guard let value = take(name) else { return nil }
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw .wrongType(name: name, message: "must be a number")
        }
    }

    public mutating func string(_ name: String) throws(VFXError) -> String? {
        guard let value = take(name) else { return nil }
        guard case .string(let text) = value else { throw .wrongType(name: name, message: "must be a str") }
        return text
    }

    public mutating func bool(_ name: String) throws(VFXError) -> Bool? {
        guard let value = take(name) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        default: throw .wrongType(name: name, message: "must be a bool")
        }
    }

    public mutating func ints(_ name: String) throws(VFXError) -> [Int]? {
        guard let value = take(name) else { return nil }
        switch value {
        case .ints(let numbers): return numbers
        case .int(let number): return [number]
        default: throw .wrongType(name: name, message: "must be a sequence of ints")
        }
    }

    /// A string option that must be one of `choices`.
    public mutating func choice(_ name: String, _ choices: [String]) throws(VFXError) -> String? {
        guard let text = try string(name) else { return nil }
        let lowered = text.lowercased()
        guard choices.contains(lowered) else {
            throw .invalidArgument(name: name, message: "must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), got '\(text)'")
        }
        return lowered
    }

    /// Throws for options nobody took.
    public func finish() throws(VFXError) {
        let unknown = Set(values.keys).subtracting(taken).sorted()
        if let first = unknown.first {
            let known = taken.sorted().joined(separator: ", ")
            throw .invalidArgument(name: first, message: "is not an option of \(function)"
                + (known.isEmpty ? "" : " (it takes: \(known))"))
        }
    }

    private mutating func take(_ name: String) -> OptionValue? {
        taken.insert(name)
        return values[name]
    }
}
