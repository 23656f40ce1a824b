import CPixelKernels
import Testing
import VFXColor
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct ColorKernelTests {
    /// The vectorized pow against the C library's pow in double, from subnormal to huge
    /// inputs and the powers color curves use (measured 1.6e-7; the division-based log2
    /// and degree-8 exp2 it replaced reached 3.1e-7).
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
        #expect(worst < 2e-7, "worst relative error \(worst)")
    }

    /// The AVX-512, AVX2 and baseline kernels run the same float operations: identical bits.
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
        func run(level: Int32) -> [UInt32] {
            vfx_color_kernels_force_level(level)
            defer { vfx_color_kernels_force_level(-1) }
            var pixels = source
            vfx_cdl_rgb(&pixels, count, [1.1, 1, 0.9], [0.01, 0, -0.02], [1.2, 1, 0.8], 1.1, 0)
            vfx_contrast_rgb(&pixels, count, 1.3, 1 / 0.18, 0.18)
            vfx_matrix_rgba(&pixels, count, [0.6, 0.3, 0.1, 0, 0.2, 0.7, 0.1, 0, 0.1, 0.1, 0.8, 0, 0, 0, 0, 1],
                            [0.01, 0, 0, 0])
            return pixels.map(\.bitPattern)
        }
        let baseline = run(level: 0)
        #expect(run(level: 1) == baseline)
        #expect(run(level: 2) == baseline)
    }

    /// The explicit AVX-512 and AVX2 pow kernels and the baseline ones run the same float
    /// operations: identical bits on 1M values (1e-30...1e30 and -2...8), the edge values,
    /// every power color curves use, and counts that leave partial runs of 8 and 16.
    @Test func powKernelsAgreeBitForBitAtEveryLevel() {
        let count = 1_000_003
        let source = wideSource(count: count, seed: 987_654_321, exponents: (-30, 60), linear: (-2, 10),
                                edges: [0, -0.0, .leastNonzeroMagnitude, 1e-40, .leastNormalMagnitude,
                                        .greatestFiniteMagnitude, .infinity, -.infinity, .nan,
                                        1, Float(1).nextDown, Float(1).nextUp])
        let powers: [Float] = [0.1, 0.45, 0.8, 1.0, 1.2, 2.2, 2.4, 3.0, 7.5]
        for (k, power) in powers.enumerated() {
            let used = count - k * 3  // 1_000_003 - 3k: every remainder mod 16 in turn
            let rgb: [Float] = [power, powers[(k + 4) % powers.count], power]
            let clamp = Int32(k & 1)
            expectSameBitsAtEveryLevel(source, "power \(power) count \(used)") { pixels in
                var again = pixels
                vfx_pow_rgb_positive(&pixels, used, rgb)
                vfx_contrast_rgb(&pixels, used, power, 1 / 0.18, 0.18)
                vfx_cdl_rgb(&again, used, [1.1, 1, 0.9], [0.01, 0, -0.02], rgb, 1.1, clamp)
                vfx_cdl_rgb(&again, used, [1.1, 1, 0.9], [0.01, 0, -0.02], rgb, 1, clamp)
                pixels += again
            }
        }
    }

    /// The float32 transfer curves (vfx_transfer_rgb) give the same bits at every kernel
    /// level, for every curve that has one, both directions, on 1e-30...1e30, -2...8 and
    /// the edge values, with counts that leave partial runs.
    @Test func transferKernelsAgreeBitForBitAtEveryLevel() throws {
        let count = 200_003
        let source = wideSource(count: count, seed: 24_681_357, exponents: (-30, 60), negatives: true,
                                linear: (-2, 10),
                                edges: [0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-40,
                                        .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                        .infinity, -.infinity, .nan, 1, Float(1).nextDown, Float(1).nextUp,
                                        1e30, -1e30])
        var kernels: [FloatCurveKernel] = []
        for entry in TransferCurves.all {
            for direction in TransferDirection.allCases {
                if let kernel = try entry.make().floatKernel(direction) { kernels.append(kernel) }
            }
        }
        for direction in TransferDirection.allCases {
            for parameters: [String: TransferParameterValue] in [["gamma": .number(2.6), "mirror": .flag(true)],
                                                                  ["gamma": .number(0.7)]] {
                if let kernel = try TransferCurves.entry(named: "gamma").make(parameters).floatKernel(direction) {
                    kernels.append(kernel)
                }
            }
        }
        #expect(kernels.count >= 8)
        // the split kinds: ACEScc (plain), Canon Log 3 (mirrored), HLG (mirrored, lower pieces)
        #expect(kernels.filter { $0.kind == .splitLogEncode }.count >= 3)
        #expect(kernels.filter { $0.kind == .splitLogDecode }.count >= 3)
        for (k, kernel) in kernels.enumerated() {
            let used = count - k  // every remainder mod 16 in turn
            expectSameBitsAtEveryLevel(source, "kernel \(kernel)") { pixels in
                vfx_transfer_rgb(&pixels, used, Int32(kernel.kind.rawValue), kernel.constants)
            }
        }
    }

    /// The ACES fixed functions (vfx_aces_rgba: red modifier, glow, surround, gamut
    /// compression, both directions, with their vector atan2 and pow) give the same bits at every level, on
    /// values of every magnitude and sign (so every hue and saturation), the edge values in
    /// each channel, and counts that leave partial runs. Their agreement with OCIO is
    /// test_clf.py's test_aces_fixed_functions_match_ocio.
    @Test func acesFixedFunctionKernelsAgreeBitForBitAtEveryLevel() {
        let count = 100_003
        let source = wideSource(count: count, seed: 13_579_246, exponents: (-6, 9), negatives: true,
                                linear: (-0.2, 1.5),
                                edges: [0, -0.0, .leastNonzeroMagnitude, 1e-40, .greatestFiniteMagnitude,
                                        .infinity, -.infinity, .nan, 0.18, 1])
        let styles: [(Int32, [Float])] = [(0, [0.18, 0.03, 1.6976527]), (1, [0.18, 0.03, 1.6976527]),
                                          (2, [0.05, 0.08]), (3, [0.05, 0.08]), (4, [-0.0189]), (4, [0.0192641]),
                                          (5, [0.815, 0.803, 0.88, 0.147, 0.21, 0.114, 1.2, 1 / 1.2]),
                                          (6, [0.815, 0.803, 0.88, 0.147, 0.21, 0.114, 1.2, 1 / 1.2])]
        for (k, (style, constants)) in styles.enumerated() {
            let used = count - 3 * k  // remainders mod 16 differ
            expectSameBitsAtEveryLevel(source, "aces style \(style) \(constants)") { pixels in
                vfx_aces_rgba(&pixels, used, style, constants)
            }
        }
    }

    /// The 1D LUT kernel (gathers on AVX2 / AVX-512, the planar table) gives the bits of
    /// `Lut1D.evaluate` (the scalar arithmetic lut1d.glsl repeats) at every level, on a
    /// non-[0, 1] domain with values inside, outside and at the edges, NaN and infinities.
    @Test func lut1dKernelMatchesEvaluateAtEveryLevel() throws {
        var values = [Float]()
        for i in 0..<1000 {
            let x = Float(i) / 999
            values += [x * x, Float(Glibc.sqrt(Double(x))), 1 - x]
        }
        let lut = try Lut1D(size: 1000, values: values, domainMin: SIMD3(-0.25, 0, 0.1),
                            domainMax: SIMD3(1.5, 1, 0.9))
        let count = 4099
        var source = [Float](repeating: 0, count: 4 * count)
        for i in source.indices { source[i] = -0.5 + 2.2 * Float(i) / Float(source.count) }
        for (i, e) in [Float.nan, .infinity, -.infinity, 0, -0.0, 1, 1.5, -0.25, 0.9, 0.1].enumerated() {
            source[4 * i] = e
            source[4 * i + 1] = e
            source[4 * i + 2] = e
        }
        var expected = source
        for i in 0..<count {
            for c in 0..<3 { expected[4 * i + c] = lut.evaluate(source[4 * i + c], channel: c) }
        }
        let renderer = Lut1DOp(lut).makeCPURenderer()
        vfx_color_kernels_force_level(-1)
        let best = vfx_color_kernels_level()
        for level in 0...Int(max(best, 0)) {
            vfx_color_kernels_force_level(Int32(level))
            defer { vfx_color_kernels_force_level(-1) }
            var pixels = source
            pixels.withUnsafeMutableBytes { raw in
                renderer.apply(raw.baseAddress!.assumingMemoryBound(to: RGBA.self), count: count - level)
            }
            let used = 4 * (count - level)
            #expect(pixels[..<used].map(\.bitPattern) == expected[..<used].map(\.bitPattern), "level \(level)")
        }
    }

    /// The CLF Log node kernel (vfx_log_rgb, both directions, with and without the camera
    /// segment) gives the same bits at every level, on -200...200, 1e-40...1e40 of both
    /// signs and the edge values, with a partial run.
    @Test func logKernelAgreesBitForBitAtEveryLevel() {
        let count = 100_003
        var source = wideSource(count: count, seed: 13_579, exponents: (-40, 80), negatives: true,
                                linear: (-200, 400))
        let edges: [Float] = [0, -0.0, .leastNonzeroMagnitude, 1e-40, .greatestFiniteMagnitude, .infinity,
                              -.infinity, .nan, 1, -149.99, -150.01, 128.01]
        for (i, e) in edges.enumerated() { for c in 0..<3 { source[4 * i + c] = e } }
        let plain: [Float] = [1.1, 0.02, 0.963, 0.6, 0, -.infinity, 0, 0]
        let camera: [Float] = [5.555556, 0.052272, 0.821, 0.385537, 0, 0.01, 5.3, 0.09]
        let inverse: [Float] = [11.07, -0.6, -0.02, 0.909, 0, -.infinity, 0, 0]
        let inverseCamera: [Float] = [13.4, -0.385537, -0.052272, 0.18, 0, 0.1, 0.19, -0.09]
        for (direction, constants) in [(Int32(0), plain + camera + plain), (1, inverse + inverseCamera + inverse)] {
            expectSameBitsAtEveryLevel(source, "direction \(direction)") { pixels in
                vfx_log_rgb(&pixels, count - 1, direction, constants)
            }
        }
    }

    /// Forcing a level clamps to what the CPU has; -1 returns to the best.
    @Test func forcedLevelsFallToWhatTheCPUHas() {
        vfx_color_kernels_force_level(-1)
        let best = vfx_color_kernels_level()
        vfx_color_kernels_force_level(0)
        #expect(vfx_color_kernels_level() == 0)
        vfx_color_kernels_force_level(2)
        #expect(vfx_color_kernels_level() == min(2, best))
        vfx_color_kernels_force_generic(1)
        #expect(vfx_color_kernels_level() == 0)
        vfx_color_kernels_force_generic(0)
        #expect(vfx_color_kernels_level() == best)
    }
}

