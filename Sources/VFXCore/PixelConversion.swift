import CPixelKernels

/// Converts runs of channel values between pixel formats, in parallel.
public enum PixelConversion {
    /// Converts `count` values at `source` (in `sourceFormat`) into `destination` (in
    /// `destinationFormat`). The two regions must not overlap. `hardwareHalf: false`
    /// forces the portable half conversion (tests compare the two).
    public static func convert(from source: UnsafeRawPointer, format sourceFormat: PixelFormat,
                               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
                               count: Int, hardwareHalf: Bool = true) {
        let hasF16C = hardwareHalf && Self.hasF16C
        switch (sourceFormat, destinationFormat) {
        case (.u8, .u16): widenU8(source, destination, count)
        case (.u16, .u8): narrowU16(source, destination, count)
        case (.u8, .u8): copyBytes(from: source, to: destination, count: count)
        case (.u16, .u16), (.f16, .f16): copyBytes(from: source, to: destination, count: count * 2)
        case (.f32, .f32): copyBytes(from: source, to: destination, count: count * 4)
        case (.u8, .f16): normalize(source, UInt8.self, destination, Float16.self, count)
        case (.u8, .f32): normalize(source, UInt8.self, destination, Float.self, count)
        case (.u16, .f16): normalize(source, UInt16.self, destination, Float16.self, count)
        case (.u16, .f32): normalize(source, UInt16.self, destination, Float.self, count)
        case (.f16, .u8): normalize(source, Float16.self, destination, UInt8.self, count)
        case (.f16, .u16): normalize(source, Float16.self, destination, UInt16.self, count)
        case (.f16, .f32) where hasF16C:
            chunked(source, destination, count) { vfx_f16_to_f32($0, $1, $2) }
        case (.f16, .f32): normalize(source, Float16.self, destination, Float.self, count)
        case (.f32, .u8): normalize(source, Float.self, destination, UInt8.self, count)
        case (.f32, .u16): normalize(source, Float.self, destination, UInt16.self, count)
        case (.f32, .f16) where hasF16C:
            chunked(source, destination, count) { vfx_f32_to_f16($0, $1, $2) }
        case (.f32, .f16): normalize(source, Float.self, destination, Float16.self, count)
        }
    }

    /// True when the CPU converts halves in hardware (F16C).
    public static let hasF16C = vfx_has_f16c() != 0

    /// Runs a C bulk kernel over parallel chunks.
    private static func chunked<S, D>(
        _ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, _ count: Int, _ kernel: @escaping @Sendable (UnsafePointer<S>, UnsafeMutablePointer<D>, Int) -> Void
    ) {
        let src = UnsafeSendable(source.assumingMemoryBound(to: S.self))
        let dst = UnsafeSendable(destination.assumingMemoryBound(to: D.self))
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            kernel(src.value + range.lowerBound, dst.value + range.lowerBound, range.count)
        }
    }

    /// The generic path: through a normalized Float. The loop is specialized per pair
    /// of types (no closure call per value), so the compiler vectorizes it.
    private static func normalize<S: PixelComponent, D: PixelComponent>(
        _ source: UnsafeRawPointer, _: S.Type, _ destination: UnsafeMutableRawPointer, _: D.Type, _ count: Int
    ) {
        let src = UnsafeSendable(source.assumingMemoryBound(to: S.self))
        let dst = UnsafeSendable(destination.assumingMemoryBound(to: D.self))
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            let s = src.value, d = dst.value
            for i in range { d[i] = D(normalized: s[i].normalized) }
        }
    }

    /// u8 -> u16: v * 257 maps 255 to 65535 exactly.
    private static func widenU8(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, _ count: Int) {
        let src = UnsafeSendable(source.assumingMemoryBound(to: UInt8.self))
        let dst = UnsafeSendable(destination.assumingMemoryBound(to: UInt16.self))
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            let s = src.value, d = dst.value
            for i in range { d[i] = UInt16(s[i]) &* 257 }
        }
    }

    /// u16 -> u8: round(v / 257) exactly, in integers.
    private static func narrowU16(_ source: UnsafeRawPointer, _ destination: UnsafeMutableRawPointer, _ count: Int) {
        let src = UnsafeSendable(source.assumingMemoryBound(to: UInt16.self))
        let dst = UnsafeSendable(destination.assumingMemoryBound(to: UInt8.self))
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            let s = src.value, d = dst.value
            for i in range { d[i] = UInt8(truncatingIfNeeded: (UInt32(s[i]) &* 255 &+ 32767) / 65535) }
        }
    }
}
