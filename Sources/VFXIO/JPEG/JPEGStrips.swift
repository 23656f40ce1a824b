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

    /// Rows per strip of the band writer (`JPEGRegionWriter`), which holds a batch of
    /// strips (one a worker) in memory: the whole write's (`stripRows`) where one takes
    /// at most `bandStripBytes` of `rowBytes` rows, so the file is byte for byte the
    /// whole write's; else as many whole MCU rows as fit (at least one). nil where the
    /// whole write is one piece.
    static func bandStripRows(width: Int, height: Int, rowBytes: Int, sampling: TJSAMP, workers: Int) -> Int? {
        guard let whole = stripRows(width: width, height: height, sampling: sampling, workers: workers) else {
            return nil
        }
        let mcuHeight = mcuSize(sampling).height
        let fitting = max(1, bandStripBytes / max(1, rowBytes * mcuHeight)) * mcuHeight
        return min(whole, fitting)
    }

    /// The most bytes of pixels in one strip of the band writer (as its PNG sibling's pieces).
    static let bandStripBytes = 2 << 20

    /// The restart interval (in MCUs) of strips of `stripRows` rows: the MCUs of one strip.
    static func restartInterval(width: Int, stripRows: Int, sampling: TJSAMP) -> Int {
        let mcu = mcuSize(sampling)
        return (width + mcu.width - 1) / mcu.width * (stripRows / mcu.height)
    }

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
        guard !strips.isEmpty, var joiner = Joiner(height: height, restartInterval: restartInterval) else { return nil }
        var pieces: [(prefix: [UInt8], data: Range<Int>)] = []
        for strip in strips {
            guard let piece = joiner.add(strip.bytes) else { return nil }
            pieces.append(piece)
        }
        let total = pieces.reduce(Joiner.end.count) { $0 + $1.prefix.count + $1.data.count }
        guard total < Int(Int32.max), let memory = cjpeg_tj_alloc(Int32(clamping: total)) else { return nil }
        var at = 0
        func put(_ source: UnsafeRawBufferPointer) {
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(memory + at).copyMemory(from: base, byteCount: source.count)
            at += source.count
        }
        for (strip, piece) in zip(strips, pieces) {
            piece.prefix.withUnsafeBytes { put($0) }
            put(UnsafeRawBufferPointer(rebasing: strip.bytes[piece.data]))
        }
        Joiner.end.withUnsafeBytes { put($0) }
        return JPEGBytes(pointer: memory, count: total)
    }

    /// Joins strips' JPEGs into one, strip after strip: the whole write gathers the pieces
    /// into one buffer (`join`), the band writer writes them as its batches are encoded.
    /// The first strip's header (the image's `height` set in its SOF) is followed by a DRI
    /// segment of `restartInterval` MCUs and its SOS; every strip's entropy-coded data
    /// follows, after RST0–RST7 (in turn) from the second on; EOI (`end`) closes the file.
    struct Joiner {
        let height: Int
        let restartInterval: Int
        /// The first strip's bytes up to its data (header and SOS) and their parts.
        private var first: [UInt8] = []
        private var head: Parts?
        /// Strips joined so far.
        private(set) var count = 0

        static let end: [UInt8] = [0xFF, 0xD9]

        /// nil when a DRI or SOF field cannot hold the values (16 bits).
        init?(height: Int, restartInterval: Int) {
            guard (1...65535).contains(restartInterval), (1...65535).contains(height) else { return nil }
            self.height = height
            self.restartInterval = restartInterval
        }

        /// The bytes that go before `strip`'s entropy-coded data, and where that data is in
        /// `strip`; nil when `strip` is not a baseline JPEG or its header differs from the
        /// first strip's (other than its height).
        mutating func add(_ strip: UnsafeRawBufferPointer) -> (prefix: [UInt8], data: Range<Int>)? {
            guard let parts = JPEGStrips.parts(strip) else { return nil }
            guard let head else {
                var prefix = Array(strip[parts.header])
                prefix[parts.heightField] = UInt8(height >> 8)
                prefix[parts.heightField + 1] = UInt8(height & 0xFF)
                prefix += [0xFF, 0xDD, 0x00, 0x04, UInt8(restartInterval >> 8), UInt8(restartInterval & 0xFF)]
                prefix += strip[parts.sos]
                first = Array(strip[0..<parts.sos.upperBound])
                self.head = parts
                count = 1
                return (prefix, parts.data)
            }
            let same = first.withUnsafeBytes { first in
                parts.header.count == head.header.count && parts.sos.count == head.sos.count
                    && sameBytes(strip, first, parts.header, except: head.heightField..<(head.heightField + 2))
                    && sameBytes(strip, first, parts.sos, except: 0..<0)
            }
            guard same else { return nil }
            count += 1
            return ([0xFF, 0xD0 + UInt8((count - 2) % 8)], parts.data)
        }
    }

    /// Whether `a[range]` equals `b` at the same offsets, ignoring offsets in `except`.
    fileprivate static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ range: Range<Int>,
                                  except: Range<Int>) -> Bool {
        guard range.upperBound <= b.count else { return false }
        for i in range where !except.contains(i) && a[i] != b[i] { return false }
        return true
    }
}
