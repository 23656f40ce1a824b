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
    /// The tables back to back: UInt8 (u8) or UInt16 entries for `stored`, Float for
    /// `floats`; then 8 spare bytes.
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
    /// run of cheap per-channel renderers alone, which cost less than a lookup).
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
        var block = [RGBA](repeating: .zero, count: count)
        let tables: (bytes: [UInt8], offsets: [Int32])
        switch format {
        case .u8: tables = ChannelTables.bake(UInt8.self, renderers, format: format, output: output, into: &block)
        default: tables = ChannelTables.bake(UInt16.self, renderers, format: format, output: output, into: &block)
        }
        // 8 spare bytes: vfx_lookup_stored's gathers read 32 bits at an entry
        var words = [UInt64](repeating: 0, count: (tables.bytes.count + 8 + 7) / 8)
        words.withUnsafeMutableBytes { $0.copyBytes(from: tables.bytes) }
        if output == .stored {
            ChannelTables.storedBakes.add(1, ordering: .relaxed)
        } else {
            ChannelTables.floatBakes.add(1, ordering: .relaxed)
        }
        self.format = format
        self.output = output
        self.entries = words
        self.offsets = tables.offsets
    }

    /// The bake for stored values of type `Value`: `block` gets every value as a pixel,
    /// the renderers run on it, and each channel's results become a table (stored back
    /// as `Value`s, or the floats themselves).
    private static func bake<Value: FixedWidthInteger>(
        _: Value.Type, _ renderers: ArraySlice<any CPURenderer>, format: PixelFormat, output: Output,
        into block: inout [RGBA]
    ) -> (bytes: [UInt8], offsets: [Int32]) {
        let count = block.count
        let codes = (0..<(4 * count)).map { Value(truncatingIfNeeded: $0 >> 2) }
        var stored = [Value](repeating: 0, count: output == .stored ? 4 * count : 0)
        block.withUnsafeMutableBufferPointer { block in
            guard let pixels = block.baseAddress else { return }
            codes.withUnsafeBytes { codes in
                if let source = codes.baseAddress {
                    PixelLoader.loadRGBA(source, format: format, channels: 4, count: count, into: pixels)
                }
            }
            for renderer in renderers { renderer.apply(pixels, count: count) }
            if output == .stored {
                stored.withUnsafeMutableBytes { stored in
                    guard let destination = stored.baseAddress else { return }
                    PixelLoader.storeRGBA(pixels, count: count, into: destination, format: format, channels: 4)
                }
            }
        }
        if output == .stored { return perChannel(stored, count: count) }
        var floats = [UInt32](repeating: 0, count: 4 * count)   // the floats' bits
        floats.withUnsafeMutableBytes { floats in block.withUnsafeBytes { floats.copyMemory(from: $0) } }
        return perChannel(floats, count: count)
    }

    /// Four interleaved channels of `count` entries as tables back to back (as bytes),
    /// equal ones kept once, and where each channel's starts.
    private static func perChannel<Entry: FixedWidthInteger>(_ interleaved: [Entry], count: Int)
        -> (bytes: [UInt8], offsets: [Int32]) {
        var tables: [[Entry]] = []
        var offsets: [Int32] = []
        for c in 0..<4 {
            let table = (0..<count).map { interleaved[4 * $0 + c] }
            if let same = tables.firstIndex(of: table) {
                offsets.append(Int32(same * count))
            } else {
                offsets.append(Int32(tables.count * count))
                tables.append(table)
            }
        }
        return (Array(tables.joined()).withUnsafeBytes { Array($0) }, offsets)
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
