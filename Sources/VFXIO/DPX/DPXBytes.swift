/// The byte orders of SMPTE 268M (DPX) files: the magic number "SDPX" reads as itself in
/// big-endian files and as "XPDS" in little-endian ones.
package enum DPXByteOrder: String, Sendable {
    case big, little

    /// "SDPX" read in the file's own byte order.
    static let magic: UInt32 = 0x5344_5058
}

/// Reads numbers and text at fixed offsets of a DPX header in the file's byte order.
/// Callers check the range against the file first (`MappedFile.require`).
struct DPXBytes {
    let base: UnsafeRawPointer
    let count: Int
    let order: DPXByteOrder

    func contains(_ offset: Int, _ length: Int) -> Bool { offset >= 0 && offset + length <= count }

    func u8(_ offset: Int) -> Int { Int(base.load(fromByteOffset: offset, as: UInt8.self)) }

    func u16(_ offset: Int) -> Int {
        let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return Int(order == .big ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw))
    }

    func u32(_ offset: Int) -> UInt32 {
        let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return order == .big ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    func f32(_ offset: Int) -> Float { Float(bitPattern: u32(offset)) }

    /// A NUL-terminated (or full-length) text field; nil when empty or filled with 0xFF
    /// (what some writers put in unused fields).
    func text(_ offset: Int, _ length: Int) -> String? {
        var bytes: [UInt8] = []
        for index in 0..<length {
            let byte = base.load(fromByteOffset: offset + index, as: UInt8.self)
            if byte == 0 { break }
            bytes.append(byte)
        }
        guard let first = bytes.first, first != 0xFF else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let trimmed = text.trimmingTrailingSpaces()
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// Builds a DPX header in memory in the chosen byte order.
struct DPXHeaderBuffer {
    private(set) var bytes: [UInt8]
    let order: DPXByteOrder

    init(count: Int, order: DPXByteOrder) {
        bytes = [UInt8](repeating: 0, count: count)
        self.order = order
    }

    mutating func setU8(_ offset: Int, _ value: Int) { bytes[offset] = UInt8(truncatingIfNeeded: value) }

    mutating func setU16(_ offset: Int, _ value: Int) {
        let raw = UInt16(truncatingIfNeeded: value)
        let stored = order == .big ? raw.bigEndian : raw.littleEndian
        withUnsafeBytes(of: stored) { for (index, byte) in $0.enumerated() { bytes[offset + index] = byte } }
    }

    mutating func setU32(_ offset: Int, _ value: UInt32) {
        let stored = order == .big ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: stored) { for (index, byte) in $0.enumerated() { bytes[offset + index] = byte } }
    }

    mutating func setF32(_ offset: Int, _ value: Float) { setU32(offset, value.bitPattern) }

    /// Text cut to `length` bytes (at a character boundary), NUL-padded.
    mutating func setText(_ offset: Int, _ length: Int, _ text: String) {
        var utf8 = Array(text.utf8.prefix(length))
        while !utf8.isEmpty, String(validating: utf8, as: UTF8.self) == nil { utf8.removeLast() }
        for index in 0..<length { bytes[offset + index] = index < utf8.count ? utf8[index] : 0 }
    }

    /// Fills a range with 0xFF, SMPTE 268M's "not set" for numeric fields.
    mutating func setUndefined(_ offset: Int, _ length: Int) {
        for index in offset..<(offset + length) { bytes[index] = 0xFF }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" || last == "\n" { result.removeLast() }
        return result
    }
}
