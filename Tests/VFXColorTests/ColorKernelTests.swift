import CPixelKernels
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct ColorKernelTests {
    /// The vectorized pow against the C library's pow in double, from subnormal to huge
    /// inputs and the powers color curves use.
    @Test func fastPowIsAccurate() {
        var worst = 0.0
        var x: Float = 1e-40
        while x < 1e30 {
            for p: Float in [0.1, 0.4545, 0.8, 1.2, 2.2, 2.4, 3.0, 1 / 2.4] {
                let expected = Glibc.pow(Double(x), Double(p))
                guard expected > 1e-37, expected < 1e37 else { continue }
                worst = max(worst, abs(Double(vfx_fast_pow(x, p)) - expected) / expected)
            }
            x *= 1.0173
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
    }

    /// The AVX2 and baseline kernels run the same float operations: identical bits.
    @Test func avx2AndBaselineKernelsAgreeBitForBit() {
        let count = 4099
        var source = [Float](repeating: 0, count: 4 * count)
        var state: UInt32 = 12345
        for i in source.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            source[i] = Float(state >> 8) / Float(1 << 24) * 6 - 1
        }
        source[0] = .nan
        source[1] = .infinity
        source[2] = 0
        source[3] = 1e-39
        func run(generic: Bool) -> [UInt32] {
            vfx_color_kernels_force_generic(generic ? 1 : 0)
            defer { vfx_color_kernels_force_generic(0) }
            var pixels = source
            vfx_cdl_rgb(&pixels, count, [1.1, 1, 0.9], [0.01, 0, -0.02], [1.2, 1, 0.8], 1.1, 0)
            vfx_contrast_rgb(&pixels, count, 1.3, 1 / 0.18, 0.18)
            vfx_matrix_rgba(&pixels, count, [0.6, 0.3, 0.1, 0, 0.2, 0.7, 0.1, 0, 0.1, 0.1, 0.8, 0, 0, 0, 0, 1],
                            [0.01, 0, 0, 0])
            return pixels.map(\.bitPattern)
        }
        #expect(run(generic: true) == run(generic: false))
    }
}
