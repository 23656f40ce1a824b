/// Converts runs of channel values between pixel formats, in parallel, through
/// `PixelLoader` (one conversion to and from float, CPixelKernels' block conversion).
public enum PixelConversion {
    /// Values per step of the conversions that pass through float (a stack buffer).
    private static let stage = 1024

    /// Converts `count` values at `source` (in `sourceFormat`) into `destination` (in
    /// `destinationFormat`). The two regions must not overlap.
    public static func convert(from source: UnsafeRawPointer, format sourceFormat: PixelFormat,
                               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
                               count: Int) {
        switch (sourceFormat, destinationFormat) {
        case (.u8, .u16): widenU8(source, destination, count)
        case (.u16, .u8): narrowU16(source, destination, count)
        case _ where sourceFormat == destinationFormat:
            copyBytes(from: source, to: destination, count: count * sourceFormat.bytesPerComponent)
        case (_, .f32):
            chunked(source, sourceFormat, destination, destinationFormat, count) { s, d, n in
                PixelLoader.load(s, format: sourceFormat, count: n, into: d.assumingMemoryBound(to: Float.self))
            }
        case (.f32, _):
            chunked(source, sourceFormat, destination, destinationFormat, count) { s, d, n in
                PixelLoader.store(s.assumingMemoryBound(to: Float.self), count: n, into: d, format: destinationFormat)
            }
        default:
            // u8/u16 <-> f16: through a stack buffer of floats.
            chunked(source, sourceFormat, destination, destinationFormat, count) { s, d, n in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: stage) { scratch in
                    guard let floats = scratch.baseAddress else { return }
                    var done = 0
                    while done < n {
                        let step = min(stage, n - done)
                        PixelLoader.load(s + done * sourceFormat.bytesPerComponent, format: sourceFormat,
                                         count: step, into: floats)
                        PixelLoader.store(floats, count: step, into: d + done * destinationFormat.bytesPerComponent,
                                          format: destinationFormat)
                        done += step
                    }
                }
            }
        }
    }

    /// Runs `kernel` over parallel chunks of the run.
    private static func chunked(
        _ source: UnsafeRawPointer, _ sourceFormat: PixelFormat, _ destination: UnsafeMutableRawPointer,
        _ destinationFormat: PixelFormat, _ count: Int,
        _ kernel: @escaping @Sendable (UnsafeRawPointer, UnsafeMutableRawPointer, Int) -> Void
    ) {
        let src = UnsafeSendable(source), dst = UnsafeSendable(destination)
        let (sourceSize, destinationSize) = (sourceFormat.bytesPerComponent, destinationFormat.bytesPerComponent)
        Parallel.forEachRange(count, grain: 1 << 16) { range in
            kernel(src.value + range.lowerBound * sourceSize, dst.value + range.lowerBound * destinationSize, range.count)
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
