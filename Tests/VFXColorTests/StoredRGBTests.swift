import CPixelKernels
import Testing

/// Every stored-pixel kernel on three-channel (RGB) pixels: in place, out of place, into a
/// staged RGBA float block (a chain's first op) and out of one (its last), against the
/// staged path (`vfx_pixels_to_rgba` with alpha 1 → the float kernel → `vfx_rgba_to_pixels`
/// without alpha), at every kernel level and 3D LUT variant, on f16, u8, u16 and f32: the
/// SIMD kernels split runs of RGB values into channel vectors with their own permutes, so
/// a pixel or a channel out of place would show here. Bit for bit, except where two NaNs
/// meet in one operation (a CDL's saturation, a matrix), which `StoredCDLTests` explains.
@Suite(.serialized) struct StoredRGBTests {
    typealias Case = StoredCurveTests.Case

    /// The float kernels that mix channels, whose NaN payloads may differ between paths.
    struct Checked {
        let c: Case
        let mixes: Bool
    }

    static var cases: [Checked] {
        var cases = StoredCurveTests.cases.map { Checked(c: $0, mixes: false) }
        cases.append(Checked(c: Case(name: "contrast", staged: { vfx_contrast_rgb(&$0, $1, 1.1, 1 / 0.18, 0.18) },
                                     fused: { vfx_contrast_stored($0, $1, $2, $3, $4, $5, $6, 1.1, 1 / 0.18, 0.18) }),
                             mixes: false))
        for (n, (m, o)) in StoredMatrixContrastTests.matrices.enumerated() {
            cases.append(Checked(c: Case(name: "matrix \(n)", staged: { vfx_matrix_rgba(&$0, $1, m, o) },
                                         fused: { vfx_matrix_stored($0, $1, $2, $3, $4, $5, $6, m, o) }),
                                 mixes: true))
        }
        for (n, g) in StoredCDLTests.grades.enumerated() {
            cases.append(Checked(c: Case(name: "cdl \(n)", staged: {
                vfx_cdl_rgb(&$0, $1, g.slope, g.offset, g.power, g.saturation, g.clamp)
            }, fused: {
                vfx_cdl_stored($0, $1, $2, $3, $4, $5, $6, g.slope, g.offset, g.power, g.saturation, g.clamp)
            }), mixes: g.saturation != 1))
        }
        let scale: [Float] = [1.0717735, 0.5, 3.3]
        cases.append(Checked(c: Case(name: "scale", staged: { floats, count in
            for i in 0..<count { for c in 0..<3 { floats[4 * i + c] *= scale[c] } }
        }, fused: { vfx_scale_stored($0, $1, $2, $3, $4, $5, $6, scale) }), mixes: false))
        let cube = StoredLut3DTests.cube(size: 17, seed: 3)
        for tetrahedral: Int32 in [0, 1] {
            cases.append(Checked(c: Case(name: "lut3d \(tetrahedral)", staged: {
                vfx_lut3d_rgba(&$0, $1, cube.table, cube.size, cube.scale, cube.offset, tetrahedral)
            }, fused: {
                vfx_lut3d_stored($0, $1, $2, $3, $4, $5, $6, cube.table, cube.size, cube.scale, cube.offset,
                                 tetrahedral)
            }), mixes: false))
        }
        return cases
    }

    /// Equal bytes of `format`, or (where `nanPayloads` may differ) NaN where the other is NaN.
    static func same(_ a: [UInt8], _ b: [UInt8], _ format: vfx_pixel_format, nanPayloads: Bool) -> Bool {
        guard nanPayloads else { return a == b }
        guard format == VFX_PIXEL_F32 else { return StoredCDLTests.same(a, b, format) }
        func floats(_ bytes: [UInt8]) -> [Float] {
            bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        }
        return StoredCDLTests.same(floats(a), floats(b))
    }

    /// `3 * count` random values of `format`: any f16 bit pattern (and f32 widened from
    /// them: NaN, ±inf, subnormal halves), integers over their range.
    static func values(_ format: vfx_pixel_format, count: Int, seed: UInt32) -> [UInt8] {
        guard format == VFX_PIXEL_F32 else { return StoredCDLTests.storedValues(format, count: 3 * count, seed: seed) }
        let halves = StoredCDLTests.storedValues(VFX_PIXEL_F16, count: 3 * count, seed: seed)
        var floats = [Float](repeating: 0, count: 3 * count)
        vfx_values_to_float(halves, VFX_PIXEL_F16, 3 * count, &floats)
        return StoredCurveTests.bytes(floats)
    }

