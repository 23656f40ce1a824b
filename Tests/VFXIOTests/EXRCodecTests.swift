import Testing
import VFXCore
import VFXIO
#if canImport(Glibc)
import Glibc
#endif

/// The EXR codec's Swift-side pieces, and its two decoders (OpenEXRCore and the C++ API)
/// checked against each other bit for bit on files this codec writes. (Agreement with an
/// independent reader, OpenImageIO, is tested in Tests/python/test_io_exr.py.)
@Suite struct EXRCodecTests {
    static func temporaryPath(_ name: String) -> String {
        "/tmp/vfxio-exr-test-\(getpid())-\(name).exr"
    }

    /// A half image with a recognizable value per pixel and channel.
    static func pattern(width: Int, height: Int, channels: Int, format: PixelFormat = .f16) throws -> Image {
        let image = try Image(width: width, height: height, channels: channels, format: .f32)
        let values = image.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for index in 0..<image.componentCount {
            values[index] = Float(index % 977) * 0.01 - 2
        }
        return format == .f32 ? image : try image.converted(to: format)
    }

    static func bits(_ image: Image) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: image.pixels.baseAddress, count: image.byteCount))
    }

    @Test func channelsComeRGBAFirstThenLayerByLayer() {
        let names = ["A", "B", "G", "R", "Z", "diffuse.B", "diffuse.G", "diffuse.R", "beauty.A"]
        let order = EXRChannelOrder.ordered(names).map { names[$0] }
        #expect(order == ["R", "G", "B", "A", "Z", "diffuse.R", "diffuse.G", "diffuse.B", "beauty.A"])
        #expect(EXRChannelOrder.ordered(names, layer: "diffuse").map { names[$0] } == ["diffuse.R", "diffuse.G", "diffuse.B"])
        #expect(EXRChannelOrder.ordered(names, layer: "nope").isEmpty)
        #expect(EXRChannelOrder.layer(of: "a.b.R") == "a.b" && EXRChannelOrder.base(of: "a.b.R") == "R")
    }

    @Test func compressionNamesMatchOpenEXRCodes() {
        #expect(EXRCompression.names == ["none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"])
        #expect(EXRCompression.zip.code == 3 && EXRCompression.dwab.code == 9)
        #expect(EXRCompression(code: 4) == .piz)
        #expect(EXRCompression(code: 42) == nil)
    }

    @Test(arguments: EXRCompression.names, [PixelFormat.f16, .f32])
    func coreAndCppDecodersAgree(compression: String, format: PixelFormat) throws {
        for tiled in [false, true] {
            try compareDecoders(compression: compression, format: format, tiled: tiled)
        }
    }

    func compareDecoders(compression: String, format: PixelFormat, tiled: Bool) throws {
        let source = try Self.pattern(width: 61, height: 37, channels: 4, format: format)
        let path = Self.temporaryPath("paths-\(compression)-\(format)-\(tiled)")
        defer { unlink(path) }
        var metadata: Metadata = [:]
        metadata["dataWindow"] = .ints([-3, 7, 57, 43])
        metadata["displayWindow"] = .ints([0, 0, 99, 99])
        var options: [String: OptionValue] = ["compression": .string(compression)]
        if tiled { options["tile_size"] = .ints([16, 8]) }
        try ImageIO.write([ImageWithMetadata(image: source, metadata: metadata)], to: path,
                          options: WriteOptions(options))
        let core = try EXRCodec.read(path: path, request: ReadRequest(), decoder: .core)
        let cpp = try EXRCodec.read(path: path, request: ReadRequest(), decoder: .cpp)
        #expect(core.image.format == format && cpp.image.format == format)
        #expect(Self.bits(core.image) == Self.bits(cpp.image))
        #expect(core.metadata["dataWindow"] == .ints([-3, 7, 57, 43]))
        #expect(core.metadata["displayWindow"] == .ints([0, 0, 99, 99]))
        if ["none", "rle", "zips", "zip", "piz"].contains(compression) || (compression == "pxr24" && format == .f16) {
            #expect(Self.bits(core.image) == Self.bits(source))
        }
    }

    /// OpenEXR's codecs inflate with libdeflate in place of zlib's `uncompress`: the same
    /// pixels from both, on the chunks that use it (DWAA tiles smaller than 32x32 deflate
    /// their AC coefficients; DWA's DC and alpha are zlib streams), and the same verdict on
    /// every damaged chunk: an error from both, or the same pixels.
    @Test func libdeflateAndZlibInflateAlike() throws {
        let source = try Self.pattern(width: 96, height: 80, channels: 4)
        let path = Self.temporaryPath("inflate")
        defer {
            unlink(path)
            _ = EXRCodec.setLibraryInflate(libdeflate: true)
        }
        func both() throws -> [[UInt8]?] {
            try [true, false].map { libdeflate in
                let slots = try #require(EXRCodec.setLibraryInflate(libdeflate: libdeflate))
                #expect(slots >= 1)
                return try? Self.bits(EXRCodec.read(path: path, request: ReadRequest(), decoder: .core).image)
            }
        }
        for tiles in [[16, 16], nil] {
            var options: [String: OptionValue] = ["compression": .string("dwaa")]
            if let tiles { options["tile_size"] = .ints(tiles) }
            try ImageIO.write([ImageWithMetadata(image: source)], to: path, options: WriteOptions(options))
            let file = try EXRWriterTests.contents(path)
            let results = try both()
            let agree = results[0] != nil && results[0] == results[1]  // (a Bool: no pixel dump on failure)
            #expect(agree)
            // damaged copies: four bytes overwritten in the chunks (the last two thirds)
            var state: UInt64 = 7
            func next() -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int(truncatingIfNeeded: state >> 33)
            }
            var refused = 0
            for _ in 0..<40 {
                var damaged = file
                let at = file.count / 3 + next() % (file.count * 2 / 3 - 4)
                for i in 0..<4 { damaged[at + i] = UInt8(truncatingIfNeeded: next()) }
                let out = fopen(path, "wb")
                fwrite(damaged, 1, damaged.count, out)
                fclose(out)
                let verdicts = try both()
                let same = verdicts[0] == verdicts[1]
                #expect(same, "damage at \(at) read differently")
                if verdicts[0] == nil { refused += 1 }
            }
            #expect(refused > 0)  // some damage reached the streams and was refused by both
        }
    }

    @Test func truncatedFilesAreFormatErrorsOnBothDecoders() throws {
        let source = try Self.pattern(width: 64, height: 64, channels: 3)
        let path = Self.temporaryPath("truncated")
        defer { unlink(path) }
        try ImageIO.write([ImageWithMetadata(image: source)], to: path, options: WriteOptions())
        var info = stat()
        stat(path, &info)
        truncate(path, off_t(Int(info.st_size) * 2 / 3))
        for decoder in [EXRCodec.Decoder.automatic, .core, .cpp] {
            do {
                _ = try EXRCodec.read(path: path, request: ReadRequest(), decoder: decoder)
                Issue.record("\(decoder) read a truncated file")
            } catch {
                guard case .format(let reported, let message) = error else {
                    Issue.record("expected a format error, got \(error)")
                    continue
                }
                #expect(reported == path && message.contains("cannot read the pixels"))
            }
        }
    }

    @Test func writeOptionsAreChecked() throws {
        let image = try Self.pattern(width: 4, height: 4, channels: 3)
        let path = Self.temporaryPath("options")
        defer { unlink(path) }
        let bad: [[String: OptionValue]] = [
            ["compression": .string("lzw")], ["pixel_type": .string("double")], ["bit_depth": .int(10)],
            ["tile_size": .ints([16])], ["quality": .int(3)], ["bit_depth": .int(16), "pixel_type": .string("float")],
        ]
        for options in bad {
            #expect(throws: VFXError.self) {
                try ImageIO.write([ImageWithMetadata(image: image)], to: path, options: WriteOptions(options))
            }
        }
    }
}