/// `4 * count` floats from a linear congruential generator (u uniform on [0, 1)): the first
/// half `10^(exponents.low + exponents.span * u)`, negated at every third index when
/// `negatives`; the second half `linear.low + linear.span * u`. Each of `edges` is written
/// at the start, at the end and every fifth value from the middle.
private func wideSource(count: Int, seed: UInt32, exponents: (low: Float, span: Float), negatives: Bool = false,
                        linear: (low: Float, span: Float), edges: [Float] = []) -> [Float] {
    var source = [Float](repeating: 0, count: 4 * count)
    var state = seed
    for i in source.indices {
        state = state &* 1_664_525 &+ 1_013_904_223
        let u = Float(state >> 8) / Float(1 << 24)
        let sign: Float = negatives && i % 3 == 0 ? -1 : 1
        source[i] = i < 2 * count ? Float(Glibc.pow(10, Double(exponents.low + exponents.span * u))) * sign
            : linear.low + linear.span * u
    }
    for (i, e) in edges.enumerated() {
        source[i] = e
        source[4 * count - 1 - i] = e
        source[2 * count + 5 * i] = e
    }
    return source
}

/// Runs `kernels` on a copy of `source` at kernel level 0 and at every level up to the
/// CPU's best (at least 1, which falls back to what the CPU has), expecting the same bits.
private func expectSameBitsAtEveryLevel(_ source: [Float], _ what: String, kernels: (inout [Float]) -> Void) {
    func run(level: Int32) -> [UInt32] {
        vfx_color_kernels_force_level(level)
        defer { vfx_color_kernels_force_level(-1) }
        var pixels = source
        kernels(&pixels)
        return pixels.map(\.bitPattern)
    }
    vfx_color_kernels_force_level(-1)
    let best = vfx_color_kernels_level()
    let baseline = run(level: 0)
    for level in 1...max(best, 1) {
        #expect(run(level: level) == baseline, "level \(level) \(what)")
    }
}
