import CPixelKernels
import Testing

/// `vfx_contrast_stored` and `vfx_matrix_stored` against the staged path (load →
/// `vfx_contrast_rgb` / `vfx_matrix_rgba` → store) at every kernel level, as
/// `StoredCDLTests` does for the CDL: every f16 bit pattern possible, integers over their
/// range, in place, to and from f32, and every u8/u16 code. NaN results compare as NaN
/// (`StoredCDLTests.same`): where two NaNs meet in one sum either may come out.
@Suite(.serialized) struct StoredMatrixContrastTests {
    typealias Staged = (inout [Float], Int) -> Void
    typealias Fused = StoredCurveTests.Fused

    /// Checks `fused` against `staged` on `count` random pixels of `format`.
    static func check(_ format: vfx_pixel_format, count: Int, seed: UInt32, label: String,
                      staged: Staged, fused: Fused) {
        let stored = StoredCDLTests.storedValues(format, count: 4 * count, seed: seed)
        var floats = [Float](repeating: 0, count: 4 * count)
        vfx_pixels_to_rgba(stored, format, 4, count, &floats)
        let loaded = floats
        staged(&floats, count)
        var expected = [UInt8](repeating: 0, count: stored.count)
        vfx_rgba_to_pixels(floats, count, &expected, format, 4)

        var out = [UInt8](repeating: 0, count: stored.count)
        stored.withUnsafeBytes { s in out.withUnsafeMutableBytes { fused(s.baseAddress, format, 4, $0.baseAddress, format, 4, count) } }
        #expect(StoredCDLTests.same(out, expected, format), "\(label)")
        var inPlace = stored
        inPlace.withUnsafeMutableBytes { fused($0.baseAddress, format, 4, $0.baseAddress, format, 4, count) }
        #expect(StoredCDLTests.same(inPlace, expected, format), "in place: \(label)")
        var toFloats = [Float](repeating: 0, count: 4 * count)
        stored.withUnsafeBytes { s in
            toFloats.withUnsafeMutableBytes { fused(s.baseAddress, format, 4, $0.baseAddress, VFX_PIXEL_F32, 4, count) }
        }
        #expect(StoredCDLTests.same(toFloats, floats), "to f32: \(label)")
        var fromFloats = [UInt8](repeating: 0, count: stored.count)
        loaded.withUnsafeBytes { s in
            fromFloats.withUnsafeMutableBytes { fused(s.baseAddress, VFX_PIXEL_F32, 4, $0.baseAddress, format, 4, count) }
        }
        #expect(StoredCDLTests.same(fromFloats, expected, format), "from f32: \(label)")
    }

    /// A saturation (alpha row 0 0 0 1) and a matrix whose alpha output mixes RGB, with offsets.
    static let matrices: [(m: [Float], o: [Float])] = [
        ([0.85, 0.11, 0.04, 0, 0.03, 0.93, 0.04, 0, 0.03, 0.11, 0.86, 0, 0, 0, 0, 1], [0, 0, 0, 0]),
        ([1.2, -0.1, 0.05, 0.1, 0.2, 0.7, 0.1, -0.05, -0.3, 0.2, 1.1, 0, 0.1, 0.2, 0.3, 0.5],
         [0.01, -0.02, 0.03, 0.1]),
    ]

    @Test(arguments: [VFX_PIXEL_F16.rawValue, VFX_PIXEL_U8.rawValue, VFX_PIXEL_U16.rawValue])
    func storedMatrixAndContrastAreTheStagedOnesBitForBit(rawFormat: UInt32) {
        let format = vfx_pixel_format(rawValue: rawFormat)
        StoredCDLTests.atEveryLevel { level in
            for count in [3, 16, 4099] {  // a lone partial run, one whole run, runs and a tail
                let seed = UInt32(count) &* 31 &+ rawFormat
                for (amount, pivot) in [(Float(1.1), Float(0.18)), (0.7, 0.5)] {
                    Self.check(format, count: count, seed: seed, label: "contrast \(amount), level \(level), \(count) px",
                               staged: { vfx_contrast_rgb(&$0, $1, amount, 1 / pivot, pivot) },
                               fused: { vfx_contrast_stored($0, $1, $2, $3, $4, $5, $6, amount, 1 / pivot, pivot) })
                }
                for (n, (m, o)) in Self.matrices.enumerated() {
                    Self.check(format, count: count, seed: seed, label: "matrix \(n), level \(level), \(count) px",
                               staged: { vfx_matrix_rgba(&$0, $1, m, o) },
                               fused: { vfx_matrix_stored($0, $1, $2, $3, $4, $5, $6, m, o) })
                }
            }
        }
    }

    /// Every u8 and u16 code in every channel (alpha included), in place.
    @Test func everyCodeGoesAsStaged() {
        StoredCDLTests.atEveryLevel { level in
            for format in [VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let bytes = format == VFX_PIXEL_U8 ? 1 : 2
                let (stored, codes) = StoredCDLTests.everyValue(format)
                let cases: [(String, Staged, Fused)] = [
                    ("contrast", { vfx_contrast_rgb(&$0, $1, 1.1, 1 / 0.18, 0.18) },
                     { vfx_contrast_stored($0, $1, $2, $3, $4, $5, $6, 1.1, 1 / 0.18, 0.18) }),
                    ("matrix", { vfx_matrix_rgba(&$0, $1, Self.matrices[1].m, Self.matrices[1].o) },
                     { vfx_matrix_stored($0, $1, $2, $3, $4, $5, $6, Self.matrices[1].m, Self.matrices[1].o) }),
                ]
                for (name, staged, fused) in cases {
                    var floats = [Float](repeating: 0, count: 4 * codes)
                    vfx_pixels_to_rgba(stored, format, 4, codes, &floats)
                    staged(&floats, codes)
                    var expected = [UInt8](repeating: 0, count: stored.count)
                    vfx_rgba_to_pixels(floats, codes, &expected, format, 4)
                    var inPlace = stored
                    inPlace.withUnsafeMutableBytes { fused($0.baseAddress, format, 4, $0.baseAddress, format, 4, codes) }
                    #expect(inPlace == expected, "\(name), level \(level), \(bytes) bytes")
                }
            }
        }
    }
}