/// The parallel libdeflate ZIP writer against OpenEXR's own C++ writer.
@Suite struct EXRWriterTests {
    @Test(arguments: ["zip", "zips"], [PixelFormat.f16, .f32])
    func libdeflateWriterMatchesTheCppWriter(compression: String, format: PixelFormat) throws {
        let source = try EXRCodecTests.pattern(width: 77, height: 41, channels: 5, format: format)
        source.channelNames = ["R", "G", "B", "A", "Z"]
        var metadata: Metadata = [:]
        metadata["dataWindow"] = .ints([10, -5, 86, 35])
        metadata["owner"] = .string("tests")
        let item = ImageWithMetadata(image: source, metadata: metadata)
        try Self.writtenBothWays([item], options: ["compression": .string(compression)],
                                 label: "\(compression)-\(format)") { fast, cpp in
            for decoder in [EXRCodec.Decoder.core, .cpp] {
                let fromFast = try EXRCodec.read(path: fast, request: ReadRequest(), decoder: decoder)
                let fromCpp = try EXRCodec.read(path: cpp, request: ReadRequest(), decoder: decoder)
                #expect(EXRCodecTests.bits(fromFast.image) == EXRCodecTests.bits(source))
                #expect(EXRCodecTests.bits(fromCpp.image) == EXRCodecTests.bits(source))
                #expect(fromFast.image.channelNames == ["R", "G", "B", "A", "Z"])
                #expect(fromFast.metadata == fromCpp.metadata)
            }
        }
    }

