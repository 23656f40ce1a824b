import VFXCore

/// Maps DPX integer codes to stored pixel values and back.
///
/// Reading: `code / max` normalized into the image format, computed exactly in integers
/// for u8/u16 (`round(code * 65535 / max)`) and as the nearest float for f32
/// (`Float(code) / Float(max)`, so 10-bit code c reads as exactly c/1023).
/// Writing: the inverse with rounding; floats are clamped to [0, 1] (NaN → 0) and
/// rounded to the nearest code, so c/1023 writes back as code c.
package protocol DPXSample: PixelComponent {
    /// The stored value of `code` out of `max`.
    static func decoded(_ code: Int, max: Int) -> Self
    /// The nearest code out of `max`.
    func code(max: Int) -> UInt16
}

extension UInt8: DPXSample {
    package static func decoded(_ code: Int, max: Int) -> UInt8 { UInt8(truncatingIfNeeded: (code * 255 + max / 2) / max) }
    package func code(max: Int) -> UInt16 { UInt16(truncatingIfNeeded: (Int(self) * max + 127) / 255) }
}

extension UInt16: DPXSample {
    package static func decoded(_ code: Int, max: Int) -> UInt16 { UInt16(truncatingIfNeeded: (code * 65535 + max / 2) / max) }
    package func code(max: Int) -> UInt16 { UInt16(truncatingIfNeeded: (Int(self) * max + 32767) / 65535) }
}

extension Float: DPXSample {
    package static func decoded(_ code: Int, max: Int) -> Float { Float(code) / Float(max) }
    @inline(__always) package func code(max: Int) -> UInt16 {
        let clamped: Float = self > 0 ? (self < 1 ? self : 1) : 0
        return UInt16(truncatingIfNeeded: Int32(clamped * Float(max) + 0.5))
    }
}

extension Float16: DPXSample {
    package static func decoded(_ code: Int, max: Int) -> Float16 { Float16(Double(code) / Double(max)) }
    @inline(__always) package func code(max: Int) -> UInt16 { Float(self).code(max: max) }
}

enum DPXSamples {
    /// `table[code]` for every code of `bitDepth`.
    static func decodeTable<T: DPXSample>(bitDepth: Int, _: T.Type) -> [T] {
        let max = (1 << bitDepth) - 1
        return (0...max).map { T.decoded($0, max: max) }
    }

    /// `table[value]` for every u8 or u16 value: its code at `bitDepth`.
    static func encodeTable<T: DPXSample & FixedWidthInteger>(bitDepth: Int, _: T.Type) -> [UInt16] {
        let max = (1 << bitDepth) - 1
        return (0...Int(T.max)).map { T(truncatingIfNeeded: $0).code(max: max) }
    }
}
