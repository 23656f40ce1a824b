import CJPEG
import VFXCore

/// Parallel JPEG encoding: TurboJPEG encodes on one core, so a large image is cut into
/// horizontal strips of whole MCU rows, each strip is encoded on its own core, and the
/// strips' entropy-coded data are joined into one baseline JPEG with a restart interval
/// of one strip (a DRI segment, and RST0–RST7 markers between strips).
///
/// This is the file one encoder writes with that restart interval: every MCU is coded
/// from the same pixels with the same tables, and at a restart a decoder resets the DC
/// predictions, as each strip's encoder starts them. Decoded pixels are the same as
/// from one encoder without restarts, bit for bit; the file is a few bytes per strip
/// larger.
enum JPEGStrips {
    /// The MCU (minimum coded unit) size of a TurboJPEG subsampling mode.
    static func mcuSize(_ sampling: TJSAMP) -> (width: Int, height: Int) {
        switch sampling {
        case TJSAMP_422: (16, 8)
        case TJSAMP_420: (16, 16)
        case TJSAMP_440: (8, 16)
        case TJSAMP_411: (32, 8)
        default: (8, 8)
        }
    }

    /// Rows per strip (a multiple of the MCU height; the last strip may be shorter), or
    /// nil when the image should be encoded in one piece: one worker, a small image,
    /// or too few MCU rows to share.
    static func stripRows(width: Int, height: Int, sampling: TJSAMP, workers: Int) -> Int? {
        let mcu = mcuSize(sampling)
        let mcuRows = (height + mcu.height - 1) / mcu.height
        guard workers > 1, width * height >= minimumPixels, mcuRows >= 2 else { return nil }
        let mcusPerRow = (width + mcu.width - 1) / mcu.width
        // a restart interval counts MCUs in 16 bits
        let mostRows = 65535 / mcusPerRow
        guard mostRows >= 1 else { return nil }
        let perStrip = min(mostRows, (mcuRows + workers - 1) / workers)
        return perStrip * mcu.height
    }

    /// Images smaller than this (1 MP) are encoded in one piece: the strips would save
    /// less than starting them costs.
    static let minimumPixels = 1 << 20

    /// The parts of one strip's JPEG: everything before SOS, the SOS segment, and the
    /// entropy-coded data (up to EOI).
    struct Parts {
        let header: Range<Int>
        let sos: Range<Int>
        let data: Range<Int>
        /// Offset of the SOF segment's height field.
        let heightField: Int
    }

    /// Splits TurboJPEG's output into its parts; nil for anything unexpected (then the
    /// caller encodes in one piece).
    static func parts(_ bytes: UnsafeRawBufferPointer) -> Parts? {
        let count = bytes.count
        guard count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[count - 2] == 0xFF, bytes[count - 1] == 0xD9 else {
            return nil
        }
        var offset = 2
        var heightField: Int?
        while offset + 4 <= count {
            guard bytes[offset] == 0xFF else { return nil }
            let marker = bytes[offset + 1]
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2, offset + 2 + length <= count else { return nil }
            switch marker {
            case 0xC0, 0xC1:  // baseline or extended sequential SOF: precision, height, width
                heightField = offset + 5
            case 0xC2...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                return nil  // progressive, lossless or arithmetic: not joined
            case 0xDD:
                return nil  // a restart interval of its own
            case 0xDA:
                guard let heightField else { return nil }
                let sosEnd = offset + 2 + length
                return Parts(header: 0..<offset, sos: offset..<sosEnd, data: sosEnd..<(count - 2), heightField: heightField)
            default:
                break
            }
            offset += 2 + length
        }
        return nil
    }

    /// Joins the strips' JPEGs (in order) into one with a restart interval of
    /// `restartInterval` MCUs and the image's full `height`; nil when their headers
    /// differ (then the caller encodes in one piece).
    static func join(_ strips: [JPEGBytes], height: Int, restartInterval: Int) -> JPEGBytes? {
        guard let first = strips.first, restartInterval <= 65535, height <= 65535 else { return nil }
        let firstBytes = first.bytes
        guard let head = parts(firstBytes) else { return nil }
        var pieces: [Parts] = []
        for strip in strips {
            let bytes = strip.bytes
            guard let p = parts(bytes), p.header.count == head.header.count, p.sos.count == head.sos.count,
                  sameBytes(bytes, firstBytes, p.header, except: head.heightField..<(head.heightField + 2)),
                  sameBytes(bytes, firstBytes, p.sos, except: 0..<0) else { return nil }
            pieces.append(p)
        }
        let dri = 6
        let total = head.header.count + dri + head.sos.count + pieces.reduce(0) { $0 + $1.data.count }
            + 2 * (strips.count - 1) + 2
        guard let memory = cjpeg_tj_alloc(Int32(clamping: total)), total < Int(Int32.max) else { return nil }
        let output = UnsafeMutableRawBufferPointer(start: memory, count: total)
        var at = 0
        func put(_ source: UnsafeRawBufferPointer) {
            output.baseAddress!.advanced(by: at).copyMemory(from: source.baseAddress!, byteCount: source.count)
            at += source.count
        }
        func put(_ values: [UInt8]) { values.withUnsafeBytes { put($0) } }
        put(UnsafeRawBufferPointer(rebasing: firstBytes[head.header]))
        output[head.heightField] = UInt8(height >> 8)
        output[head.heightField + 1] = UInt8(height & 0xFF)
        put([0xFF, 0xDD, 0x00, 0x04, UInt8(restartInterval >> 8), UInt8(restartInterval & 0xFF)])
        put(UnsafeRawBufferPointer(rebasing: firstBytes[head.sos]))
        for (k, strip) in strips.enumerated() {
            if k > 0 { put([0xFF, 0xD0 + UInt8((k - 1) % 8)]) }
            put(UnsafeRawBufferPointer(rebasing: strip.bytes[pieces[k].data]))
        }
        put([0xFF, 0xD9])
        return JPEGBytes(pointer: memory, count: total)
    }

    /// Whether `a[range]` equals `b` at the same offsets, ignoring offsets in `except`.
    private static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ range: Range<Int>,
                                  except: Range<Int>) -> Bool {
        guard range.upperBound <= b.count else { return false }
        for i in range where !except.contains(i) && a[i] != b[i] { return false }
        return true
    }
}