    /// Writes `items` with the automatic encoder and with the C++ API's, and hands `body`
    /// the two files (removed after).
    static func writtenBothWays(_ items: [ImageWithMetadata], options: [String: OptionValue], label: String,
                                _ body: (_ fast: String, _ cpp: String) throws -> Void) throws {
        let fast = EXRCodecTests.temporaryPath("fast-\(label)")
        let cpp = EXRCodecTests.temporaryPath("cpp-\(label)")
        defer {
            unlink(fast)
            unlink(cpp)
        }
        try EXRCodec.write(items, to: fast, options: WriteOptions(options), encoder: .automatic)
        try EXRCodec.write(items, to: cpp, options: WriteOptions(options), encoder: .cpp)
        try body(fast, cpp)
    }

    /// Every other compression goes through the same parallel writer with the C++ library's
    /// own codecs: the files are the C++ writer's to the byte, but for DWAA tiles, whose AC
    /// coefficients vfxpy codes with DWA's static Huffman code (as DWAB tiles and DWA scanline
    /// chunks are) where OpenEXR 3.1 deflates them (library_codec.hpp): those decode to the
    /// same pixels. The 5-pixel-wide edge tiles are the case where the Huffman code does not
    /// pay for itself and vfxpy deflates as OpenEXR does (else they would be stored as they are).
    @Test(arguments: ["none", "rle", "b44", "b44a", "dwaa", "dwab"], [PixelFormat.f16, .f32])
    func libraryCodecWriterMatchesTheCppWriter(compression: String, format: PixelFormat) throws {
        let source = try EXRCodecTests.pattern(width: 77, height: 300, channels: 5, format: format)
        source.channelNames = ["R", "G", "B", "A", "Z"]
        var metadata: Metadata = [:]
        metadata["dataWindow"] = .ints([10, -5, 86, 294])
        for tiled in [false, true] {
            var options: [String: OptionValue] = ["compression": .string(compression)]
            if tiled { options["tile_size"] = .ints([24, 40]) }
            let item = ImageWithMetadata(image: source, metadata: metadata)
            try Self.writtenBothWays([item], options: options, label: "\(compression)-\(format)-\(tiled)") { fast, cpp in
                if !(tiled && compression == "dwaa") {
                    #expect(try Self.contents(fast) == Self.contents(cpp), "\(compression) \(format) tiled: \(tiled)")
                }
                let expected = try EXRCodec.read(path: cpp, request: ReadRequest(), decoder: .cpp)
                for decoder in [EXRCodec.Decoder.core, .cpp] {
                    let fromFast = try EXRCodec.read(path: fast, request: ReadRequest(), decoder: decoder)
                    #expect(EXRCodecTests.bits(fromFast.image) == EXRCodecTests.bits(expected.image))
                    #expect(fromFast.metadata == expected.metadata)
                }
                if ["none", "rle"].contains(compression) {
                    #expect(EXRCodecTests.bits(expected.image) == EXRCodecTests.bits(source))
                }
            }
        }
    }

    /// Decreasing-y scanline parts go through the same writer, their chunks stored last
    /// first as OpenEXR stores them: to the byte the C++ writer's file where both run
    /// OpenEXR's codecs (ZIP: libdeflate here, the same pixels).
    @Test(arguments: ["none", "zip", "piz", "dwab"])
    func decreasingLinesMatchTheCppWriter(compression: String) throws {
        let source = try EXRCodecTests.pattern(width: 53, height: 300, channels: 4)
        let metadata: Metadata = ["lineOrder": .string("decreasing_y"), "dataWindow": .ints([3, -9, 55, 290])]
        let item = ImageWithMetadata(image: source, metadata: metadata)
        try Self.writtenBothWays([item], options: ["compression": .string(compression)],
                                 label: "decreasing-\(compression)") { fast, cpp in
            // ZIP's bytes differ (libdeflate here): the file did not come from the C++ writer
            #expect(try (Self.contents(fast) == Self.contents(cpp)) == (compression != "zip"))
            let expected = try EXRCodec.read(path: cpp, request: ReadRequest(), decoder: .cpp)
            for decoder in [EXRCodec.Decoder.core, .cpp] {
                let got = try EXRCodec.read(path: fast, request: ReadRequest(), decoder: decoder)
                #expect(EXRCodecTests.bits(got.image) == EXRCodecTests.bits(expected.image))
                #expect(got.metadata["lineOrder"] == .string("decreasing_y"))
            }
            // the last chunk first in the file
            let lines = ["none": 1, "zip": 16, "piz": 32, "dwab": 256][compression] ?? 1
            let offsets = try Self.chunkOffsets(fast, count: (300 + lines - 1) / lines)
            #expect(offsets.count > 1 && offsets == offsets.sorted(by: >))
        }
    }

