import Testing
import VFXCore
import VFXOps

/// Each VFXOps op through its Swift API on a few pixels, against values worked out by
/// hand from the formulas in the ops' documentation (Porter-Duff, the W3C blend modes,
/// the gaussian, window filters, exact geometry). Tolerance 1e-6: the expected values are
/// decimals rounded to float, and the ops compute in float32 (a few roundings of values
/// near 1); the geometry and whole-pixel moves are exact and compared with ==.
@Suite struct OpFormulaTests {
    /// A float32 image from row-major pixels, `channels` values each.
    func image(width: Int, height: Int, channels: Int, _ values: [Float]) throws -> Image {
        precondition(values.count == width * height * channels)
        let img = try Image(width: width, height: height, channels: channels, format: .f32)
        let p = img.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for (i, v) in values.enumerated() { p[i] = v }
        return img
    }

    func values(_ img: Image) throws -> [Float] {
        let f = try img.converted(to: .f32)
        return Array(UnsafeBufferPointer(start: f.pixels.baseAddress.assumingMemoryBound(to: Float.self), count: f.componentCount))
    }

    func expectClose(_ got: [Float], _ expected: [Float], tolerance: Float = 1e-6,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == expected.count, sourceLocation: sourceLocation)
        for (i, (g, e)) in zip(got, expected).enumerated() where !(abs(g - e) <= tolerance) {
            Issue.record("value \(i): got \(g), expected \(e)", sourceLocation: sourceLocation)
        }
    }

    /// An image `width`×`height`, one channel, 0 but `value` at (x, y).
    func impulse(width: Int, height: Int, x: Int, y: Int, value: Float) throws -> Image {
        var v = [Float](repeating: 0, count: width * height)
        v[y * width + x] = value
        return try image(width: width, height: height, channels: 1, v)
    }

    // MARK: compositing (premultiplied RGBA, R = A·Fa + B·Fb)

    @Test func porterDuffOperators() throws {
        // A = (0.2, 0.4, 0.6, 0.5), B = (0.8, 0.6, 0.4, 0.75)
        let fg = try image(width: 1, height: 1, channels: 4, [0.2, 0.4, 0.6, 0.5])
        let bg = try image(width: 1, height: 1, channels: 4, [0.8, 0.6, 0.4, 0.75])
        let expected: [(Compositing.Operator, [Float])] = [
            (.over, [0.6, 0.7, 0.8, 0.875]),        // A + B·(1 - 0.5)
            (.under, [0.85, 0.7, 0.55, 0.875]),     // B + A·(1 - 0.75)
            (.inside, [0.15, 0.3, 0.45, 0.375]),    // A·0.75
            (.out, [0.05, 0.1, 0.15, 0.125]),       // A·0.25
            (.atop, [0.55, 0.6, 0.65, 0.75]),       // A·0.75 + B·0.5
            (.xor, [0.45, 0.4, 0.35, 0.5]),         // A·0.25 + B·0.5
        ]
        for (op, values) in expected {
            expectClose(try self.values(Compositing.composite(op, foreground: fg, background: bg)), values)
        }
    }

    /// The foreground sits at `offset`; where it does not reach, the background shows.
    @Test func compositeOffsetFrame() throws {
        let fg = try image(width: 1, height: 1, channels: 4, [1, 0, 0, 1])
        let bg = try image(width: 3, height: 1, channels: 4, [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1])
        let out = try values(Compositing.composite(.over, foreground: fg, background: bg, offset: (x: 1, y: 0)))
        #expect(out == [0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1])
        let missed = try values(Compositing.composite(.over, foreground: fg, background: bg, offset: (x: 5, y: 0)))
        #expect(missed == [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1])
    }

    @Test func premultiplyAndBack() throws {
        let straight = try image(width: 2, height: 1, channels: 4, [0.5, 0.25, 1, 0.5, 0.3, 0.6, 0.9, 0])
        let premultiplied = try Compositing.premultiply(straight)
        expectClose(try values(premultiplied), [0.25, 0.125, 0.5, 0.5, 0, 0, 0, 0])
        // color ÷ alpha, and 0 where alpha is 0
        expectClose(try values(Compositing.unpremultiply(premultiplied)), [0.5, 0.25, 1, 0.5, 0, 0, 0, 0])
    }

    // MARK: blend modes (opaque: co = Cb + o·(B(Cb, Cs) - Cb))

    @Test func blendModesOnOpaqueImages() throws {
        // RGB (no alpha: opaque). Cb = 0.6 and Cs = 0.3 in red; green and blue swap the
        // roles of the two (Cb = 0.3, Cs = 0.6), and take 0 and 1.
        let bg = try image(width: 3, height: 1, channels: 3, [0.6, 0.3, 0, 0.6, 0.3, 1, 0.8, 0.8, 0.8])
        let fg = try image(width: 3, height: 1, channels: 3, [0.3, 0.6, 1, 0.3, 0.6, 0, 0.5, 0.5, 0.5])
        let expected: [(Blend.Mode, [Float])] = [
            (.normal, [0.3, 0.6, 1]),
            (.multiply, [0.18, 0.18, 0]),
            (.screen, [0.72, 0.72, 1]),
            (.add, [0.9, 0.9, 1]),
            (.subtract, [0.3, -0.3, -1]),
            (.difference, [0.3, 0.3, 1]),
            (.exclusion, [0.54, 0.54, 1]),          // Cb + Cs - 2·Cb·Cs
            (.darken, [0.3, 0.3, 0]),
            (.lighten, [0.6, 0.6, 1]),
            // Cs ≤ 0.5: Cb·2Cs; else screen(Cb, 2Cs - 1): 0.3 + 0.2 - 0.06; Cs = 1: screen(0, 1)
            (.hardLight, [0.36, 0.44, 1]),
            (.overlay, [0.44, 0.36, 0]),             // hard light with the layers swapped
            // Cs ≤ 0.5: Cb - (1 - 2Cs)·Cb·(1 - Cb) = 0.6 - 0.4·0.6·0.4;
            // Cs > 0.5: Cb + (2Cs - 1)·(√Cb - Cb) (Cb > 0.25) = 0.3 + 0.2·(√0.3 - 0.3)
            (.softLight, [0.504, 0.3 + 0.2 * (0.5477225575 - 0.3), 0]),
            // min(1, Cb / (1 - Cs)); Cb = 0 gives 0
            (.colorDodge, [0.6 / 0.7, 0.75, 0]),
            // 1 - min(1, (1 - Cb) / Cs): 1 - min(1, 0.4 / 0.3), 1 - min(1, 0.7 / 0.6); Cs ≤ 0 gives 0
            (.colorBurn, [0, 0, 0]),
        ]
        for (mode, pixel) in expected {
            let out = try values(Blend.blend(foreground: fg, background: bg, mode: mode, opacity: 1))
            expectClose(Array(out[0..<3]), pixel, tolerance: 2e-6)
        }
        // Half opacity: halfway from the background to the blend (multiply: 0.6 + 0.5·(0.18 - 0.6)).
        let half = try values(Blend.blend(foreground: fg, background: bg, mode: .multiply, opacity: 0.5))
        expectClose(Array(half[0..<3]), [0.39, 0.24, 0])
        // Color burn: Cb = 1 (second pixel, blue) gives 1 whatever the source; third pixel
        // 1 - (1 - 0.8) / 0.5.
        let burn = try values(Blend.blend(foreground: fg, background: bg, mode: .colorBurn, opacity: 1))
        #expect(burn[5] == 1)
        expectClose(Array(burn[6..<9]), [0.6, 0.6, 0.6])
    }

    /// With alpha: co = o·αs·((1 - αb)·Cs + αb·B(Cb, Cs)) + αb·Cb·(1 - o·αs), αo = o·αs + αb·(1 - o·αs).
    @Test func blendWithAlpha() throws {
        // Premultiplied: Cs = 0.5 at αs = 0.5, Cb = 0.8 at αb = 0.5; multiply: B = 0.4.
        let fg = try image(width: 1, height: 1, channels: 4, [0.25, 0.25, 0.25, 0.5])
        let bg = try image(width: 1, height: 1, channels: 4, [0.4, 0.4, 0.4, 0.5])
        // 0.5·(0.5·0.5 + 0.5·0.4) + 0.5·0.8·0.5 = 0.225 + 0.2; αo = 0.5 + 0.25
        expectClose(try values(Blend.blend(foreground: fg, background: bg, mode: .multiply, opacity: 1)),
                    [0.425, 0.425, 0.425, 0.75])
    }

    @Test func blendRejectsOpacityOutsideZeroToOne() throws {
        let a = try image(width: 1, height: 1, channels: 3, [0, 0, 0])
        #expect(throws: VFXError.self) { try Blend.blend(foreground: a, background: a, mode: .normal, opacity: 1.5) }
    }

    // MARK: filters

    @Test func gaussianKernelIsTheNormalizedGaussian() {
        // exp(-k²/2) for k = -1, 0, 1 over their sum 1 + 2·exp(-1/2)
        let k = Filters.gaussianKernel(radius: 1, sigma: 1)
        #expect(k.count == 3)
        #expect(abs(k[0] - 0.274068619061197) < 1e-12 && abs(k[1] - 0.45186276187760605) < 1e-12)
        #expect(k[0] == k[2])
    }

    @Test func blurOfAnImpulseIsTheKernelsOuterProduct() throws {
        let src = try impulse(width: 5, height: 5, x: 2, y: 2, value: 1)
        let out = try values(Filters.blur(src, radius: 1, sigma: 1))
        let (k0, k1): (Float, Float) = (0.274068619061197, 0.45186276187760605)
        expectClose([out[12], out[11], out[7], out[6], out[0]], [k1 * k1, k0 * k1, k0 * k1, k0 * k0, 0])
    }

    @Test func boxBlurAveragesTheWindow() throws {
        let out = try values(Filters.boxBlur(impulse(width: 5, height: 5, x: 2, y: 2, value: 9), size: 3))
        // 9 / 9 inside the 3×3 around the impulse, 0 outside
        for y in 0..<5 { for x in 0..<5 {
            let inside = abs(x - 2) <= 1 && abs(y - 2) <= 1
            #expect(abs(out[y * 5 + x] - (inside ? 1 : 0)) < 1e-6)
        } }
        #expect(throws: VFXError.self) { try Filters.boxBlur(impulse(width: 3, height: 3, x: 1, y: 1, value: 1), size: 2) }
    }

    @Test func unsharpMaskAddsDetailAboveTheThreshold() throws {
        let src = try impulse(width: 5, height: 5, x: 2, y: 2, value: 1)
        let out = try values(Filters.unsharpMask(src, radius: 1, sigma: 1, amount: 2, threshold: 0.2))
        // center: 1 + 2·(1 - k1²); its neighbours' detail (-k0·k1 ≈ -0.124) is under the threshold
        expectClose([out[12], out[11], out[6]], [2.5916400888566837, 0, 0], tolerance: 2e-6)
        let all = try values(Filters.unsharpMask(src, radius: 1, sigma: 1, amount: 2, threshold: 0))
        expectClose([all[11]], [-0.24768280630594797], tolerance: 2e-6)  // 0 + 2·(0 - k0·k1)
    }

    @Test func rankFilters() throws {
        let spike = try impulse(width: 5, height: 5, x: 2, y: 2, value: 7)
        // median: a lone spike goes; dilate: it spreads over the 3×3; erode: it goes
        #expect(try values(Filters.median(spike, size: 3)).allSatisfy { $0 == 0 })
        let dilated = try values(Filters.dilate(spike, size: 3))
        for y in 0..<5 { for x in 0..<5 {
            #expect(dilated[y * 5 + x] == (abs(x - 2) <= 1 && abs(y - 2) <= 1 ? 7 : 0))
        } }
        #expect(try values(Filters.erode(spike, size: 3)).allSatisfy { $0 == 0 })
        // median of a 3×3 window with five 1s and four 0s is 1
        let majority = try image(width: 3, height: 3, channels: 1, [1, 0, 1, 0, 1, 0, 1, 0, 1])
        #expect(try values(Filters.median(majority, size: 3))[4] == 1)
    }

    // MARK: geometry and resampling

    @Test func rotationsAndFlipsMovePixelsWhereTheFormulasSay() throws {
        // 3×2, one channel: row 0 = 1 2 3, row 1 = 4 5 6
        let src = try image(width: 3, height: 2, channels: 1, [1, 2, 3, 4, 5, 6])
        // rotate90: out(x, y) = in(W-1-y, x), 2×3
        #expect(try values(Geometry.rotate90(src)) == [3, 6, 2, 5, 1, 4])
        // rotate270: out(x, y) = in(y, H-1-x)
        #expect(try values(Geometry.rotate270(src)) == [4, 1, 5, 2, 6, 3])
        #expect(try values(Geometry.rotate180(src)) == [6, 5, 4, 3, 2, 1])
        #expect(try values(Geometry.flip(src, .horizontal)) == [3, 2, 1, 6, 5, 4])
        #expect(try values(Geometry.flip(src, .vertical)) == [4, 5, 6, 1, 2, 3])
        #expect(try values(Geometry.transpose(src)) == [1, 4, 2, 5, 3, 6])
        let rotated = try Geometry.rotate90(src)
        #expect(rotated.width == 2 && rotated.height == 3)
    }

    @Test func cropPadAndShift() throws {
        let src = try image(width: 3, height: 2, channels: 1, [1, 2, 3, 4, 5, 6])
        #expect(try values(Geometry.crop(src, x: 1, y: 0, width: 2, height: 2)) == [2, 3, 5, 6])
        #expect(try values(Geometry.pad(src, left: 1, top: 0, right: 1, bottom: 1, mode: .constant([9])))
                == [9, 1, 2, 3, 9, 9, 4, 5, 6, 9, 9, 9, 9, 9, 9])
        #expect(try values(Geometry.pad(src, left: 1, top: 1, right: 0, bottom: 0, mode: .edge))
                == [1, 1, 2, 3, 1, 1, 2, 3, 4, 4, 5, 6])
        #expect(try values(Geometry.shift(src, dx: 1, dy: 1, fill: [0])) == [0, 0, 0, 0, 1, 2])
        #expect(try values(Geometry.shift(src, dx: -2, dy: 0, fill: [7])) == [3, 7, 7, 6, 7, 7])
        // whole-pixel translations are the same exact shifts
        #expect(try values(Warp.translate(src, dx: 1, dy: 0, filter: .lanczos3)) == [0, 1, 2, 0, 4, 5])
        #expect(throws: VFXError.self) { try Geometry.pad(src, left: -1, top: 0, right: 0, bottom: 0, mode: .edge) }
    }

    @Test func resizeFormulas() throws {
        let row = try image(width: 4, height: 1, channels: 1, [0, 1, 2, 3])
        // box halving: the mean of each pair
        expectClose(try values(Resize.resize(row, width: 2, height: 1, filter: .box)), [0.5, 2.5])
        // nearest doubling: each pixel twice
        #expect(try values(Resize.resize(row, width: 8, height: 1, filter: .nearest)) == [0, 0, 1, 1, 2, 2, 3, 3])
        // the filters' weight functions at known points
        #expect(ResampleFilter.bilinear.weight(0.25) == 0.75)
        #expect(ResampleFilter.lanczos3.weight(0) == 1 && abs(ResampleFilter.lanczos3.weight(1)) < 1e-15)
        #expect(ResampleFilter.catmullRom.weight(1) == 0 && ResampleFilter.catmullRom.weight(0) == 1)
        #expect(ResampleFilter(name: "catrom") == .catmullRom && ResampleFilter(name: "bogus") == nil)
    }

    /// Rotating by 90° with the center fixed moves pixels as Geometry.rotate90 does (counter-
    /// clockwise as seen, y down, is Geometry.rotate90's direction: top-right goes top-left).
    @Test func warpRotateByQuarterTurns() throws {
        let src = try image(width: 3, height: 3, channels: 1, [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let warped = try values(Warp.rotate(src, degrees: 90, expand: false, filter: .nearest))
        expectClose(warped, try values(Geometry.rotate90(src)), tolerance: 1e-5)
    }
}
