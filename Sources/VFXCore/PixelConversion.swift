/// Converts runs of channel values between pixel formats, in parallel.
public enum PixelConversion {
    /// Converts `count` values at `source` (in `sourceFormat`) into `destination` (in
    /// `destinationFormat`). The two regions must not overlap.
    public static func convert(from source: UnsafeRawPointer, format sourceFormat: PixelFormat,
                               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
                               count: Int) {
        switch (sourceFormat, destinationFormat) {
        case (.u8, .u16): run(source, destination, count) { (v: UInt8) -> UInt16 in UInt16(v) &* 257 }
        case (.u16, .u8): run(source, destination, count) { (v: UInt16) -> UInt8 in
            // round(v / 257) exactly, without going through floats.
            UInt8(truncatingIfNeeded: (UInt32(v) &* 255 &+ 32767) / 65535)
        }
        case (.u8, .u8): copyBytes(from: source, to: destination, count: count)
        case (.u16, .u16), (.f16, .f16): copyBytes(from: source, to: destination, count: count * 2)
        case (.f32, .f32): copyBytes(from: source, to: destination, count: count * 4)
        case (.u8, .f16): normalize(source, UInt8.self, destination, Float16.self, count)
        case (.u8, .f32): normalize(source, UInt8.self, destination, Float.self, count)
        case (.u16, .f16): normalize(source, UInt16.self, destination, Float16.self, count)
        case (.u16, .f32): normalize(source, UInt16.self, destination, Float.self, count)
        case (.f16, .u8): normalize(source, Float16.self, destination, UInt8.self, count)
        case (.f16, .u16): normalize(source, Float16.self, destination, UInt16.self, count)
        case (.f16, .f32): normalize(source, Float16.self, destination, Float.self, count)
        case (.f32, .u8): normalize(source, Float.self, destination, UInt8.self, count)
        case (.f32, .u16): normalize(source, Float.self, destination, UInt16.self, count)
        case (.f32, .f16): normalize(source, Float.self, destination, Float16.self, count)
        }
    }

    private static func normalize<S: PixelComponent, D: PixelComponent>(
        _ source: UnsafeRawPointer, _: S.Type, _ destination: UnsafeMutableRawPointer, _: D.Type, _ count: Int
    ) {
        run(source, destination, count) { (v: S) -> D in D(normalized: v.normalized) }
    }

    @inline(__always)
    private static func run<S, D>(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer,
                                  _ count: Int, _ transform: @escaping @Sendable (S) -> D) {
        let src = UnsafeSendable(source.assumingMemoryBound(to: S.self))
        let dst = UnsafeSendable(destination.assumingMemoryBound(to: D.self))
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            let s = src.value, d = dst.value
            for i in range { d[i] = transform(s[i]) }
        }
    }
}
