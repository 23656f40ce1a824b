import VFXCore

/// One write option a format declares (`FormatDeclaration.writeOptions`): its name, the
/// values it takes and its default. `WriteOptions.check(against:)` validates a write's
/// options with these before the codec runs, so unknown names, wrong types and values
/// out of range read the same for every format; codecs then take values already valid,
/// and check only what depends on the image (PNG's channel count, EXR's bit_depth
/// against pixel_type).
public struct WriteOptionSpec: Sendable, Equatable {
    /// The values an option takes.
    public enum Values: Sendable, Equatable {
        /// An int in the range.
        case int(ClosedRange<Int>)
        /// One of these ints.
        case intChoice([Int])
        /// A finite number above 0 (and at most `maximum`, if given).
        case positive(maximum: Double?)
        /// One of these strings, in any case (the codec gets it lower-cased).
        case choice([String])
        /// One of these names, or a spelling of one the codec also knows (DPX takes
        /// "Printing density" for 'printing_density'): checked by the codec.
        case name([String])
        /// A string of the form `form` describes, checked by the codec.
        case text(form: String)
        /// `(width, height)`, each in the range and a multiple of `step`.
        case size(ClosedRange<Int>, step: Int)
    }

    public let name: String
    public let values: Values
    /// The default, in words: "95", "'zip'", "from the metadata, else the image's".
    public let defaultValue: String

    public init(_ name: String, _ values: Values, default defaultValue: String) {
        self.name = name
        self.values = values
        self.defaultValue = defaultValue
    }

    /// What the option takes, for messages and listings: "an int from 1 to 100",
    /// "one of 'none', 'lzw', 'zip'".
    public var summary: String {
        switch values {
        case .int(let range): return "an int from \(range.lowerBound) to \(range.upperBound)"
        case .intChoice(let choices): return "one of " + choices.map(String.init).joined(separator: ", ")
        case .positive(let maximum): return "a number above 0" + (maximum.map { ", at most \(Self.number($0))" } ?? "")
        case .choice(let choices), .name(let choices): return "one of " + choices.map { "'\($0)'" }.joined(separator: ", ")
        case .text(let form): return form
        case .size(let range, let step):
            return "(width, height), each from \(range.lowerBound) to \(range.upperBound)"
                + (step > 1 ? " and a multiple of \(step)" : "")
        }
    }

    /// Throws when `value` is not one this option takes: `.wrongType` for the wrong kind
    /// of value, `.invalidArgument` for one outside what it allows.
    func check(_ value: OptionValue) throws(VFXError) {
        switch values {
        case .int(let range):
            let number = try Self.int(value, name: name)
            guard range.contains(number) else { throw outside("\(number)") }
        case .intChoice(let choices):
            let number = try Self.int(value, name: name)
            guard choices.contains(number) else { throw outside("\(number)") }
        case .positive(let maximum):
            let number = try Self.double(value, name: name)
            guard number.isFinite, number > 0, number <= maximum ?? .infinity else { throw outside(Self.number(number)) }
        case .choice(let choices):
            let text = try Self.string(value, name: name)
            guard choices.contains(text.lowercased()) else { throw outside("'\(text)'") }
        case .name, .text:
            _ = try Self.string(value, name: name)
        case .size(let range, let step):
            let numbers = try Self.ints(value, name: name)
            guard numbers.count == 2, numbers.allSatisfy({ range.contains($0) && $0 % step == 0 }) else {
                throw outside("\(numbers)")
            }
        }
    }

    /// The uniform message of a value the option does not take.
    func outside(_ given: String) -> VFXError {
        .invalidArgument(name: name, message: "must be \(summary), got \(given)")
    }

    static func int(_ value: OptionValue, name: String) throws(VFXError) -> Int {
        switch value {
        case .int(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        default: throw .wrongType(name: name, message: "must be an int")
        }
    }

    static func double(_ value: OptionValue, name: String) throws(VFXError) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw .wrongType(name: name, message: "must be a number")
        }
    }

    static func string(_ value: OptionValue, name: String) throws(VFXError) -> String {
        guard case .string(let text) = value else { throw .wrongType(name: name, message: "must be a str") }
        return text
    }

    static func ints(_ value: OptionValue, name: String) throws(VFXError) -> [Int] {
        switch value {
        case .ints(let numbers): return numbers
        case .int(let number): return [number]
        default: throw .wrongType(name: name, message: "must be a sequence of ints")
        }
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
