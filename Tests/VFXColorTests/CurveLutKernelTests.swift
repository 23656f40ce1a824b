import CPixelKernels
import Testing

/// `vfx_curve_lut_rgba` (the sampled grading curves of the ACES output transforms): the
/// AVX2 and AVX-512 levels against the baseline bit for bit, and the baseline against the
/// formula in float64.
@Suite(.serialized) struct CurveLutKernelTests {
    struct Curve {
        var table: [Float]  // RGB samples when stride is 3
        var size: Int32
        var stride: Int32
        /// vfx_curve_lut_rgba's (s[i], s[i + 1]) pairs of each channel's samples.
        var pairs: [Float] {
            let n = Int(size), k = Int(stride)
            var result: [Float] = []
            for c in 0..<k {
                for i in 0..<n {
                    result.append(table[k * i + c])
                    result.append(table[k * Swift.min(i + 1, n - 1) + c])
                }
            }
            return result
        }
        var min: [Float]
        var max: [Float]
        var below: [Float]
        var above: [Float]
    }

    /// A smooth tone-scale-like curve: one shared curve, or three different ones.
    static func curve(stride: Int32, size: Int32 = 257) -> Curve {
        var table: [Float] = []
        for i in 0..<Int(size) {
            let t = Double(i) / Double(size - 1)
            for c in 0..<Int(stride) { table.append(Float(-4 + 8 * t * t * (3 - 2 * t) + 0.1 * Double(c) * t)) }
        }
        return Curve(table: table, size: size, stride: stride, min: [-5, -4.5, -6], max: [4, 3.5, 5],
                     below: [0.25, 0, 0.5], above: [0.75, 0.125, 0])
    }

    /// Values across and beyond each channel's domain, its exact ends, NaN, infinities,
    /// signed zeros and denormals; alpha varies too.
    static func pixels(_ curve: Curve) -> [Float] {
        var values: [Float] = [.nan, -.nan, .infinity, -.infinity, 0, -0.0, 1e-40, -1e-40]
        for c in 0..<3 {
            values += [curve.min[c], curve.max[c], curve.min[c].nextUp, curve.max[c].nextDown,
                       curve.min[c].nextDown, curve.max[c].nextUp]
        }
        var state: UInt32 = 2024
        while values.count < 15_005 {  // not a multiple of 8: the vector loop leaves a tail
            state = state &* 1_664_525 &+ 1_013_904_223
            values.append(Float(state >> 8) / Float(1 << 24) * 16 - 8)
        }
        var rgba: [Float] = []
        for i in 0..<values.count {  // each value in R, in G and in B, beside others
            rgba += [values[i], values[(i + 7) % values.count], values[(i + 13) % values.count], Float(i) * 0.25]
        }
        return rgba
    }

    /// The kernel at `level` (0 baseline, 1 AVX2, 2 AVX-512; a level the CPU lacks falls
    /// to the best it has).
    static func run(_ curve: Curve, _ pixels: [Float], level: Int32) -> [Float] {
        vfx_color_kernels_force_level(level)
        defer { vfx_color_kernels_force_level(-1) }
        var out = pixels
        out.withUnsafeMutableBufferPointer { buffer in
            vfx_curve_lut_rgba(curve.pairs, curve.size, curve.stride == 1 ? 1 : 0, curve.min, curve.max, curve.below,
                               curve.above, buffer.baseAddress, buffer.count / 4)
        }
        return out
    }

    @Test(arguments: [Int32(1), 3])
    func vectorLevelsGiveTheBaselineBits(stride: Int32) {
        let curve = Self.curve(stride: stride)
        let pixels = Self.pixels(curve)
        let baseline = Self.run(curve, pixels, level: 0)
        for level: Int32 in [1, 2] {
            let vector = Self.run(curve, pixels, level: level)
            let differing = zip(baseline, vector).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(differing == 0, "level \(level): \(differing) values differ")
            // The check notices a changed value (a sabotaged copy of the result).
            var sabotaged = vector
            sabotaged[4 * 123 + 1] = sabotaged[4 * 123 + 1].nextUp
            #expect(zip(baseline, sabotaged).contains { $0.bitPattern != $1.bitPattern })
        }
    }

    @Test(arguments: [Int32(1), 3])
    func portableLoopIsTheFormula(stride: Int32) {
        let curve = Self.curve(stride: stride)
        let pixels = Self.pixels(curve)
        let out = Self.run(curve, pixels, level: 0)
        let last = Int(curve.size) - 1
        for i in 0..<(pixels.count / 4) {
            #expect(out[4 * i + 3].bitPattern == pixels[4 * i + 3].bitPattern, "alpha changed")
            for c in 0..<3 {
                let x = Double(pixels[4 * i + c])
                let sample = { (k: Int) in Double(curve.table[Int(curve.stride) * k + (curve.stride == 1 ? 0 : c)]) }
                let lo = Double(curve.min[c]), hi = Double(curve.max[c])
                let expected: Double
                if x.isNaN {
                    expected = sample(0)
                } else if x <= lo {
                    expected = sample(0) + Double(curve.below[c]) * (x - lo)
                } else if x >= hi {
                    expected = sample(last) + Double(curve.above[c]) * (x - hi)
                } else {
                    let position = (x - lo) / (hi - lo) * Double(last)
                    let k = Swift.min(Int(position), last - 1)
                    expected = sample(k) + (position - Double(k)) * (sample(k + 1) - sample(k))
                }
                let actual = Double(out[4 * i + c])
                if expected.isNaN {
                    #expect(actual.isNaN, "x \(x) channel \(c): \(actual), not NaN")
                } else if expected.isInfinite {
                    #expect(actual == expected, "x \(x) channel \(c): \(actual) vs \(expected)")
                } else {
                    // float results: rounding of the output and of the lines' float math
                    #expect(abs(actual - expected) <= 4e-7 * Swift.max(1, abs(expected)),
                            "x \(x) channel \(c): \(actual) vs \(expected)")
                }
            }
        }
    }
}
