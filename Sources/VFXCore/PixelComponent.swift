/// A stored channel value that converts to and from a normalized `Float`.
///
/// Integers map their full range onto [0, 1] (u8 255 ↔ 1.0, u16 65535 ↔ 1.0); converting
/// a float to an integer clamps to [0, 1], maps NaN to 0 and rounds half up. Half floats
/// round to nearest even, and overflow to ±infinity as IEEE 754 and OpenEXR do.
public protocol PixelComponent: Sendable {
    static var format: PixelFormat { get }
    var normalized: Float { get }
    init(normalized value: Float)
}

/// The unsigned integer components: `max` (255, 65535) is 1.0. Inlinable, so that callers
/// in other modules get it specialized for their type (as fast as a concrete copy).
extension PixelComponent where Self: FixedWidthInteger & UnsignedInteger {
    @inlinable @inline(__always) public var normalized: Float { Float(self) / Float(Self.max) }
    @inlinable @inline(__always) public init(normalized value: Float) {
        let clamped = clampUnit(value)
        self.init(truncatingIfNeeded: Int32(clamped * Float(Self.max) + 0.5))
    }
}

extension UInt8: PixelComponent {
    public static var format: PixelFormat { .u8 }
}

extension UInt16: PixelComponent {
    public static var format: PixelFormat { .u16 }
}

extension Float16: PixelComponent {
    public static var format: PixelFormat { .f16 }
    @inline(__always) public var normalized: Float { Float(self) }
    @inline(__always) public init(normalized value: Float) { self.init(value) }
}

extension Float: PixelComponent {
    public static var format: PixelFormat { .f32 }
    @inline(__always) public var normalized: Float { self }
    @inline(__always) public init(normalized value: Float) { self = value }
}

/// Clamps to [0, 1]; NaN (which fails every comparison) becomes 0.
@inlinable @inline(__always) func clampUnit(_ value: Float) -> Float {
    value > 0 ? (value < 1 ? value : 1) : 0
}
