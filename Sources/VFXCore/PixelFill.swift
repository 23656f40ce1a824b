/// Fills pixel memory with one pixel value, in parallel.
public enum PixelFill {
    /// Writes `values` (normalized, one per channel) into `pixelCount` pixels at `base`.
    public static func fill(_ base: UnsafeMutableRawPointer, format: PixelFormat, channels: Int,
                            pixelCount: Int, values: [Float]) {
        switch format {
        case .u8: fill(base, UInt8.self, channels, pixelCount, values)
        case .u16: fill(base, UInt16.self, channels, pixelCount, values)
        case .f16: fill(base, Float16.self, channels, pixelCount, values)
        case .f32: fill(base, Float.self, channels, pixelCount, values)
        }
    }

    private static func fill<T: PixelComponent>(_ base: UnsafeMutableRawPointer, _: T.Type, _ channels: Int,
                                                _ pixelCount: Int, _ values: [Float]) {
        let pattern = values.map { T(normalized: $0) }
        let pixelBytes = channels * MemoryLayout<T>.stride
        let total = pixelCount * pixelBytes
        let dst = UnsafeSendable(base)
        // One repeated byte (zero, or 0xFF in u8/u16 white) is a memset.
        let bytes = pattern.withUnsafeBytes { Array($0) }
        if let first = bytes.first, bytes.allSatisfy({ $0 == first }) {
            Parallel.forEachRange(total, grain: 1 << 20) { range in
                (dst.value + range.lowerBound).initializeMemory(as: UInt8.self, repeating: first, count: range.count)
            }
            return
        }
        let values = pattern
        if channels == 4 {
            let typed = UnsafeSendable(base.assumingMemoryBound(to: T.self))
            let (a, b, c, d) = (values[0], values[1], values[2], values[3])
            Parallel.forEachRange(pixelCount, grain: 1 << 15) { range in
                let p = typed.value
                for i in range {
                    p[4 * i] = a; p[4 * i + 1] = b; p[4 * i + 2] = c; p[4 * i + 3] = d
                }
            }
            return
        }
        Parallel.forEachRange(pixelCount, grain: 1 << 15) { range in
            let p = dst.value.assumingMemoryBound(to: T.self)
            values.withUnsafeBufferPointer { v in
                for i in range {
                    (p + i * channels).update(from: v.baseAddress!, count: channels)
                }
            }
        }
    }
}
