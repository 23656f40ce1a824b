import CPixelKernels
import Testing

/// `vfx_lut3d_stored` converts f16, u8 and u16 pixels inside the 3D LUT's eight-pixel
/// loop; its result must be exactly the staged path's: `vfx_pixels_to_rgba` →
/// `vfx_lut3d_rgba` → `vfx_rgba_to_pixels`, at every LUT variant (portable, AVX2), for
/// both interpolations, alpha included bit for bit. The LUT's RGB results come from the
/// finite table entries (NaN positions go to 0), so every byte must agree.
@Suite(.serialized) struct StoredLut3DTests {
    struct Cube {
        var size: Int32, table: [Float], scale: [Float], offset: [Float]
    }

    /// A random RGBA-padded table, on a domain other than [0, 1] so positions below 0
    /// and above the last entry are clamped.
    static func cube(size: Int, seed: UInt32) -> Cube {
        var state = seed
        let table = (0..<(4 * size * size * size)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) * 1.4 - 0.2
        }
        return Cube(size: Int32(size), table: table, scale: [0.625, 0.5, 1.0526316], offset: [0.0625, 0, -0.05263158])
    }

    static let variants: [Int32] = [Int32(VFX_LUT3D_PORTABLE), Int32(VFX_LUT3D_AVX2)]

    /// Random stored values (`StoredCDLTests.storedValues`: any f16 bit pattern, integers
    /// over their range) plus the f16 specials in every channel, alpha included: ±inf,
    /// quiet and signaling NaN, ±0, the largest and smallest subnormals.
    static func storedPixels(_ format: vfx_pixel_format, count: Int, seed: UInt32) -> [UInt8] {
        var bytes = StoredCDLTests.storedValues(format, count: 4 * count, seed: seed)
        if format == VFX_PIXEL_F16 {
            let specials: [UInt16] = [0x7C00, 0xFC00, 0x7E00, 0x7D01, 0xFE00, 0x0000, 0x8000, 0x03FF, 0x0001, 0x83FF]
            for i in stride(from: 0, to: 4 * count, by: 7) {
                let bits = specials[(i / 7) % specials.count]
                bytes[2 * i] = UInt8(truncatingIfNeeded: bits)
                bytes[2 * i + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
        }
        return bytes
    }

    /// The staged result: load to RGBA floats, the float kernel, store.
    static func staged(_ stored: [UInt8], _ format: vfx_pixel_format, count: Int, cube: Cube,
                       tetrahedral: Int32) -> (floats: [Float], stored: [UInt8]) {
        var floats = [Float](repeating: 0, count: 4 * count)
        vfx_pixels_to_rgba(stored, format, 4, count, &floats)
        vfx_lut3d_rgba(&floats, count, cube.table, cube.size, cube.scale, cube.offset, tetrahedral)
        var expected = [UInt8](repeating: 0, count: stored.count)
        vfx_rgba_to_pixels(floats, count, &expected, format, 4)
        return (floats, expected)
    }

    @Test(arguments: [VFX_PIXEL_F16.rawValue, VFX_PIXEL_U8.rawValue, VFX_PIXEL_U16.rawValue])
    func storedLutIsTheStagedLutBitForBit(rawFormat: UInt32) {
        let format = vfx_pixel_format(rawValue: rawFormat)
        defer { _ = vfx_lut3d_use_variant(Int32(VFX_LUT3D_AUTO)) }
        for variant in Self.variants where vfx_lut3d_use_variant(variant) == 1 {
            for (size, count) in [(2, 3), (17, 8), (33, 4099)] {  // a lone tail, one run, runs and a tail
                let cube = Self.cube(size: size, seed: UInt32(size))
                let stored = Self.storedPixels(format, count: count, seed: UInt32(count) &+ rawFormat)
                for tetrahedral: Int32 in [0, 1] {
                    let label = "variant \(variant), size \(size), \(count) px, tetrahedral \(tetrahedral)"
                    let (floats, expected) = Self.staged(stored, format, count: count, cube: cube,
                                                         tetrahedral: tetrahedral)
                    var fused = [UInt8](repeating: 0, count: stored.count)
                    vfx_lut3d_stored(stored, format, 4, &fused, format, 4, count, cube.table, cube.size, cube.scale,
                                     cube.offset, tetrahedral)
                    #expect(fused == expected, "\(label)")

                    var inPlace = stored
                    inPlace.withUnsafeMutableBytes { pixels in
                        vfx_lut3d_stored(pixels.baseAddress, format, 4, pixels.baseAddress, format, 4, count, cube.table,
                                         cube.size, cube.scale, cube.offset, tetrahedral)
                    }
                    #expect(inPlace == expected, "in place: \(label)")
                    // alpha as the staged path leaves it (a signaling NaN half comes back quiet in both)
                    let bytes = format == VFX_PIXEL_U8 ? 1 : 2
                    let alpha = (0..<count).flatMap { p in (0..<bytes).map { (4 * p + 3) * bytes + $0 } }
                    #expect(alpha.map { inPlace[$0] } == alpha.map { expected[$0] }, "alpha: \(label)")

                    // a chain's ends: stored -> f32 (the LUT first) and f32 -> stored (last)
                    var toFloats = [Float](repeating: 0, count: 4 * count)
                    vfx_lut3d_stored(stored, format, 4, &toFloats, VFX_PIXEL_F32, 4, count, cube.table, cube.size,
                                     cube.scale, cube.offset, tetrahedral)
                    #expect(toFloats.map(\.bitPattern) == floats.map(\.bitPattern), "to f32: \(label)")
                    var loaded = [Float](repeating: 0, count: 4 * count)
                    vfx_pixels_to_rgba(stored, format, 4, count, &loaded)
                    var fromFloats = [UInt8](repeating: 0, count: stored.count)
                    vfx_lut3d_stored(loaded, VFX_PIXEL_F32, 4, &fromFloats, format, 4, count, cube.table, cube.size,
                                     cube.scale, cube.offset, tetrahedral)
                    #expect(fromFloats == expected, "from f32: \(label)")
                }
            }
        }
    }

    /// Every u8 and u16 code in every channel position, in place, against the staged path.
    @Test func everyCodeGoesAsStaged() {
        defer { _ = vfx_lut3d_use_variant(Int32(VFX_LUT3D_AUTO)) }
        let cube = Self.cube(size: 17, seed: 5)
        for variant in Self.variants where vfx_lut3d_use_variant(variant) == 1 {
            for format in [VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let bytes = format == VFX_PIXEL_U8 ? 1 : 2
                let (stored, codes) = StoredCDLTests.everyValue(format)
                for tetrahedral: Int32 in [0, 1] {
                    let expected = Self.staged(stored, format, count: codes, cube: cube, tetrahedral: tetrahedral).stored
                    var inPlace = stored
                    inPlace.withUnsafeMutableBytes { pixels in
                        vfx_lut3d_stored(pixels.baseAddress, format, 4, pixels.baseAddress, format, 4, codes, cube.table,
                                         cube.size, cube.scale, cube.offset, tetrahedral)
                    }
                    #expect(inPlace == expected, "variant \(variant), \(bytes) bytes, tetrahedral \(tetrahedral)")
                }
            }
        }
    }
}
