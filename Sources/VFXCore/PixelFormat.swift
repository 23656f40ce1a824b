/// How one channel value of a pixel is stored.
///
/// Integer formats hold normalized values: 0 ↔ 0.0 and the largest code ↔ 1.0
/// (255 for `u8`, 65535 for `u16`). Float formats hold values as they are, so
/// scene-linear data above 1.0 and below 0.0 survive.
public enum PixelFormat: String, CaseIterable, Sendable {
    case u8, u16, f16, f32

    /// Bytes taken by one channel value.
    public var bytesPerComponent: Int {
        switch self {
        case .u8: 1
        case .u16, .f16: 2
        case .f32: 4
        }
    }

    /// True for `f16` and `f32`.
    public var isFloat: Bool { self == .f16 || self == .f32 }

    /// The PEP 3118 / struct-module code of one component ("B", "H", "e", "f").
    public var bufferFormatCode: String {
        switch self {
        case .u8: "B"
        case .u16: "H"
        case .f16: "e"
        case .f32: "f"
        }
    }

    /// Parses the names users write: "u8", "uint8", "u16", "uint16", "f16", "half",
    /// "float16", "f32", "float", "float32".
    public init?(name: String) {
        switch name.lowercased() {
        case "u8", "uint8": self = .u8
        case "u16", "uint16": self = .u16
        case "f16", "half", "float16": self = .f16
        case "f32", "float", "float32": self = .f32
        default: return nil
        }
    }
}
