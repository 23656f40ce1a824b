import CPixelKernels
import Testing

/// The per-channel lookup kernels (channel_lookup.c) against the plain definition
/// `table[offsets[c] + v]`, with the AVX2 gathers and with the portable loop: every
/// format, 3 and 4 channels, shared and separate tables, and pixel counts that leave
/// partial runs of 4.
@Suite(.serialized) struct ChannelLookupTests {
    struct Case {
        let format: vfx_pixel_format
        let channels: Int
        let offsets: [Int32]
    }

    static let cases: [Case] = [VFX_PIXEL_U8, VFX_PIXEL_U16, VFX_PIXEL_F16].flatMap { format in
        let n = Int32(format == VFX_PIXEL_U8 ? 256 : 65536)
        return [Case(format: format, channels: 4, offsets: [0, n, 2 * n, 3 * n]),
                Case(format: format, channels: 4, offsets: [0, 0, 0, n]),
                Case(format: format, channels: 3, offsets: [2 * n, n, 0, 0])]
    }

    /// A linear congruential generator's next value.
    static func next(_ state: inout UInt32) -> UInt32 {
        state = state &* 1_664_525 &+ 1_013_904_223
        return state
    }

    @Test(arguments: cases, [4099, 3, 1])
    func lookupsReadTheirEntries(_ test: Case, pixels: Int) {
        let entries = test.format == VFX_PIXEL_U8 ? 256 : 65536
        let values = pixels * test.channels
        var state: UInt32 = 2024
        let source16 = (0..<values).map { _ in UInt16(truncatingIfNeeded: Self.next(&state) >> 9) }
        let source8 = source16.map { UInt8(truncatingIfNeeded: $0) }
        // 4 tables, then the spare bytes the gathers may read
        let table16 = (0..<(4 * entries + 4)).map { _ in UInt16(truncatingIfNeeded: Self.next(&state) >> 7) }
        let table8 = table16.map { UInt8(truncatingIfNeeded: $0) }
        let tableF = (0..<(4 * entries)).map { _ in Float(bitPattern: Self.next(&state)) }
        let is8 = test.format == VFX_PIXEL_U8
        func value(_ i: Int) -> Int { is8 ? Int(source8[i]) : Int(source16[i]) }

        var expectedStored = [UInt16](repeating: 0, count: values)
        var expectedRGBA = [UInt32](repeating: 0, count: 4 * pixels)
        for p in 0..<pixels {
            for c in 0..<4 {
                if c < test.channels {
                    let entry = Int(test.offsets[c]) + value(p * test.channels + c)
                    expectedStored[p * test.channels + c] = is8 ? UInt16(table8[entry]) : table16[entry]
                    expectedRGBA[4 * p + c] = tableF[entry].bitPattern
                } else {
                    expectedRGBA[4 * p + c] = Float(1).bitPattern
                }
            }
        }
        for generic in [false, true] {
            vfx_lookup_force_generic(generic ? 1 : 0)
            defer { vfx_lookup_force_generic(0) }
            var stored: [UInt16]
            if is8 {
                var out = [UInt8](repeating: 0, count: values)
                vfx_lookup_stored(source8, &out, test.format, pixels, Int32(test.channels), table8, test.offsets)
                stored = out.map { UInt16($0) }
            } else {
                var out = [UInt16](repeating: 0, count: values)
                vfx_lookup_stored(source16, &out, test.format, pixels, Int32(test.channels), table16, test.offsets)
                stored = out
            }
            #expect(stored == expectedStored, "stored, generic \(generic)")
            var rgba = [Float](repeating: 0, count: 4 * pixels)
            if is8 {
                vfx_lookup_rgba(source8, test.format, pixels, Int32(test.channels), tableF, test.offsets, &rgba)
            } else {
                vfx_lookup_rgba(source16, test.format, pixels, Int32(test.channels), tableF, test.offsets, &rgba)
            }
            #expect(rgba.map(\.bitPattern) == expectedRGBA, "floats, generic \(generic)")
        }
    }
}
