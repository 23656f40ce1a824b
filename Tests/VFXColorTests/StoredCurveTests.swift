import CPixelKernels
import Testing
import VFXColor
#if canImport(Glibc)
import Glibc
#endif

/// `vfx_transfer_stored` (every float32 transfer curve of the catalog, both directions),
/// `vfx_lut1d_stored` and `vfx_log_stored` against the staged path (load → the f32 kernel
/// → store) at every kernel level, bit for bit: random pixels of each format (in place, to
/// and from f32, partial runs), every f16 bit pattern (NaN, ±inf, subnormals) and every u8
/// and u16 code in every channel, alpha included. These kernels work per channel, so no
/// two NaNs meet in one operation and NaN results compare bit for bit too.
@Suite(.serialized) struct StoredCurveTests {
    typealias Staged = (inout [Float], Int) -> Void
    /// (source, its format, its channels, destination, its format, its channels, pixels)
    typealias Fused = (UnsafeRawPointer?, vfx_pixel_format, Int32, UnsafeMutableRawPointer?, vfx_pixel_format, Int32,
                       Int) -> Void

    struct Case {
        let name: String
        let staged: Staged
        let fused: Fused
    }

    /// The float32 kernel of every curve of the catalog that has one, both directions.
    static let curveKernels: [(String, FloatCurveKernel)] = TransferCurves.all.flatMap { entry in
        TransferDirection.allCases.compactMap { direction -> (String, FloatCurveKernel)? in
            guard let op = try? TransferOp(curve: entry.name, direction: direction),
                  let kernel = op.function.floatKernel(direction) else { return nil }
            return ("\(entry.name) \(direction.rawValue)", kernel)
        }
    }

    /// A 1D LUT of `size` entries per channel over a domain, as Lut1DRenderer packs it:
    /// (entry, next − entry) pairs per channel.
    static func lut1D(size: Int) -> (planar: [Float], a: [Float], b: [Float]) {
        var planar = [Float](repeating: 0, count: 6 * size)
        func entry(_ c: Int, _ i: Int) -> Float { powf(Float(i) / Float(size - 1), 1 / (2.0 + 0.2 * Float(c))) }
        for c in 0..<3 {
            for i in 0..<size {
                let next = i + 1 < size ? entry(c, i + 1) : entry(c, i)
                planar[2 * (c * size + i)] = entry(c, i)
                planar[2 * (c * size + i) + 1] = next - entry(c, i)
            }
        }
        return (planar, [1, 0.8, 1.25], [0, 0.1, -0.05])
    }

    /// Log node constants per channel (a, b, c, d, unused, break, slope, offset): a plain
    /// log (no segment) and a camera log with a straight segment below its break.
    static let logConstants: [(String, Int32, [Float])] = [
        ("lin to log", 0, [1, 0, 0.3, 0.6, 0, -.infinity, 0, 0] + [1.1, 0.01, 0.29, 0.62, 0, -.infinity, 0, 0]
            + [0.9, 0.02, 0.31, 0.58, 0, -.infinity, 0, 0]),
        ("camera lin to log", 0, [5.555556, 0.052272, 0.0744, 0.385537, 0, 0.010591, 5.3676, 0.0928]
            + [5.5, 0.05, 0.075, 0.38, 0, 0.01, 5.3, 0.09] + [5.6, 0.053, 0.074, 0.39, 0, 0.011, 5.4, 0.093]),
        ("log to lin", 1, [13.4, -0.385537, -0.052272, 0.18, 0, 0.1497, 0.1863, -0.0928]
            + [13.3, -0.38, -0.05, 0.181, 0, 0.149, 0.188, -0.09] + [13.5, -0.39, -0.053, 0.179, 0, 0.15, 0.185, -0.093]),
    ]

