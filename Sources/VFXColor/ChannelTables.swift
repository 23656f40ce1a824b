import CPixelKernels
import Synchronization
import VFXCore

/// A run of per-channel renderers baked into one lookup table per channel, indexed by
/// the stored value itself: a half's bit pattern (65536 entries), a u16 code (65536) or
/// a u8 code (256). Every value such an image can hold is in the table, so the lookup
/// gives exactly what loading, rendering and storing gives, bit for bit, NaN and
/// infinities included: the table is made by running those same renderers on every
/// value once. OpenColorIO's CPU processor does the same for half and integer input
/// (its Lut1D "half code" renderers).
///
/// A chain whose renderers are all per channel becomes stored values to stored values
/// (`stored`): one gather per value and nothing else. A chain that starts per channel
/// and then mixes (a log decode, then a matrix) becomes stored values to floats
/// (`floats`): the lookup loads the block the rest of the chain runs on.
public struct ChannelTables: Sendable {
    /// Whether the entries are stored values (the whole chain) or floats (its start).
    enum Output { case stored, floats }

    let format: PixelFormat
    let output: Output
    /// The tables back to back, as bytes: UInt8 (u8) or UInt16 entries for `stored`,
    /// Float for `floats`; then 8 spare bytes (vfx_lookup_stored's gathers read 32 bits).
    private let entries: [UInt64]
    /// Where channel c's table starts, in entries (channels with equal tables share one).
    let offsets: [Int32]

    /// Tables baked since start-up, whole chains (`stored`) and leading runs (`floats`):
    /// for tests (`_vfxpy._channel_table_counts`).
    public static var bakeCounts: (stored: Int, floats: Int) {
        (storedBakes.load(ordering: .relaxed), floatBakes.load(ordering: .relaxed))
    }
    private static let storedBakes = Atomic<Int>(0)
    private static let floatBakes = Atomic<Int>(0)

    /// The number of stored values of `format`, or nil for f32 (no table can hold them).
    static func entryCount(_ format: PixelFormat) -> Int? {
        switch format {
        case .u8: 256
        case .u16, .f16: 65536
        case .f32: nil
        }
    }

    /// Tables are baked only for images of at least this many times the entries: the
    /// bake runs the renderers on every entry once, at most a quarter of the work the
    /// image would have cost them.
    static let minimumPixelsPerEntry = 4

    /// How `renderers` run on `image` with tables: the tables for their leading run of
    /// per-channel renderers and the renderers left after it; nil where tables do not
    /// pay (f32 images, channel counts other than 3 and 4, small images, or a leading
    /// run of per-channel arithmetic alone, which costs less than a lookup).
    static func plan(_ renderers: [any CPURenderer], for image: Image)
        -> (tables: ChannelTables, rest: ArraySlice<any CPURenderer>)? {
        guard let count = entryCount(image.format), image.channels == 3 || image.channels == 4,
              image.width * image.height >= minimumPixelsPerEntry * count else { return nil }
        let run = renderers.prefix { $0.channelBehavior != .mixesChannels }
        guard run.contains(where: { $0.channelBehavior == .perChannelCostly }) else { return nil }
        let rest = renderers.dropFirst(run.count)
        return (ChannelTables(run, format: image.format, output: rest.isEmpty ? .stored : .floats), rest)
    }

    /// Runs `renderers` on every stored value of `format` (nil for f32), each as the
    /// pixel (v, v, v, v), and keeps each channel's results.
    init(_ renderers: ArraySlice<any CPURenderer>, format: PixelFormat, output: Output) {
        let count = ChannelTables.entryCount(format) ?? 0
        let valueBytes = format.bytesPerComponent
        let entryBytes = output == .stored ? valueBytes : 4
        // every stored value, four times over (little-endian codes): the pixels baked
        var codes = [UInt8](repeating: 0, count: 4 * count * valueBytes)
        for value in 0..<count {
            for c in 0..<4 {
                for byte in 0..<valueBytes { codes[(4 * value + c) * valueBytes + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
            }
        }
        var block = [RGBA](repeating: .zero, count: count)
        var results = [UInt8](repeating: 0, count: 4 * count * entryBytes)
        block.withUnsafeMutableBufferPointer { block in
            guard let pixels = block.baseAddress else { return }
            codes.withUnsafeBytes { codes in
                if let source = codes.baseAddress {
                    PixelLoader.loadRGBA(source, format: format, channels: 4, count: count, into: pixels)
                }
            }
            for renderer in renderers { renderer.apply(pixels, count: count) }
            results.withUnsafeMutableBytes { results in
                guard let destination = results.baseAddress else { return }
                if output == .stored {
                    PixelLoader.storeRGBA(pixels, count: count, into: destination, format: format, channels: 4)
                } else {
                    destination.copyMemory(from: pixels, byteCount: 16 * count)
                }
            }
        }
        // channel c's entries out of the interleaved results; equal tables kept once
        let tableBytes = count * entryBytes
        var tables: [[UInt8]] = []
        var offsets: [Int32] = []
        for c in 0..<4 {
            var table = [UInt8](repeating: 0, count: tableBytes)
            for value in 0..<count {
                for byte in 0..<entryBytes {
                    table[value * entryBytes + byte] = results[(4 * value + c) * entryBytes + byte]
                }
            }
            if let same = tables.firstIndex(of: table) {
                offsets.append(Int32(same * count))
            } else {
                offsets.append(Int32(tables.count * count))
                tables.append(table)
            }
        }
        let bytes = tables.flatMap { $0 } + [UInt8](repeating: 0, count: 8)
        var words = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        words.withUnsafeMutableBytes { $0.copyBytes(from: bytes) }
        if output == .stored {
            ChannelTables.storedBakes.add(1, ordering: .relaxed)
        } else {
            ChannelTables.floatBakes.add(1, ordering: .relaxed)
        }
        self.format = format
        self.output = output
        self.entries = words
        self.offsets = offsets
    }

    /// Stored pixels to stored pixels (`stored` tables); `destination` may be `source`.
    func apply(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, channels: Int, count: Int) {
        entries.withUnsafeBytes { table in
            offsets.withUnsafeBufferPointer { offsets in
                vfx_lookup_stored(source, destination, format.kernelFormat, count, Int32(channels), table.baseAddress,
                                  offsets.baseAddress)
            }
        }
    }

    /// Stored pixels to RGBA floats (`floats` tables).
    func load(from source: UnsafeRawPointer, channels: Int, count: Int, into block: UnsafeMutablePointer<RGBA>) {
        entries.withUnsafeBytes { table in
            offsets.withUnsafeBufferPointer { offsets in
                block.withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
                    vfx_lookup_rgba(source, format.kernelFormat, count, Int32(channels),
                                    table.baseAddress?.assumingMemoryBound(to: Float.self), offsets.baseAddress, floats)
                }
            }
        }
    }
}
