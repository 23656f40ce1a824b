#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A block of pixel memory, either owned (allocated here, freed on deinit) or borrowed
/// from someone else (a numpy array) with a closure that hands it back.
///
/// The memory is shared mutable state by design: in-place operations and numpy views
/// all see the same bytes. Callers coordinate access (the Python side holds the GIL or
/// runs one operation at a time on an image).
public final class PixelBuffer: @unchecked Sendable {
    /// The first byte.
    public let baseAddress: UnsafeMutableRawPointer
    /// The number of bytes.
    public let byteCount: Int
    /// False when the memory belongs to another owner.
    public let isOwned: Bool
    private let release: (@Sendable () -> Void)?

    /// Allocates `byteCount` bytes, zeroed when `zeroed` is true.
    ///
    /// Buffers from `mappedThreshold` up are mapped directly from the kernel, never
    /// taken from malloc: glibc keeps freed blocks of that size in its heaps (its mmap
    /// threshold rises to the largest block freed, and a block freed on another thread
    /// goes back to the arena of the thread that allocated it), so band after band of
    /// the same size could pile up there instead of being reused: streaming a file
    /// measured the whole image's worth of freed bands still resident. Mapped buffers
    /// are unmapped, or recycled, when freed. From `hugePageThreshold` up they sit on
    /// 2 MiB boundaries with transparent huge pages requested (as numpy does): a 4K
    /// RGBA float image then takes ~60 page faults on first touch instead of ~30000.
    /// They arrive zeroed. Unzeroed requests reuse a recently freed mapping of the same
    /// size when there is one (`RecycledMappings`): its pages are already there, so an
    /// op's output or a read's pixels do not pay the kernel for fresh zeroed pages
    /// every frame.
    public init(byteCount: Int, zeroed: Bool) throws(VFXError) {
        let size = max(byteCount, 1)
        if size >= PixelBuffer.mappedThreshold, !zeroed, let mapping = RecycledMappings.take(byteCount: size) {
            baseAddress = mapping.aligned
            self.mapping = mapping
        } else if size >= PixelBuffer.mappedThreshold, let mapping = Mapping(byteCount: size) {
            baseAddress = mapping.aligned
            self.mapping = mapping
        } else {
            let memory: UnsafeMutableRawPointer?
            if zeroed {
                memory = calloc(1, size)
            } else {
                var raw: UnsafeMutableRawPointer?
                memory = posix_memalign(&raw, 64, size) == 0 ? raw : nil
            }
            guard let memory else {
                throw .outOfMemory("cannot allocate \(ByteCount(byteCount)) for pixels")
            }
            baseAddress = memory
            mapping = nil
        }
        self.byteCount = byteCount
        isOwned = true
        release = nil
    }

    /// Buffers from this size up are mapped (not malloc'd).
    static let mappedThreshold = 1 << 20
    /// Mapped buffers from this size up get huge pages.
    static let hugePageThreshold = 4 << 20
    static let hugePageSize = 2 << 20
    private let mapping: Mapping?

    /// An anonymous mapping whose 2 MiB-aligned interior holds the pixels.
    struct Mapping: @unchecked Sendable {
        let start: UnsafeMutableRawPointer
        let length: Int
        let aligned: UnsafeMutableRawPointer

        init?(byteCount: Int) {
            let (length, overflow) = byteCount.addingReportingOverflow(PixelBuffer.hugePageSize)
            guard !overflow else { return nil }
            let start = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            guard let start, start != MAP_FAILED else { return nil }
            let address = Int(bitPattern: start)
            let alignedAddress = (address + PixelBuffer.hugePageSize - 1) & ~(PixelBuffer.hugePageSize - 1)
            let aligned = start + (alignedAddress - address)
            let hugeLength = byteCount & ~(PixelBuffer.hugePageSize - 1)
            if byteCount >= PixelBuffer.hugePageThreshold { _ = madvise(aligned, hugeLength, Int32(MADV_HUGEPAGE)) }
            self.start = start
            self.length = length
            self.aligned = aligned
        }
    }

    /// Borrows memory owned elsewhere; `release` runs once when this buffer goes away.
    public init(borrowing baseAddress: UnsafeMutableRawPointer, byteCount: Int,
                release: @escaping @Sendable () -> Void) {
        self.baseAddress = baseAddress
        self.byteCount = byteCount
        isOwned = false
        self.release = release
        mapping = nil
    }

    deinit {
        if let mapping {
            RecycledMappings.give(mapping)
        } else if isOwned {
            free(baseAddress)
        } else {
            release?()
        }
    }
}

/// A byte count printed for people: "1.5 GiB".
public struct ByteCount: CustomStringConvertible, Sendable {
    public let bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }
    public var description: String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) bytes" }
        let rounded = (value * 10).rounded() / 10
        return "\(rounded) \(units[unit])"
    }
}

/// Large mappings freed lately, kept for the next unzeroed buffer of the same size: frame
/// loops and chains of ops allocate the same sizes over and over. Bounded to a few
/// mappings and a small share of memory; what does not fit is unmapped at once.
enum RecycledMappings {
    /// At most this many mappings are kept.
    static let maxCount = 4
    /// At most this many bytes are kept: 1 GiB, or 1/16 of physical memory if less.
    static let maxBytes = min(1 << 30, ImageLimits.physicalMemory / 16)

    private static let kept = Mutex<[PixelBuffer.Mapping]>([])

    /// A kept mapping made for `byteCount` bytes, taken out of the cache; nil if none.
    static func take(byteCount: Int) -> PixelBuffer.Mapping? {
        let length = byteCount + PixelBuffer.hugePageSize
        return kept.withLock { kept in
            guard let index = kept.lastIndex(where: { $0.length == length }) else { return nil }
            return kept.remove(at: index)
        }
    }

    /// Keeps `mapping` for reuse, unmapping the oldest kept ones beyond the bounds.
    static func give(_ mapping: PixelBuffer.Mapping) {
        var evicted: [PixelBuffer.Mapping] = []
        kept.withLock { kept in
            kept.append(mapping)
            var total = kept.reduce(0) { $0 + $1.length }
            while !kept.isEmpty, kept.count > maxCount || total > maxBytes {
                let oldest = kept.removeFirst()
                total -= oldest.length
                evicted.append(oldest)
            }
        }
        for old in evicted { munmap(old.start, old.length) }
    }
}
