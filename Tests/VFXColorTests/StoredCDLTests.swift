import CPixelKernels
import Testing

/// `vfx_cdl_stored` converts f16, u8 and u16 pixels inside the CDL's vector loop; its
/// result must be exactly the staged path's: `vfx_pixels_to_rgba` → `vfx_cdl_rgb` →
/// `vfx_rgba_to_pixels`, at every kernel level.
///
/// One exception, as between the kernel levels themselves: where two NaN inputs meet in
/// one operation (the saturation's luma sum over a pixel with several NaN channels),
/// x86 returns the NaN of whichever operand the compiler placed first, so such a result
/// is NaN in both but its payload may differ. NaN results are compared as NaN.
@Suite(.serialized) struct StoredCDLTests {
    /// Equal stored values, NaN halves counted equal to each other.
    static func same(_ a: [UInt8], _ b: [UInt8], _ format: vfx_pixel_format) -> Bool {
        guard format == VFX_PIXEL_F16, a.count == b.count else { return a == b }
        func isNaN(_ bytes: [UInt8], _ i: Int) -> Bool { (Int(bytes[i + 1] & 0x7F) << 8 | Int(bytes[i])) > 0x7C00 }
        return stride(from: 0, to: a.count, by: 2).allSatisfy { i in
            (a[i] == b[i] && a[i + 1] == b[i + 1]) || (isNaN(a, i) && isNaN(b, i))
        }
    }

