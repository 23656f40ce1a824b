import CPixelKernels
import Testing
import VFXCore

private typealias RGBA = SIMD4<Float>

/// PixelLoader's RGBA load and store (C block conversion, AVX2 + F16C or portable) against the
/// scalar definitions of `PixelComponent` (`normalized`, `init(normalized:)`), bit for bit:
/// every u8, u16 and half code, edge floats, every channel count 1–5, both kernel paths.
@Suite(.serialized) struct PixelLoaderTests {
    /// Runs `body` with the AVX2 kernels (where the CPU has them) and with the portable ones.
    private func onBothPaths(_ body: (String) throws -> Void) rethrows {
        for generic in [false, true] {
            vfx_block_convert_force_generic(generic ? 1 : 0)
            defer { vfx_block_convert_force_generic(0) }
            try body(generic ? "portable" : "avx2")
        }
    }

    /// A one-row image of `channels` channels holding `values` (zero-padded to whole pixels).
    private func image<T: PixelComponent>(_ values: [T], channels: Int) throws -> Image {
        let width = (values.count + channels - 1) / channels
        let image = try Image(width: width, height: 1, channels: channels, format: T.format)
        let p = image.pixels.baseAddress.assumingMemoryBound(to: T.self)
        for (i, v) in values.enumerated() { p[i] = v }
        return image
    }

    /// The RGBA a pixel loads as, from the scalar definition.
    private func expectedLoad<T: PixelComponent>(_ p: UnsafePointer<T>, channels: Int) -> [Float] {
        switch channels {
        case 1: [p[0].normalized, p[0].normalized, p[0].normalized, 1]
        case 2: [p[0].normalized, p[0].normalized, p[0].normalized, p[1].normalized]
        case 3: [p[0].normalized, p[1].normalized, p[2].normalized, 1]
        default: (0..<4).map { p[$0].normalized }
        }
    }

    /// The loaded block equals the scalar definition for every pixel of `values`, for
    /// every channel count, the whole image and a range with odd ends (vector tails).
    private func checkLoad<T: PixelComponent>(_ values: [T]) throws {
        try onBothPaths { path in
            for channels in 1...5 {
                let img = try image(values, channels: channels)
                let count = img.width
                let stored = UnsafePointer(img.pixels.baseAddress.assumingMemoryBound(to: T.self))
                for range in [0..<count, min(3, count)..<max(min(3, count), count - 5)] {
                    var block = [RGBA](repeating: RGBA(repeating: -7), count: range.count)
                    block.withUnsafeMutableBufferPointer {
                        PixelLoader.loadRGBA(img, pixels: range, into: $0.baseAddress!)
                    }
                    var mismatches = 0
                    for (k, i) in range.enumerated() {
                        let want = expectedLoad(stored + i * channels, channels: channels)
                        let got = (0..<4).map { block[k][$0] }
                        if zip(want, got).contains(where: { $0.bitPattern != $1.bitPattern }) {
                            if mismatches == 0 {
                                Issue.record("\(T.format) \(channels) ch \(path): pixel \(i) got \(got) want \(want)")
                            }
                            mismatches += 1
                        }
                    }
                    #expect(mismatches == 0, "\(T.format) \(channels) ch \(path): \(mismatches) pixels differ")
                }
            }
        }
    }

    @Test func loadsEveryU8Code() throws {
        try checkLoad((0..<1280).map { UInt8(truncatingIfNeeded: $0 &* 7) } + (0...255).map { UInt8($0) })
    }

    @Test func loadsEveryU16Code() throws {
        try checkLoad((0...65535).map { UInt16($0) })
    }

    @Test func loadsEveryHalfBitPattern() throws {
        let halves = (0...65535).map { Float16(bitPattern: UInt16($0)) }
        try checkLoad(halves)
        // NaN stays NaN, payloads included: the widening keeps the payload bits.
        #expect(halves.filter(\.isNaN).count == 2046)
    }

    /// f32 pixels load as they are (the layout alone), NaN payloads and all, for every
    /// channel count: three channels take the same one-pass spread as the stored formats.
    @Test func loadsF32Unchanged() throws {
        try checkLoad(edgeFloats)
    }

    /// Floats whose stores are edge cases: NaN payloads, infinities, signed zeros,
    /// denormals, the rounding boundaries of u8 and u16 codes, the values around the
    /// half maximum and every half and the midpoint above it.
    private var edgeFloats: [Float] {
        var values: [Float] = [
            .nan, -.nan, Float(bitPattern: 0x7FA0_0001), Float(bitPattern: 0xFFC1_2345), Float(bitPattern: 0x7F80_0001),
            .infinity, -.infinity, 0, -0.0, 1, 1.0000001, Float(1).nextDown, Float(1).nextUp, -1, 2, 1e30, -1e30,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, Float.leastNormalMagnitude.nextDown,
            .greatestFiniteMagnitude, 65504, 65519, 65519.998, 65520, 65536, 1e5, Float(Float16.leastNonzeroMagnitude),
            Float(Float16.leastNonzeroMagnitude) / 2, Float(Float16.leastNonzeroMagnitude) * 1.5,
            Float(Float16.leastNormalMagnitude), Float(Float16.leastNormalMagnitude).nextDown,
        ]
        for k in 0...255 {
            let boundary = (Float(k) + 0.5) / 255
            values += [boundary, boundary.nextUp, boundary.nextDown, Float(k) / 255]
        }
        for k in stride(from: 0, through: 65535, by: 1) where k % 7 == 0 || k < 512 || k > 65000 {
            let boundary = (Float(k) + 0.5) / 65535
            values += [boundary, boundary.nextUp, boundary.nextDown]
        }
        for bits in 0...0x7BFF {  // every finite positive half, the midpoint above it, and both signs
            let h = Float(Float16(bitPattern: UInt16(bits)))
            let next = Float(Float16(bitPattern: UInt16(bits + 1)))
            let mid = h + (next - h) / 2
            values += [h, -h, mid, -mid, mid.nextUp, mid.nextDown]
        }
        var state: UInt32 = 2024
        for _ in 0..<20000 {
            state = state &* 1_664_525 &+ 1_013_904_223
            values.append(Float(bitPattern: state))
        }
        return values
    }