    static var cases: [Case] {
        var cases = curveKernels.map { name, kernel in
            Case(name: name, staged: { floats, count in
                kernel.constants.withUnsafeBufferPointer { vfx_transfer_rgb(&floats, count, Int32(kernel.kind.rawValue), $0.baseAddress) }
            }, fused: { s, sf, sc, d, df, dc, count in
                kernel.constants.withUnsafeBufferPointer {
                    vfx_transfer_stored(s, sf, sc, d, df, dc, count, Int32(kernel.kind.rawValue), $0.baseAddress)
                }
            })
        }
        for size in [2, 4096] {
            let (planar, a, b) = lut1D(size: size)
            cases.append(Case(name: "lut1d \(size)", staged: { vfx_lut1d_rgb(&$0, $1, planar, Int32(size), a, b) },
                              fused: { vfx_lut1d_stored($0, $1, $2, $3, $4, $5, $6, planar, Int32(size), a, b) }))
        }
        for (name, direction, k) in logConstants {
            cases.append(Case(name: name, staged: { vfx_log_rgb(&$0, $1, direction, k) },
                              fused: { vfx_log_stored($0, $1, $2, $3, $4, $5, $6, direction, k) }))
        }
        for (name, k) in rangeConstants {
            cases.append(Case(name: name, staged: { vfx_range_rgba(&$0, $1, k) },
                              fused: { vfx_range_stored($0, $1, $2, $3, $4, $5, $6, k) }))
        }
        return cases
    }

    /// Range constants (scale, offset, low, high per channel, alpha last in each): a clamp
    /// to [0, 1] with a scale, and a scale and offset with no clamp (alpha: 1, 0, ±inf).
    static let rangeConstants: [(String, [Float])] = [
        ("range clamp", [1.25, 1.25, 1.25, 1, -0.1, -0.1, -0.1, 0, 0, 0, 0, -.infinity, 1, 1, 1, .infinity]),
        ("range scale", [0.5, 0.5, 0.5, 1, 0.25, 0.25, 0.25, 0, -.infinity, -.infinity, -.infinity, -.infinity,
                         .infinity, .infinity, .infinity, .infinity]),
    ]

