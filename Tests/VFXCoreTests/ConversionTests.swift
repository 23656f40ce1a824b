import CPixelKernels
import Testing
import VFXCore

@Suite struct ConversionTests {
    private func image<T>(_ values: [T], format: PixelFormat) throws -> Image {
        let image = try Image(width: values.count, height: 1, channels: 1, format: format)
        let typed = image.pixels.baseAddress.assumingMemoryBound(to: T.self)
        for (index, value) in values.enumerated() { typed[index] = value }
        return image
    }

    private func values<T>(_ image: Image, as _: T.Type) -> [T] {
        let typed = image.pixels.baseAddress.assumingMemoryBound(to: T.self)
        return (0..<image.componentCount).map { typed[$0] }
    }

    @Test func floatToIntegersClampRoundAndSendNaNToZero() throws {
        let source = try image([0, 1, -1, 2, .nan, .infinity, 0.5, 127.5 / 255, 127.49 / 255] as [Float], format: .f32)
        #expect(values(try source.converted(to: .u8), as: UInt8.self) == [0, 255, 0, 255, 0, 255, 128, 128, 127])
        #expect(values(try source.converted(to: .u16), as: UInt16.self)[0...6] == [0, 65535, 0, 65535, 0, 65535, 32768])
    }

    @Test func integersNormalizeToOne() throws {
        let u8 = try image([0, 51, 255] as [UInt8], format: .u8)
        #expect(values(try u8.converted(to: .f32), as: Float.self) == [0, 0.2, 1])
        #expect(values(try u8.converted(to: .u16), as: UInt16.self) == [0, 51 * 257, 65535])
        let u16 = try image([0, 128, 129, 385, 65535] as [UInt16], format: .u16)
        // round(v / 257): 128/257 = 0.498 -> 0, 129/257 = 0.502 -> 1, 385/257 = 1.498 -> 1
        #expect(values(try u16.converted(to: .u8), as: UInt8.self) == [0, 0, 1, 1, 255])
    }

    @Test func halfRoundsToNearestEvenAndOverflowsToInfinity() throws {
        let source = try image([1 + 1 / 2048, 1 + 3 / 2048, 65504, 65520, -70000] as [Float], format: .f32)
        let half = values(try source.converted(to: .f16), as: Float16.self)
        #expect(half[0] == 1)  // halfway, rounds to even
        #expect(half[1] == Float16(1.001953125))  // 1 + 3/2048 is halfway too: up to the even 1 + 4/2048
        #expect(half[2] == 65504)
        #expect(half[3] == .infinity && half[4] == -.infinity)
    }

    /// u8/u16 <-> f16 pass through float in stack blocks: every code, against the scalar
    /// definitions of `PixelComponent`, across several blocks and a ragged tail.
    @Test func integerHalfConversionsMatchTheScalarDefinition() throws {
        let u8 = try image((0..<3001).map { UInt8($0 % 256) }, format: .u8)
        let u8Half = values(try u8.converted(to: .f16), as: Float16.self)
        #expect(u8Half.enumerated().allSatisfy { $1.bitPattern == Float16(normalized: UInt8($0 % 256).normalized).bitPattern })
        let u16 = try image((0...65535).map { UInt16($0) }, format: .u16)
        let u16Half = values(try u16.converted(to: .f16), as: Float16.self)
        #expect(u16Half.enumerated().allSatisfy { $1.bitPattern == Float16(normalized: UInt16($0).normalized).bitPattern })
        let halves = try image((0...UInt16.max).map { Float16(bitPattern: $0) }, format: .f16)
        let toU8 = values(try halves.converted(to: .u8), as: UInt8.self)
        let toU16 = values(try halves.converted(to: .u16), as: UInt16.self)
        for code in 0...Int(UInt16.max) {
            let half = Float16(bitPattern: UInt16(code))
            if toU8[code] != UInt8(normalized: half.normalized) || toU16[code] != UInt16(normalized: half.normalized) {
                Issue.record("half code \(code): \(toU8[code]), \(toU16[code])")
                break
            }
        }
    }

    @Test func largeConversionsMatchTheScalarFormula() throws {
        let count = 1 << 18
        let source = try Image(width: count, height: 1, channels: 1, format: .f32)
        let typed = source.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for index in 0..<count { typed[index] = Float(index) / Float(count - 1) * 1.5 - 0.25 }
        let u16 = values(try source.converted(to: .u16), as: UInt16.self)
        for index in stride(from: 0, to: count, by: 97) {
            #expect(u16[index] == UInt16(normalized: typed[index]))
        }
    }

    @Test func stridedImportCopiesReversedViewsAndNarrowsDoubles() throws {
        // a 2x3 single-channel float64 array, rows read backwards
        let data: [Double] = [1, 2, 3, 4, 5, 6]
        let image = try data.withUnsafeBytes { raw throws(VFXError) -> Image in
            let source = StridedPixels(baseAddress: raw.baseAddress! + 3 * 8, element: .f64, height: 2, width: 3,
                                       channels: 1, rowStride: -24, pixelStride: 8, channelStride: 0)
            return try Image(copying: source)
        }
        #expect(image.format == .f32)
        #expect(values(image, as: Float.self) == [4, 5, 6, 1, 2, 3])
    }

    /// Converts `values` with the hardware (AVX2 + F16C) path and with the portable path.
    private func bothHalfPaths<S, D: BinaryInteger>(_ values: [S], from: PixelFormat, to: PixelFormat,
                                                   as _: D.Type) -> (hardware: [D], portable: [D]) {
        var results: [[D]] = []
        for hardware in [true, false] {
            var out = [D](repeating: 0, count: values.count)
            vfx_block_convert_force_generic(hardware ? 0 : 1)
            defer { vfx_block_convert_force_generic(0) }
            values.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    PixelConversion.convert(from: src.baseAddress!, format: from, to: dst.baseAddress!, format: to,
                                            count: values.count)
                }
            }
            results.append(out)
        }
        return (results[0], results[1])
    }

    @Test func hardwareAndPortableHalfConversionsAgreeBitForBit() {
        // every half value to float (compared as bit patterns, NaNs included) ...
        let halves = (0...UInt16.max).map { $0 }
        let widened = bothHalfPaths(halves, from: .f16, to: .f32, as: UInt32.self)
        #expect(widened.hardware == widened.portable)
        // ... and a sweep of floats across the half range, ties and overflow included
        var floats: [Float] = (0..<200_003).map { Float($0 - 100_000) * 0.7071 }
        floats += [65504, 65519.99, 65520, 1e-8, 6e-8, -6.1e-5, .infinity, -.infinity, 0, -0.0]
        let narrowed = bothHalfPaths(floats, from: .f32, to: .f16, as: UInt16.self)
        #expect(narrowed.hardware == narrowed.portable)
    }
}