    /// The first `count` entries of a single-part file's offset table.
    static func chunkOffsets(_ path: String, count: Int) throws -> [UInt64] {
        let bytes = try contents(path)
        func int32(_ at: Int) -> Int {
            Int(Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }))
        }
        func uint64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
        var at = 8
        while bytes[at] != 0 {  // attributes: name, type, size, value
            guard let nameEnd = bytes[at...].firstIndex(of: 0),
                  let typeEnd = bytes[(nameEnd + 1)...].firstIndex(of: 0) else { return [] }
            at = typeEnd + 5 + int32(typeEnd + 1)
        }
        return (0..<count).map { uint64(at + 1 + 8 * $0) }
    }

    /// Multi-part files go through the same writer, part after part: OpenEXR's headers (its
    /// chunk counts, the attributes the parts share), each chunk headed by its part number. To
    /// the byte the C++ writer's where both run OpenEXR's codecs; ZIP (libdeflate here) reads
    /// back the same.
    @Test(arguments: ["none", "rle", "zip", "piz", "b44", "dwaa", "dwab"])
    func multiPartFilesMatchTheCppWriter(compression: String) throws {
        let beauty = try EXRCodecTests.pattern(width: 61, height: 70, channels: 4)
        let depth = try EXRCodecTests.pattern(width: 40, height: 300, channels: 1, format: .f32)
        depth.channelNames = ["Z"]
        let normals = try EXRCodecTests.pattern(width: 33, height: 17, channels: 3, format: .f32)
        normals.channelNames = ["N.x", "N.y", "N.z"]
        var named: [ImageWithMetadata] = []
        for (image, name) in [(beauty, "beauty"), (depth, "depth"), (normals, "normals")] {
            var metadata: Metadata = ["name": .string(name), "owner": .string("tests")]
            if name == "depth" { metadata["dataWindow"] = .ints([5, -3, 44, 296]) }
            named.append(ImageWithMetadata(image: image, metadata: metadata))
        }
        for tiled in [false, true] {
            var options: [String: OptionValue] = ["compression": .string(compression)]
            if tiled { options["tile_size"] = .ints([32, 24]) }
            try Self.writtenBothWays(named, options: options, label: "parts-\(compression)-\(tiled)") { fast, cpp in
                if compression != "zip", !(tiled && compression == "dwaa") {
                    #expect(try Self.contents(fast) == Self.contents(cpp), "\(compression) tiled: \(tiled)")
                }
                for part in 0..<named.count {
                    let expected = try EXRCodec.read(path: cpp, request: ReadRequest(subimage: part), decoder: .cpp)
                    for decoder in [EXRCodec.Decoder.core, .cpp] {
                        let got = try EXRCodec.read(path: fast, request: ReadRequest(subimage: part), decoder: decoder)
                        #expect(EXRCodecTests.bits(got.image) == EXRCodecTests.bits(expected.image))
                        #expect(got.metadata == expected.metadata)
                    }
                }
            }
        }
    }

    static func contents(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw VFXError.io(path: path, message: "cannot open") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    @Test func incompressibleChunksAreStoredRaw() throws {
        // random bits do not deflate: such chunks must be stored as they are
        let image = try Image(width: 32, height: 20, channels: 1, format: .f32)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let values = image.pixels.baseAddress.assumingMemoryBound(to: UInt32.self)
        for index in 0..<image.componentCount {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values[index] = UInt32(truncatingIfNeeded: state >> 33) & 0x3FFF_FFFF
        }
        let path = EXRCodecTests.temporaryPath("raw-chunks")
        defer { unlink(path) }
        try EXRCodec.write([ImageWithMetadata(image: image)], to: path,
                           options: WriteOptions(["compression": .string("zips")]), encoder: .automatic)
        let back = try EXRCodec.read(path: path, request: ReadRequest(), decoder: .cpp)
        #expect(EXRCodecTests.bits(back.image) == EXRCodecTests.bits(image))
    }
}