    @Test func everyKernelKindIsCovered() {
        let kinds = Set(Self.curveKernels.map(\.1.kind))
        #expect(kinds == [.power, .gamma, .logEncode, .logDecode, .splitLogEncode, .splitLogDecode,
                          .pqEncode, .pqDecode], "\(kinds)")
    }

    /// The stored path of `c` on `count` pixels of `format` (random values from
    /// `StoredCDLTests.storedValues`) against the staged one: the labels of what differs.
    static func mismatches(_ c: Case, _ format: vfx_pixel_format, count: Int, seed: UInt32) -> [String] {
        let stored = StoredCDLTests.storedValues(format, count: 4 * count, seed: seed)
        return mismatches(c, format, stored: stored, count: count)
    }

    /// The stored path of `c` on `count` pixels of `channels` values (3 or 4) against the
    /// staged one (`vfx_pixels_to_rgba` → the float kernel → `vfx_rgba_to_pixels`), in
    /// place, out of place, to RGBA floats (a chain's first op) and from them (its last):
    /// the labels of what differs, by `same` on the bytes and their format (bit for bit
    /// unless given another test).
    static func mismatches(_ c: Case, _ format: vfx_pixel_format, stored: [UInt8], count: Int, channels: Int32 = 4,
                           same: ([UInt8], [UInt8], vfx_pixel_format) -> Bool = { a, b, _ in a == b }) -> [String] {
        let n = Int(channels)
        var floats = [Float](repeating: 0, count: 4 * count)
        vfx_pixels_to_rgba(stored, format, n, count, &floats)
        let loaded = floats
        c.staged(&floats, count)
        var expected = [UInt8](repeating: 0, count: stored.count)
        vfx_rgba_to_pixels(floats, count, &expected, format, n)
        var failed: [String] = []

        var out = [UInt8](repeating: 0, count: stored.count)
        stored.withUnsafeBytes { s in
            out.withUnsafeMutableBytes { c.fused(s.baseAddress, format, channels, $0.baseAddress, format, channels, count) }
        }
        if !same(out, expected, format) { failed.append("out of place") }
        var inPlace = stored
        inPlace.withUnsafeMutableBytes { c.fused($0.baseAddress, format, channels, $0.baseAddress, format, channels, count) }
        if !same(inPlace, expected, format) { failed.append("in place") }
        var toFloats = [Float](repeating: 0, count: 4 * count)
        stored.withUnsafeBytes { s in
            toFloats.withUnsafeMutableBytes { c.fused(s.baseAddress, format, channels, $0.baseAddress, VFX_PIXEL_F32, 4, count) }
        }
        if !same(bytes(toFloats), bytes(floats), VFX_PIXEL_F32) { failed.append("to f32") }
        var fromFloats = [UInt8](repeating: 0, count: stored.count)
        loaded.withUnsafeBytes { s in
            fromFloats.withUnsafeMutableBytes { c.fused(s.baseAddress, VFX_PIXEL_F32, 4, $0.baseAddress, format, channels, count) }
        }
        if !same(fromFloats, expected, format) { failed.append("from f32") }
        return failed
    }

    static func bytes(_ floats: [Float]) -> [UInt8] { floats.withUnsafeBytes { Array($0) } }

    @Test(arguments: [VFX_PIXEL_F16.rawValue, VFX_PIXEL_U8.rawValue, VFX_PIXEL_U16.rawValue])
    func storedCurvesAreTheStagedOnesBitForBit(rawFormat: UInt32) {
        let format = vfx_pixel_format(rawValue: rawFormat)
        let cases = Self.cases
        StoredCDLTests.atEveryLevel { level in
            for count in [3, 16, 4099] {  // a lone partial run, one whole run, runs and a tail
                for c in cases {
                    let failed = Self.mismatches(c, format, count: count, seed: UInt32(count) &* 31 &+ rawFormat)
                    #expect(failed.isEmpty, "\(c.name), level \(level), \(count) px: \(failed)")
                }
            }
        }
    }

    @Test func everyHalfPatternAndEveryCodeGoesAsStaged() {
        let cases = Self.cases
        StoredCDLTests.atEveryLevel { level in
            for format in [VFX_PIXEL_F16, VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let (stored, count) = StoredCDLTests.everyValue(format)
                for c in cases {
                    let failed = Self.mismatches(c, format, stored: stored, count: count)
                    #expect(failed.isEmpty, "\(c.name), level \(level), format \(format.rawValue): \(failed)")
                }
            }
        }
    }

    /// The comparison can fail: a stored path whose store is broken in one place (one
    /// alpha value, one colour value) is caught at every format and level.
    @Test func aBrokenStoreIsCaught() {
        let curve = Self.cases[0]
        StoredCDLTests.atEveryLevel { level in
            for format in [VFX_PIXEL_F16, VFX_PIXEL_U8, VFX_PIXEL_U16] {
                let (stored, count) = StoredCDLTests.everyValue(format)
                for channel in [0, 3] {
                    let broken = Case(name: "broken", staged: curve.staged, fused: { s, sf, sc, d, df, dc, n in
                        curve.fused(s, sf, sc, d, df, dc, n)
                        let bytes = df == VFX_PIXEL_F32 ? 4 : df == VFX_PIXEL_U8 ? 1 : 2
                        guard let d else { return }
                        let at = d.advanced(by: (4 * (n / 2) + channel) * bytes).assumingMemoryBound(to: UInt8.self)
                        at.pointee ^= 1
                    })
                    let failed = Self.mismatches(broken, format, stored: stored, count: count)
                    #expect(failed.count == 4, "level \(level), format \(format.rawValue), channel \(channel): \(failed)")
                }
            }
        }
    }
}
