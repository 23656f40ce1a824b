/// Unpacks rows of a DPX element into integer codes and packs codes back into rows,
/// for every bit depth, packing and byte order vfxpy supports.
package struct DPXRowCodec: Sendable {
    package let layout: DPXLayout

    package init(layout: DPXLayout) { self.layout = layout }

    /// Where the three 10-bit datums of a filled word sit: the shifts of datums 0, 1, 2.
    private var filled10Shifts: (UInt32, UInt32, UInt32) {
        let pad: UInt32 = layout.packing == .filledA ? 2 : 0
        return layout.reversesFilledTriples ? (pad, pad + 10, pad + 20) : (pad + 20, pad + 10, pad)
    }

    /// A packed component's width in bits and the mask of those bits.
    private var packedBits: (bits: UInt64, mask: UInt64) {
        let bits = UInt64(layout.bitDepth)
        return (bits, (UInt64(1) << bits) - 1)
    }

    // MARK: Reading

    /// Decodes one row at `source` (`layout.rowBytes` bytes) into `layout.datumsPerRow` codes.
    package func unpack(_ source: UnsafeRawPointer, into codes: UnsafeMutablePointer<UInt16>) {
        unpack(source, into: RawCodes(out: codes))
    }

    /// Decodes one row, handing each component's code to `sink` in order (specialized per
    /// sink, so storing through a lookup table costs no extra pass).
    func unpack<Sink: DPXCodeSink>(_ source: UnsafeRawPointer, into sink: Sink) {
        let count = layout.datumsPerRow
        let big = layout.order == .big
        switch (layout.bitDepth, layout.packing) {
        case (8, _):
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { sink.store(index, Int(bytes[index])) }
        case (16, _):
            for index in 0..<count { sink.store(index, Int(load16(source, index * 2, big))) }
        case (12, .filledA):
            for index in 0..<count { sink.store(index, Int(load16(source, index * 2, big) >> 4)) }
        case (12, .filledB):
            for index in 0..<count { sink.store(index, Int(load16(source, index * 2, big) & 0x0FFF)) }
        case (10, .filledA), (10, .filledB):
            unpackFilled10(source, sink, count, big)
        default:
            unpackPacked(source, sink, count, big)
        }
    }

    private func unpackFilled10<Sink: DPXCodeSink>(_ source: UnsafeRawPointer, _ sink: Sink, _ count: Int, _ big: Bool) {
        let shifts = filled10Shifts
        let full = count / 3
        for word in 0..<full {
            let value = load32(source, word * 4, big)
            let index = word * 3
            sink.store(index, Int((value >> shifts.0) & 0x3FF))
            sink.store(index + 1, Int((value >> shifts.1) & 0x3FF))
            sink.store(index + 2, Int((value >> shifts.2) & 0x3FF))
        }
        let rest = count - full * 3
        if rest > 0 {
            let value = load32(source, full * 4, big)
            sink.store(full * 3, Int((value >> shifts.0) & 0x3FF))
            if rest > 1 { sink.store(full * 3 + 1, Int((value >> shifts.1) & 0x3FF)) }
        }
    }

    /// Components bit-contiguous in 32-bit words, least significant bits first.
    private func unpackPacked<Sink: DPXCodeSink>(_ source: UnsafeRawPointer, _ sink: Sink, _ count: Int, _ big: Bool) {
        let (bits, mask) = packedBits
        var buffer: UInt64 = 0
        var held: UInt64 = 0
        var word = 0
        for index in 0..<count {
            if held < bits {
                buffer |= UInt64(load32(source, word * 4, big)) << held
                held += 32
                word += 1
            }
            sink.store(index, Int(buffer & mask))
            buffer >>= bits
            held -= bits
        }
    }

    // MARK: Writing

    /// Encodes `layout.datumsPerRow` codes into one row of `layout.rowBytes` bytes at
    /// `destination`, padding bits zero.
    package func pack(_ codes: UnsafePointer<UInt16>, into destination: UnsafeMutableRawPointer) {
        let count = layout.datumsPerRow
        let big = layout.order == .big
        switch (layout.bitDepth, layout.packing) {
        case (8, _):
            let bytes = destination.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { bytes[index] = UInt8(truncatingIfNeeded: codes[index]) }
        case (16, _):
            for index in 0..<count { store16(destination, index * 2, codes[index], big) }
        case (12, .filledA):
            for index in 0..<count { store16(destination, index * 2, codes[index] << 4, big) }
        case (12, .filledB):
            for index in 0..<count { store16(destination, index * 2, codes[index] & 0x0FFF, big) }
        case (10, .filledA), (10, .filledB):
            packFilled10(codes, destination, count, big)
        default:
            packPacked(codes, destination, count, big)
        }
    }

    private func packFilled10(_ codes: UnsafePointer<UInt16>, _ destination: UnsafeMutableRawPointer,
                              _ count: Int, _ big: Bool) {
        let shifts = filled10Shifts
        let full = count / 3
        for word in 0..<full {
            let datums = codes + word * 3
            let value = (UInt32(datums[0] & 0x3FF) << shifts.0) | (UInt32(datums[1] & 0x3FF) << shifts.1)
                | (UInt32(datums[2] & 0x3FF) << shifts.2)
            store32(destination, word * 4, value, big)
        }
        let rest = count - full * 3
        if rest > 0 {
            let datums = codes + full * 3
            var value = UInt32(datums[0] & 0x3FF) << shifts.0
            if rest > 1 { value |= UInt32(datums[1] & 0x3FF) << shifts.1 }
            store32(destination, full * 4, value, big)
        }
    }

    private func packPacked(_ codes: UnsafePointer<UInt16>, _ destination: UnsafeMutableRawPointer,
                            _ count: Int, _ big: Bool) {
        let (bits, mask) = packedBits
        var buffer: UInt64 = 0
        var held: UInt64 = 0
        var word = 0
        for index in 0..<count {
            buffer |= (UInt64(codes[index]) & mask) << held
            held += bits
            if held >= 32 {
                store32(destination, word * 4, UInt32(truncatingIfNeeded: buffer), big)
                buffer >>= 32
                held -= 32
                word += 1
            }
        }
        if held > 0 { store32(destination, word * 4, UInt32(truncatingIfNeeded: buffer), big) }
    }
}