    static let formats = [VFX_PIXEL_F16, VFX_PIXEL_U8, VFX_PIXEL_U16, VFX_PIXEL_F32]

    /// Runs `body` at every kernel level with every 3D LUT variant.
    static func atEveryLevelAndVariant(_ body: (String) -> Void) {
        defer { _ = vfx_lut3d_use_variant(Int32(VFX_LUT3D_AUTO)) }
        StoredCDLTests.atEveryLevel { level in
            for variant in StoredLut3DTests.variants where vfx_lut3d_use_variant(variant) == 1 {
                body("level \(level), lut3d variant \(variant)")
            }
        }
    }

    /// Each case on `count` RGB pixels of `format` against the staged path.
    static func check(_ cases: [Checked], _ format: vfx_pixel_format, stored: [UInt8], count: Int, _ label: String) {
        for checked in cases {
            let failed = StoredCurveTests.mismatches(checked.c, format, stored: stored, count: count, channels: 3) {
                Self.same($0, $1, $2, nanPayloads: checked.mixes)
            }
            #expect(failed.isEmpty, "\(checked.c.name), \(label), format \(format.rawValue): \(failed)")
        }
    }

    @Test func rgbKernelsAreTheStagedOnesBitForBit() {
        let cases = Self.cases
        Self.atEveryLevelAndVariant { label in
            for format in Self.formats {
                for count in [5, 16, 48, 4099] {  // a lone partial run, whole AVX2 / AVX-512 runs, runs and a tail
                    let stored = Self.values(format, count: count, seed: UInt32(count) &* 13 &+ format.rawValue)
                    Self.check(cases, format, stored: stored, count: count, "\(label), \(count) px")
                }
            }
        }
    }

    /// Every f16 bit pattern and every u8 / u16 code in each of R, G and B.
    @Test func everyHalfPatternAndEveryCodeGoesAsStaged() {
        let cases = Self.cases
        Self.atEveryLevelAndVariant { label in
            for format in [VFX_PIXEL_F16, VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let codes = format == VFX_PIXEL_U8 ? 256 : 65536, bytes = format == VFX_PIXEL_U8 ? 1 : 2
                var stored = [UInt8](repeating: 0, count: 3 * codes * bytes)
                for i in 0..<(3 * codes) {
                    let code = (i * 3 + i / codes) % codes
                    for k in 0..<bytes { stored[i * bytes + k] = UInt8(truncatingIfNeeded: code >> (8 * k)) }
                }
                Self.check(cases, format, stored: stored, count: codes, label)
            }
        }
    }

    /// The comparison can fail: an RGB store that swaps two pixels' green values (the
    /// mistake a wrong permute index makes) is caught in every direction that stores RGB.
    @Test func aPixelOutOfPlaceIsCaught() {
        let exposure = Self.cases.first { $0.c.name == "scale" }?.c
        guard let exposure else { Issue.record("no scale case"); return }
        StoredCDLTests.atEveryLevel { level in
            for format in Self.formats {
                let bytes = Int(vfx_pixel_format_bytes(format))
                let broken = Case(name: "broken", staged: exposure.staged, fused: { s, sf, sc, d, df, dc, n in
                    exposure.fused(s, sf, sc, d, df, dc, n)
                    guard dc == 3, let d else { return }
                    let first = d.advanced(by: (3 * 1 + 1) * bytes), second = d.advanced(by: (3 * 6 + 1) * bytes)
                    for k in 0..<bytes {
                        let t = first.load(fromByteOffset: k, as: UInt8.self)
                        first.storeBytes(of: second.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self)
                        second.storeBytes(of: t, toByteOffset: k, as: UInt8.self)
                    }
                })
                // pixels 1 and 6 with different greens, in every format
                var stored = Self.values(format, count: 16, seed: 7)
                for (pixel, value) in [(1, 0.25), (6, 0.75)] {
                    var floats = [Float](repeating: 0, count: 1)
                    floats[0] = Float(value)
                    var one = [UInt8](repeating: 0, count: bytes)
                    vfx_values_from_float(floats, 1, &one, format)
                    for k in 0..<bytes { stored[(3 * pixel + 1) * bytes + k] = one[k] }
                }
                let failed = StoredCurveTests.mismatches(broken, format, stored: stored, count: 16, channels: 3)
                #expect(failed == ["out of place", "in place", "from f32"], "level \(level), format \(format.rawValue): \(failed)")
            }
        }
    }
}