    /// The stored values of one RGBA pixel, from the scalar definition.
    private func expectedStore<T: PixelComponent>(_ v: RGBA, _: T.Type, channels: Int) -> [T] {
        switch channels {
        case 1: [T(normalized: v.x)]
        case 2: [T(normalized: v.x), T(normalized: v.w)]
        case 3: [T(normalized: v.x), T(normalized: v.y), T(normalized: v.z)]
        default: [T(normalized: v.x), T(normalized: v.y), T(normalized: v.z), T(normalized: v.w)]
        }
    }

    /// Stores `edgeFloats` (every float in every RGBA lane) and compares each stored value
    /// with the scalar definition: the whole image, and a range with odd ends that must
    /// leave the pixels outside it alone; with 5 channels the fifth keeps its sentinel.
    private func checkStore<T: PixelComponent>(_: T.Type, sentinel: T, same: (T, T) -> Bool) throws {
        let floats = edgeFloats
        // Pixel i gets floats i, i+1, i+2, i+3: every value passes through every lane.
        var block = (0..<floats.count).map { i in
            RGBA(floats[i], floats[(i + 1) % floats.count], floats[(i + 2) % floats.count], floats[(i + 3) % floats.count])
        }
        try onBothPaths { path in
            for channels in 1...5 {
                for range in [0..<block.count, 3..<(block.count - 5)] {
                    let img = try image([T](repeating: sentinel, count: block.count * channels), channels: channels)
                    block.withUnsafeMutableBufferPointer {
                        PixelLoader.storeRGBA($0.baseAddress! + range.lowerBound, into: img, pixels: range)
                    }
                    let stored = img.pixels.baseAddress.assumingMemoryBound(to: T.self)
                    var mismatches = 0
                    for i in 0..<img.width {
                        var want = range.contains(i) ? expectedStore(block[i], T.self, channels: channels)
                                                     : [T](repeating: sentinel, count: min(channels, 4))
                        if channels == 5 { want.append(sentinel) }
                        let got = (0..<channels).map { stored[i * channels + $0] }
                        if !zip(want, got).allSatisfy(same) {
                            if mismatches == 0 {
                                Issue.record("\(T.format) \(channels) ch \(path): pixel \(i) of \(range) from \(block[i]) got \(got) want \(want)")
                            }
                            mismatches += 1
                        }
                    }
                    #expect(mismatches == 0, "\(T.format) \(channels) ch \(path) \(range): \(mismatches) pixels differ")
                }
            }
        }
    }

    @Test func storesU8LikeTheScalarDefinition() throws {
        try checkStore(UInt8.self, sentinel: 0xA5, same: ==)
    }

    @Test func storesU16LikeTheScalarDefinition() throws {
        try checkStore(UInt16.self, sentinel: 0xA5A5, same: ==)
    }

    @Test func storesHalvesLikeTheScalarDefinition() throws {
        try checkStore(Float16.self, sentinel: Float16(bitPattern: 0x7E5A), same: { $0.bitPattern == $1.bitPattern })
    }

    @Test func storesF32Unchanged() throws {
        try checkStore(Float.self, sentinel: Float(bitPattern: 0x7FC0_5A5A), same: { $0.bitPattern == $1.bitPattern })
    }

    /// Loading and storing back keeps every stored value: load and store are inverse on
    /// codes. A half NaN stays NaN (a signaling one comes back quiet, as from the scalar
    /// conversions).
    @Test func loadThenStoreKeepsEveryCode() throws {
        func roundTrip<T: PixelComponent>(_ values: [T], same: (T, T) -> Bool) throws {
            try onBothPaths { path in
                for channels in 1...5 {
                    let img = try image(values, channels: channels)
                    let count = img.width * channels
                    let p = img.pixels.baseAddress.assumingMemoryBound(to: T.self)
                    let before = (0..<count).map { p[$0] }
                    var block = [RGBA](repeating: .zero, count: img.width)
                    block.withUnsafeMutableBufferPointer {
                        PixelLoader.loadRGBA(img, pixels: 0..<img.width, into: $0.baseAddress!)
                        PixelLoader.storeRGBA($0.baseAddress!, into: img, pixels: 0..<img.width)
                    }
                    let changed = (0..<count).filter { !same(before[$0], p[$0]) }
                    #expect(changed.isEmpty, "\(T.format) \(channels) ch \(path): \(changed.count) values changed")
                }
            }
        }
        try roundTrip((0...255).map { UInt8($0) }, same: ==)
        try roundTrip((0...65535).map { UInt16($0) }, same: ==)
        try roundTrip((0...65535).map { Float16(bitPattern: UInt16($0)) }) {
            $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN)
        }
    }
}