@inline(__always) private func load16(_ base: UnsafeRawPointer, _ offset: Int, _ big: Bool) -> UInt16 {
    let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    return big ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
}

@inline(__always) private func load32(_ base: UnsafeRawPointer, _ offset: Int, _ big: Bool) -> UInt32 {
    let raw = base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    return big ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
}

@inline(__always) private func store16(_ base: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt16, _ big: Bool) {
    base.storeBytes(of: big ? value.bigEndian : value.littleEndian, toByteOffset: offset, as: UInt16.self)
}

@inline(__always) private func store32(_ base: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt32, _ big: Bool) {
    base.storeBytes(of: big ? value.bigEndian : value.littleEndian, toByteOffset: offset, as: UInt32.self)
}

/// Where unpacked codes go: `store(index, code)` with `code` within the bit depth.
protocol DPXCodeSink {
    func store(_ index: Int, _ code: Int)
}

/// The codes themselves.
struct RawCodes: DPXCodeSink {
    let out: UnsafeMutablePointer<UInt16>

    @inline(__always) func store(_ index: Int, _ code: Int) { out[index] = UInt16(truncatingIfNeeded: code) }
}

/// Pixel values looked up by code (the table has an entry for every code of the depth).
struct TableSink<Value>: DPXCodeSink {
    let out: UnsafeMutablePointer<Value>
    let table: UnsafePointer<Value>

    @inline(__always) func store(_ index: Int, _ code: Int) { out[index] = table[code] }
}
