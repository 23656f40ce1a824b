import VFXCore

/// One metadata value as files hold them and Python sees them: numbers, text, and
/// fixed-length vectors (EXR box2i → 4 ints, m44f → 16 doubles, chromaticities → 8).
public enum MetadataValue: Sendable, Equatable {
    case int(Int)
    case double(Double)
    case string(String)
    case ints([Int])
    case doubles([Double])
    case strings([String])

    /// The value as one number, if it is one.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as numbers, if it is a number or a vector of them.
    public var numbers: [Double]? {
        switch self {
        case .int(let value): [Double(value)]
        case .double(let value): [value]
        case .ints(let values): values.map(Double.init)
        case .doubles(let values): values
        default: nil
        }
    }

    /// The value as text, if it is text.
    public var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

/// A file's attributes by name (EXR header attribute names, "dpx:..." fields, ...).
public typealias Metadata = [String: MetadataValue]

/// An image with the attributes read from, or to be written to, a file.
public struct ImageWithMetadata: @unchecked Sendable {
    public var image: Image
    public var metadata: Metadata

    public init(image: Image, metadata: Metadata = [:]) {
        self.image = image
        self.metadata = metadata
    }
}
