import Testing
import VFXCore
import VFXIO
#if canImport(Glibc)
import Glibc
#endif

/// PNG, JPEG and TIFF through the public `ImageIO` API: lossless round trips are exact,
/// JPEG stays close, metadata survives, damaged files throw. (Comparisons with
/// OpenImageIO live in Tests/python.)
@Suite final class RasterCodecTests {
    let folder: String

    init() {
        folder = "/tmp/vfxio-raster-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        mkdir(folder, 0o755)
    }

    deinit {
        guard let listing = opendir(folder) else { return }
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { unlink("\(folder)/\(name)") }
        }
        closedir(listing)
        rmdir(folder)
    }

    /// A `width`×`height` image whose values follow a deterministic pattern.
    func pattern(width: Int, height: Int, channels: Int, format: PixelFormat) throws -> Image {
        let image = try Image(width: width, height: height, channels: channels, format: format)
        let count = image.componentCount
        switch format {
        case .u8:
            let values = image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self)
            for index in 0..<count { values[index] = UInt8(truncatingIfNeeded: index &* 7 &+ index / 13) }
        case .u16:
            let values = image.pixels.baseAddress.assumingMemoryBound(to: UInt16.self)
            for index in 0..<count { values[index] = UInt16(truncatingIfNeeded: index &* 2654435761 >> 7) }
        case .f32:
            let values = image.pixels.baseAddress.assumingMemoryBound(to: Float.self)
            for index in 0..<count { values[index] = Float(index % 97) / 31 - 1 }
        case .f16:
            let values = image.pixels.baseAddress.assumingMemoryBound(to: UInt16.self)
            for index in 0..<count { values[index] = UInt16(0x3C00 + index % 1024) }  // 1.0 ..< 2.0
        }
        return image
    }

    func sameBytes(_ a: Image, _ b: Image) -> Bool {
        a.width == b.width && a.height == b.height && a.channels == b.channels && a.format == b.format
            && memcmp(a.pixels.baseAddress, b.pixels.baseAddress, a.byteCount) == 0
    }

    @Test func pngRoundTripsAreExactWithTextAndDepth() throws {
        for (format, channels) in [(PixelFormat.u8, 1), (.u8, 3), (.u16, 2), (.u16, 4)] {
            let image = try pattern(width: 67, height: 45, channels: channels, format: format)
            let path = "\(folder)/round.png"
            try ImageIO.write([ImageWithMetadata(image: image, metadata: ["ImageDescription": .string("plate")])], to: path)
            let read = try ImageIO.read(path: path)
            #expect(sameBytes(read.image, image))
            #expect(read.metadata["ImageDescription"] == .string("plate"))
            #expect(read.metadata["bit_depth"] == .int(format == .u8 ? 8 : 16))
        }
    }

    @Test func tiffFloatPagesAndTilesAreExact() throws {
        let first = try pattern(width: 50, height: 33, channels: 4, format: .f32)
        let second = try pattern(width: 20, height: 70, channels: 1, format: .f16)
        let path = "\(folder)/pages.tif"
        try ImageIO.write([ImageWithMetadata(image: first), ImageWithMetadata(image: second)], to: path,
                          options: WriteOptions(["tile_size": .ints([16, 32]), "compression": .string("lzw")]))
        #expect(try ImageIO.info(path: path).subimageCount == 2)
        #expect(sameBytes(try ImageIO.read(path: path).image, first))
        #expect(sameBytes(try ImageIO.read(path: path, request: ReadRequest(subimage: 1)).image, second))
    }

    @Test func jpegStaysCloseAndKeepsOrientation() throws {
        let image = try Image(width: 64, height: 48, channels: 3, format: .u8)
        let values = image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self)
        for y in 0..<48 { for x in 0..<64 { for c in 0..<3 { values[(y * 64 + x) * 3 + c] = UInt8(x * 2 + y + c * 20) } } }
        let path = "\(folder)/smooth.jpg"
        try ImageIO.write([ImageWithMetadata(image: image, metadata: ["Orientation": .int(3)])], to: path)
        let read = try ImageIO.read(path: path)
        let decoded = read.image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self)
        var worst = 0
        for index in 0..<image.componentCount { worst = max(worst, abs(Int(decoded[index]) - Int(values[index]))) }
        #expect(worst <= 6)
        #expect(read.metadata["Orientation"] == .int(3))
        #expect(read.image.width == 64 && read.image.height == 48)
    }

    @Test func damagedFilesThrowInsteadOfCrashing() throws {
        let path = "\(folder)/good.png"
        try ImageIO.write([ImageWithMetadata(image: try pattern(width: 32, height: 32, channels: 4, format: .u16))], to: path)
        let file = fopen(path, "rb")
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let count = fread(&bytes, 1, bytes.count, file)
        fclose(file)
        for cut in [8, 30, count / 2, count - 1] {
            let damaged = "\(folder)/cut\(cut).png"
            let out = fopen(damaged, "wb")
            fwrite(bytes, 1, cut, out)
            fclose(out)
            #expect(throws: VFXError.self) { try ImageIO.read(path: damaged) }
        }
    }

    @Test func unknownOptionsAndBadValuesAreRefused() throws {
        let image = ImageWithMetadata(image: try pattern(width: 4, height: 4, channels: 3, format: .u8))
        #expect(throws: VFXError.self) {
            try ImageIO.write([image], to: "\(folder)/x.png", options: WriteOptions(["qualty": .int(3)]))
        }
        #expect(throws: VFXError.self) {
            try ImageIO.write([image], to: "\(folder)/x.jpg", options: WriteOptions(["quality": .int(0)]))
        }
        #expect(throws: VFXError.self) {
            try ImageIO.write([image], to: "\(folder)/x.tif", options: WriteOptions(["compression": .string("jpeg")]))
        }
    }
}