    static func same(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    /// Random stored values: every f16 bit pattern is possible (NaN, ±inf, subnormals,
    /// values far outside [0, 1]), integers over their whole range.
    static func storedValues(_ format: vfx_pixel_format, count: Int, seed: UInt32) -> [UInt8] {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count * (format == VFX_PIXEL_U8 ? 1 : 2))
        for i in bytes.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(truncatingIfNeeded: state >> 24)
        }
        if format == VFX_PIXEL_F16 {
            // ordinary pixel values in most of the image, so the pow path sees real data
            for i in stride(from: 0, to: bytes.count / 2, by: 3) {
                let value = Float16(Float(i % 977) / 600 - 0.2)
                bytes[2 * i] = UInt8(truncatingIfNeeded: value.bitPattern)
                bytes[2 * i + 1] = UInt8(truncatingIfNeeded: value.bitPattern >> 8)
            }
        }
        return bytes
    }

    struct Grade {
        var slope: [Float], offset: [Float], power: [Float], saturation: Float, clamp: Int32
    }

    /// Every specialized loop: clamp or not, unit power or not, saturation 1 or not.
    static let grades: [Grade] = [0, 1].flatMap { clamp in
        [[Float](repeating: 1, count: 3), [1.2, 1, 0.8]].flatMap { power in
            [Float(1), 1.15].map { saturation in
                Grade(slope: [1.1, 1, 0.9], offset: [0.01, 0, -0.02], power: power, saturation: saturation,
                      clamp: Int32(clamp))
            }
        }
    }

    @Test(arguments: [VFX_PIXEL_F16.rawValue, VFX_PIXEL_U8.rawValue, VFX_PIXEL_U16.rawValue])
    func storedCDLIsTheStagedCDLBitForBit(rawFormat: UInt32) {
        let format = vfx_pixel_format(rawValue: rawFormat)
        StoredCDLTests.atEveryLevel { level in
            for count in [3, 16, 4099] {  // a lone partial run, one whole run, runs and a tail
                let stored = Self.storedValues(format, count: 4 * count, seed: UInt32(count) &+ rawFormat)
                for grade in Self.grades {
                    var floats = [Float](repeating: 0, count: 4 * count)
                    vfx_pixels_to_rgba(stored, format, 4, count, &floats)
                    let loaded = floats
                    vfx_cdl_rgb(&floats, count, grade.slope, grade.offset, grade.power, grade.saturation, grade.clamp)
                    var expected = [UInt8](repeating: 0, count: stored.count)
                    vfx_rgba_to_pixels(floats, count, &expected, format, 4)

                    var fused = [UInt8](repeating: 0, count: stored.count)
                    vfx_cdl_stored(stored, format, 4, &fused, format, 4, count, grade.slope, grade.offset, grade.power,
                                   grade.saturation, grade.clamp)
                    #expect(Self.same(fused, expected, format), "level \(level), \(count) px, \(grade)")

                    var inPlace = stored
                    inPlace.withUnsafeMutableBytes { pixels in
                        vfx_cdl_stored(pixels.baseAddress, format, 4, pixels.baseAddress, format, 4, count, grade.slope,
                                       grade.offset, grade.power, grade.saturation, grade.clamp)
                    }
                    #expect(Self.same(inPlace, expected, format), "in place: level \(level), \(count) px")
                    // alpha exactly, NaNs included (kept as stored bits in the AVX-512 runs)
                    let size = format == VFX_PIXEL_U8 ? 1 : 2
                    let alpha = (0..<count).flatMap { p in (0..<size).map { (4 * p + 3) * size + $0 } }
                    #expect(alpha.map { inPlace[$0] } == alpha.map { expected[$0] }, "alpha: level \(level)")
                    #expect(alpha.map { fused[$0] } == alpha.map { expected[$0] }, "alpha: level \(level)")

                    var toFloats = [Float](repeating: 0, count: 4 * count)
                    vfx_cdl_stored(stored, format, 4, &toFloats, VFX_PIXEL_F32, 4, count, grade.slope, grade.offset,
                                   grade.power, grade.saturation, grade.clamp)
                    #expect(Self.same(toFloats, floats), "to f32: level \(level)")

                    var fromFloats = [UInt8](repeating: 0, count: stored.count)
                    vfx_cdl_stored(loaded, VFX_PIXEL_F32, 4, &fromFloats, format, 4, count, grade.slope, grade.offset,
                                   grade.power, grade.saturation, grade.clamp)
                    #expect(Self.same(fromFloats, expected, format), "from f32: level \(level)")
                }
            }
        }
    }

    /// Runs `body` at each kernel level (0 portable, 1 AVX2, 2 AVX-512; a level this CPU
    /// lacks runs the highest it has), then gives the choice back to the CPU check.
    static func atEveryLevel(_ body: (Int32) -> Void) {
        for level: Int32 in [0, 1, 2] {
            vfx_color_kernels_force_level(level)
            defer { vfx_color_kernels_force_level(-1) }
            body(level)
        }
    }

    /// Every f16 bit pattern and every u8 / u16 code, each in R, G, B and A.
    static func everyValue(_ format: vfx_pixel_format) -> (stored: [UInt8], count: Int) {
        let codes = format == VFX_PIXEL_U8 ? 256 : 65536, bytes = format == VFX_PIXEL_U8 ? 1 : 2
        var stored = [UInt8](repeating: 0, count: 4 * codes * bytes)
        for i in 0..<(4 * codes) {
            let code = (i * 4 + i / codes) % codes
            for k in 0..<bytes { stored[i * bytes + k] = UInt8(truncatingIfNeeded: code >> (8 * k)) }
        }
        return (stored, codes)
    }

    /// Every u8 and u16 code, in every channel position, through an identity-valued CDL
    /// (slope 1, offset 0: each value goes through unchanged in floats) to floats and
    /// back in place: the kernel's conversions are PixelLoader's, code for code.
    @Test func everyCodeConvertsAsPixelLoaderDoes() {
        StoredCDLTests.atEveryLevel { level in
            for format in [VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let bytes = format == VFX_PIXEL_U8 ? 1 : 2
                let (stored, codes) = StoredCDLTests.everyValue(format)
                var expected = [Float](repeating: 0, count: 4 * codes)
                vfx_values_to_float(stored, format, 4 * codes, &expected)
                var floats = [Float](repeating: 0, count: 4 * codes)
                vfx_cdl_stored(stored, format, 4, &floats, VFX_PIXEL_F32, 4, codes, [1, 1, 1], [0, 0, 0], [1, 1, 1], 1, 0)
                #expect(floats.map(\.bitPattern) == expected.map(\.bitPattern), "level \(level), \(bytes) bytes")
                var inPlace = stored
                inPlace.withUnsafeMutableBytes { pixels in
                    vfx_cdl_stored(pixels.baseAddress, format, 4, pixels.baseAddress, format, 4, codes, [1, 1, 1],
                                   [0, 0, 0], [1, 1, 1], 1, 0)
                }
                #expect(inPlace == stored, "level \(level), \(bytes) bytes: a code comes back as itself")
            }
        }
    }

    /// `vfx_scale_stored` (exposure) against load → multiply RGB → store, the same way.
    @Test(arguments: [VFX_PIXEL_F16.rawValue, VFX_PIXEL_U8.rawValue, VFX_PIXEL_U16.rawValue])
    func storedScaleIsTheStagedScaleBitForBit(rawFormat: UInt32) {
        let format = vfx_pixel_format(rawValue: rawFormat)
        let scale: [Float] = [1.0717735, 0.5, 3.3]
        StoredCDLTests.atEveryLevel { level in
            for count in [3, 16, 4099] {
                let stored = Self.storedValues(format, count: 4 * count, seed: UInt32(count) &* 7 &+ rawFormat)
                var floats = [Float](repeating: 0, count: 4 * count)
                vfx_pixels_to_rgba(stored, format, 4, count, &floats)
                for i in 0..<count { for c in 0..<3 { floats[4 * i + c] *= scale[c] } }
                var expected = [UInt8](repeating: 0, count: stored.count)
                vfx_rgba_to_pixels(floats, count, &expected, format, 4)
                var inPlace = stored
                inPlace.withUnsafeMutableBytes { pixels in
                    vfx_scale_stored(pixels.baseAddress, format, 4, pixels.baseAddress, format, 4, count, scale)
                }
                // one operand per multiply: NaN payloads are determined, so all bits agree
                #expect(inPlace == expected, "level \(level), \(count) px")
                var toFloats = [Float](repeating: 0, count: 4 * count)
                vfx_scale_stored(stored, format, 4, &toFloats, VFX_PIXEL_F32, 4, count, scale)
                #expect(toFloats.map(\.bitPattern) == floats.map(\.bitPattern), "to f32: level \(level)")
            }
        }
    }
}
