import VFXCore

/// A write option's value as scripts pass it (`compression="zip"`, `quality=95`).
public enum OptionValue: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case ints([Int])
}

/// The options of one write. `ImageIO.write` and `Streaming.createWriter` check them
/// against the format's declared options first (`check(against:)`: unknown names, types
/// and allowed values, one message style for every format); the codec then takes the
/// ones it knows with the typed getters.
public struct WriteOptions: Sendable {
    public let function: String
    private var values: [String: OptionValue]

    /// `function` names the call in messages, e.g. "png.write()".
    public init(_ values: [String: OptionValue] = [:], function: String = "write()") {
        self.values = values
        self.function = function
    }

    public var isEmpty: Bool { values.isEmpty }

    /// Throws for an option `declaration` does not declare (naming those it does) and
    /// for a value its option does not take.
    public func check(against declaration: FormatDeclaration) throws(VFXError) {
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let option = declaration.writeOption(name) else {
                let known = declaration.writeOptions.map(\.name).joined(separator: ", ")
                throw .invalidArgument(name: name, message: "is not an option of \(function)"
                    + (known.isEmpty ? "" : " (it takes: \(known))"))
            }
            try option.check(value)
        }
    }

    public func int(_ name: String) throws(VFXError) -> Int? {
        try values[name].map { v throws(VFXError) in try WriteOptionSpec.int(v, name: name) }
    }

    public func double(_ name: String) throws(VFXError) -> Double? {
        try values[name].map { v throws(VFXError) in try WriteOptionSpec.double(v, name: name) }
    }

    public func string(_ name: String) throws(VFXError) -> String? {
        try values[name].map { v throws(VFXError) in try WriteOptionSpec.string(v, name: name) }
    }

    public func ints(_ name: String) throws(VFXError) -> [Int]? {
        try values[name].map { v throws(VFXError) in try WriteOptionSpec.ints(v, name: name) }
    }

    /// A string option of a fixed set (`WriteOptionSpec.Values.choice`), lower-cased.
    public func choice(_ name: String) throws(VFXError) -> String? {
        try string(name)?.lowercased()
    }
}
