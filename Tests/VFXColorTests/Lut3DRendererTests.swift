import CPixelKernels
import Testing
import VFXColor
import VFXCore

/// The branchless tetrahedral renderer against the six-case formula of OpenColorIO
/// written out in Double, at random points, on grid planes and with tied fractions.
@Suite(.serialized) struct Lut3DRendererTests {
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    func reference(_ lut: Lut3D, _ p: SIMD3<Double>) -> SIMD3<Double> {
        let n = lut.size
        func at(_ r: Int, _ g: Int, _ b: Int) -> SIMD3<Double> {
            let e = 3 * ((min(b, n - 1) * n + min(g, n - 1)) * n + min(r, n - 1))
            return SIMD3(Double(lut.values[e]), Double(lut.values[e + 1]), Double(lut.values[e + 2]))
        }
        let q = (0..<3).map { c in min(max(p[c], 0), 1) * Double(n - 1) }
        let (r, g, b) = (Int(q[0]), Int(q[1]), Int(q[2]))
        let (fr, fg, fb) = (q[0] - Double(r), q[1] - Double(g), q[2] - Double(b))
        let c000 = at(r, g, b), c111 = at(r + 1, g + 1, b + 1)
        if fr > fg {
            if fg > fb { return c000 + fr * (at(r + 1, g, b) - c000) + fg * (at(r + 1, g + 1, b) - at(r + 1, g, b)) + fb * (c111 - at(r + 1, g + 1, b)) }
            if fr > fb { return c000 + fr * (at(r + 1, g, b) - c000) + fb * (at(r + 1, g, b + 1) - at(r + 1, g, b)) + fg * (c111 - at(r + 1, g, b + 1)) }
            return c000 + fb * (at(r, g, b + 1) - c000) + fr * (at(r + 1, g, b + 1) - at(r, g, b + 1)) + fg * (c111 - at(r + 1, g, b + 1))
        }
        if fb > fg { return c000 + fb * (at(r, g, b + 1) - c000) + fg * (at(r, g + 1, b + 1) - at(r, g, b + 1)) + fr * (c111 - at(r, g + 1, b + 1)) }
        if fb > fr { return c000 + fg * (at(r, g + 1, b) - c000) + fb * (at(r, g + 1, b + 1) - at(r, g + 1, b)) + fr * (c111 - at(r, g + 1, b + 1)) }
        return c000 + fg * (at(r, g + 1, b) - c000) + fr * (at(r + 1, g + 1, b) - at(r, g + 1, b)) + fb * (c111 - at(r + 1, g + 1, b))
    }

    @Test func tetrahedralMatchesTheSixCases() throws {
        var random = Random(state: 7)
        let n = 9
        let lut = try Lut3D(size: n, values: (0..<(3 * n * n * n)).map { _ in Float(random.next() * 2 - 0.5) })
        var points: [SIMD3<Double>] = []
        for _ in 0..<5000 { points.append(SIMD3(random.next() * 1.2 - 0.1, random.next() * 1.2 - 0.1, random.next() * 1.2 - 0.1)) }
        for _ in 0..<500 {  // ties: equal fractions, grid planes, the last cell
            let a = (random.next() * 8).rounded(.down) / 8 + 0.03125, b = (random.next() * 8).rounded(.down) / 8
            points += [SIMD3(a, a, b), SIMD3(b, a, a), SIMD3(a, b, a), SIMD3(a, a, a), SIMD3(b, b, b), SIMD3(1, a, 1)]
        }
        var pixels = points.map { RGBA(Float($0.x), Float($0.y), Float($0.z), 0.5) }
        let renderer = Lut3DOp(lut, interpolation: .tetrahedral).makeCPURenderer()
        pixels.withUnsafeMutableBufferPointer { renderer.apply($0.baseAddress!, count: $0.count) }
        var worst = 0.0
        for (pixel, point) in zip(pixels, points) {
            let expected = reference(lut, SIMD3(Double(Float(point.x)), Double(Float(point.y)), Double(Float(point.z))))
            for c in 0..<3 { worst = max(worst, abs(Double(pixel[c]) - expected[c])) }
            #expect(pixel.w == 0.5)
        }
        #expect(worst < 1e-6)
    }

    /// lut3d_kernels.c: the AVX2 loop and the portable loop give identical bits for 17,
    /// 33 and 65 point cubes, both interpolations, a non-unit domain, NaN, infinities,
    /// negative and out-of-range inputs, and counts that leave a 1-7 pixel tail.
    @Test func avx2AndPortableLut3DAgreeBitForBit() throws {
        guard vfx_lut3d_use_variant(Int32(VFX_LUT3D_AVX2)) == 1 else { return }  // no AVX2: nothing to compare
        defer { _ = vfx_lut3d_use_variant(Int32(VFX_LUT3D_AUTO)) }
        var random = Random(state: 11)
        let count = 4099
        var source = (0..<(4 * count)).map { _ in Float(random.next() * 1.6 - 0.3) }
        let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1, -1, 1e30, -1e30, 0.99999994]
        for i in 0..<300 { source[4 * (i * 13) + i % 3] = specials[i % specials.count] }
        for n in [17, 33, 65] {
            let values = (0..<(3 * n * n * n)).map { _ in Float(random.next() * 1.4 - 0.2) }
            let lut = try Lut3D(size: n, values: values, domainMin: SIMD3(-0.1, 0, 0.05), domainMax: SIMD3(1.5, 2, 1))
            for interpolation in Lut3D.Interpolation.allCases {
                func run(_ variant: Int32) -> [UInt32] {
                    _ = vfx_lut3d_use_variant(variant)
                    var pixels = source
                    let renderer = Lut3DOp(lut, interpolation: interpolation).makeCPURenderer()
                    pixels.withUnsafeMutableBytes { raw in
                        let rgba = raw.baseAddress!.assumingMemoryBound(to: RGBA.self)
                        renderer.apply(rgba, count: count)
                    }
                    return pixels.map(\.bitPattern)
                }
                let portable = run(Int32(VFX_LUT3D_PORTABLE)), avx2 = run(Int32(VFX_LUT3D_AVX2))
                #expect(portable == avx2, "size \(n) \(interpolation)")
                #expect(zip(portable, source.map(\.bitPattern)).enumerated().allSatisfy { $0.offset % 4 != 3 || $0.element.0 == $0.element.1 })
            }
        }
    }
}
