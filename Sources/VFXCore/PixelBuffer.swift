#if canImport(Glibc)
import Glibc
#endif

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
    public init(byteCount: Int, zeroed: Bool) throws(VFXError) {
        let size = max(byteCount, 1)
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
        self.byteCount = byteCount
        isOwned = true
        release = nil
    }

    /// Borrows memory owned elsewhere; `release` runs once when this buffer goes away.
    public init(borrowing baseAddress: UnsafeMutableRawPointer, byteCount: Int,
                release: @escaping @Sendable () -> Void) {
        self.baseAddress = baseAddress
        self.byteCount = byteCount
        isOwned = false
        self.release = release
    }

    deinit {
        if isOwned {
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
