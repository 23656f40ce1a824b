import COpsKernels
import Testing
import VFXCore
import VFXOps

/// VFXOps without Python: kernel copies agree, resize/blur preserve constants, exact
/// geometry round-trips. (OpenImageIO / OpenCV comparisons are in Tests/python/test_ops_*.py.)
@Suite(.serialized) struct OpsTests {
    func image(width: Int, height: Int, channels: Int, format: PixelFormat = .f32,
               _ value: (Int, Int, Int) -> Float) throws -> Image {
        let img = try Image(width: width, height: height, channels: channels, format: .f32)
        let p = img.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for y in 0..<height { for x in 0..<width { for c in 0..<channels {
            p[(y * width + x) * channels + c] = value(x, y, c)
        } } }
        return format == .f32 ? img : try img.converted(to: format)
    }

    func values(_ img: Image) throws -> [Float] {
        let f = try img.converted(to: .f32)
        return Array(UnsafeBufferPointer(start: f.pixels.baseAddress.assumingMemoryBound(to: Float.self), count: f.componentCount))
    }

    /// The AVX2 and portable copies of the resampling kernels give the same results
    /// (up to FMA rounding) for every channel-count specialization.
    @Test func kernelCopiesAgree() throws {
        for channels in [1, 2, 3, 4, 5] {
            let src = try image(width: 97, height: 31, channels: channels) { x, y, c in Float((x * 7 + y * 3 + c) % 11) / 11 }
            vfx_ops_kernels_force_generic(1)
            let portable = try values(Resize.resize(src, width: 40, height: 50, filter: .lanczos3))
            vfx_ops_kernels_force_generic(0)
            let fast = try values(Resize.resize(src, width: 40, height: 50, filter: .lanczos3))
            #expect(zip(portable, fast).allSatisfy { abs($0 - $1) <= 1e-5 })
        }
    }

    /// Normalized weights: a constant image stays constant through every filter and size.
    @Test func constantsSurvive() throws {
        let src = try image(width: 33, height: 21, channels: 4) { _, _, c in 0.25 * Float(c + 1) }
        for filter in ResampleFilter.allCases {
            for (w, h) in [(7, 5), (100, 61), (33, 21)] {
                let out = try values(Resize.resize(src, width: w, height: h, filter: filter))
                for (i, v) in out.enumerated() { #expect(abs(v - 0.25 * Float(i % 4 + 1)) < 1e-5) }
            }
        }
        let blurred = try values(Filters.blur(src, radius: 6, sigma: 2))
        for (i, v) in blurred.enumerated() { #expect(abs(v - 0.25 * Float(i % 4 + 1)) < 1e-5) }
    }

    /// Four quarter turns, two flips and two transposes give back the original bits.
    @Test func exactGeometryRoundTrips() throws {
        let src = try image(width: 13, height: 7, channels: 3, format: .u16) { x, y, c in Float(x * 31 + y * 7 + c) / 500 }
        let turned = try Geometry.rotate90(Geometry.rotate90(Geometry.rotate90(Geometry.rotate90(src))))
        #expect(try values(turned) == values(src))
        #expect(try values(Geometry.rotate270(Geometry.rotate90(src))) == values(src))
        #expect(try values(Geometry.flip(Geometry.flip(src, .vertical), .vertical)) == values(src))
        #expect(try values(Geometry.transpose(Geometry.transpose(src))) == values(src))
        #expect(try values(Geometry.rotate180(src)) == values(Geometry.flip(Geometry.flip(src, .vertical), .horizontal)))
    }

    @Test func cropOutsideNamesTheArgument() throws {
        let src = try image(width: 8, height: 8, channels: 1) { _, _, _ in 0 }
        #expect(throws: VFXError.self) { try Geometry.crop(src, x: 4, y: 0, width: 5, height: 2) }
        do {
            _ = try Geometry.crop(src, x: 0, y: 9, width: 1, height: 1)
        } catch {
            #expect(error == .invalidArgument(name: "y", message: "must be in 0..<8 (the image height), got 9"))
        }
    }
}
