import Testing
import VFXCore
import VFXIO
#if canImport(Glibc)
import Glibc
#endif

/// The DPX codec's pieces against SMPTE 268M bit layouts worked out by hand, and
/// round trips through files. (The Python suite compares with OpenImageIO.)
@Suite struct DPXTests {
    static func layout(_ bits: Int, _ packing: DPXPacking, _ descriptor: DPXDescriptor = .rgb, width: Int = 1,
                       order: DPXByteOrder = .big) -> DPXLayout {
        DPXLayout(descriptor: descriptor, bitDepth: bits, packing: packing, width: width, order: order)
    }

    /// Packs `codes` into one row and returns its bytes.
    static func packed(_ codes: [UInt16], _ layout: DPXLayout) -> [UInt8] {
        var row = [UInt8](repeating: 0xEE, count: layout.rowBytes)
        codes.withUnsafeBufferPointer { source in
            row.withUnsafeMutableBytes { DPXRowCodec(layout: layout).pack(source.baseAddress!, into: $0.baseAddress!) }
        }
        return row
    }

    static func unpacked(_ row: [UInt8], _ layout: DPXLayout) -> [UInt16] {
        var codes = [UInt16](repeating: 0, count: layout.datumsPerRow)
        row.withUnsafeBytes { bytes in
            codes.withUnsafeMutableBufferPointer { DPXRowCodec(layout: layout).unpack(bytes.baseAddress!, into: $0.baseAddress!) }
        }
        return codes
    }

    @Test func tenBitWordsMatchTheStandardLayouts() {
        // R=1, G=2, B=3 in one 32-bit word.
        #expect(Self.packed([1, 2, 3], Self.layout(10, .filledA)) == [0x00, 0x40, 0x20, 0x0C])
        #expect(Self.packed([1, 2, 3], Self.layout(10, .filledB)) == [0x00, 0x10, 0x08, 0x03])
        #expect(Self.packed([1, 2, 3], Self.layout(10, .packed)) == [0x00, 0x30, 0x08, 0x01])
        #expect(Self.packed([1, 2, 3], Self.layout(10, .filledA, order: .little)) == [0x0C, 0x20, 0x40, 0x00])
        // One-component filled words hold their three datums low to high.
        #expect(Self.packed([1, 2, 3], Self.layout(10, .filledA, .luma, width: 3)) == [0x00, 0xC0, 0x20, 0x04])
    }

    @Test func twelveAndSixteenBitLayouts() {
        #expect(Self.packed([0xABC], Self.layout(12, .filledA, .luma)) == [0xAB, 0xC0])
        #expect(Self.packed([0xABC], Self.layout(12, .filledB, .luma)) == [0x0A, 0xBC])
        // Packed 12-bit: 0x001, 0x002, 0x003 → bits 0-11, 12-23, 24-35 of the stream.
        #expect(Self.packed([1, 2, 3], Self.layout(12, .packed)) == [0x03, 0x00, 0x20, 0x01, 0x00, 0x00, 0x00, 0x00])
        #expect(Self.packed([0x1234], Self.layout(16, .filledA, .luma, order: .little)) == [0x34, 0x12])
    }

    @Test func rowSizesFollowLibdpx() {
        #expect(Self.layout(10, .filledA, width: 5).rowBytes == 20)
        #expect(Self.layout(10, .packed, .rgba, width: 5).rowBytes == 28)
        #expect(Self.layout(12, .packed, width: 5).rowBytes == 24)
        #expect(Self.layout(12, .filledA, width: 5).rowBytes == 30)
        #expect(Self.layout(8, .filledA, width: 5).rowBytes == 15)
        #expect(Self.layout(16, .packed, .rgba, width: 3).rowBytes == 24)
    }

    @Test(arguments: [8, 10, 12, 16])
    func everyLayoutRoundTrips(bits: Int) {
        var generator = SystemRandomNumberGenerator()
        for packing in DPXPacking.allCases {
            for descriptor in [DPXDescriptor.luma, .rgb, .rgba] {
                for width in [1, 2, 3, 7, 64] {
                    for order in [DPXByteOrder.big, .little] {
                        let layout = Self.layout(bits, packing, descriptor, width: width, order: order)
                        let codes = (0..<layout.datumsPerRow).map { _ in UInt16.random(in: 0...UInt16(layout.maxCode), using: &generator) }
                        #expect(Self.unpacked(Self.packed(codes, layout), layout) == codes,
                                "\(bits)-bit \(packing) \(descriptor) width \(width) \(order)")
                    }
                }
            }
        }
    }

    @Test func samplesMapCodesExactly() {
        for code in 0...1023 {
            #expect(Float.decoded(code, max: 1023) == Float(code) / 1023)
            #expect(Int(Float.decoded(code, max: 1023).code(max: 1023)) == code)
            let wide = UInt16.decoded(code, max: 1023)
            #expect(Int(wide) == (code * 65535 + 511) / 1023)
            #expect(Int(wide.code(max: 1023)) == code)
        }
        #expect(Float.nan.code(max: 1023) == 0)
        #expect(Float(-1).code(max: 1023) == 0 && Float(7).code(max: 1023) == 1023)
        #expect(UInt8(255).code(max: 1023) == 1023 && UInt8.decoded(1023, max: 1023) == 255)
    }

    @Test func timeCodesAndNames() {
        #expect(DPXTimeCode.text(0x0102_0304) == "01:02:03:04")
        #expect(DPXTimeCode.value("01:02:03:04") == 0x0102_0304)
        #expect(DPXTimeCode.value("10:00:00;12") == 0x1000_0052)
        #expect(DPXTimeCode.text(0x1000_0052) == "10:00:00;12")
        #expect(DPXTimeCode.value("24:00:00:00") == nil && DPXTimeCode.value("1:2:3") == nil)
        #expect(DPXCharacteristic.code(named: "printing_density") == 1)
        #expect(DPXCharacteristic.code(named: "Printing density") == 1)
        #expect(DPXCharacteristic.code(named: "ITU-R 709-4") == 6 && DPXCharacteristic.code(named: "log") == 3)
        #expect(DPXCharacteristic.code(named: "srgb") == nil)
        #expect(DPXPacking(name: "Filled, method B") == .filledB && DPXPacking(name: "packed") == .packed)
        #expect(DPXHeaderWriter.rational(1.5) == (3, 2) && DPXHeaderWriter.rational(1) == (1, 1))
    }

    static func temporaryPath(_ name: String) -> String { "/tmp/vfxio-dpx-\(getpid())-\(name).dpx" }

    @Test func writeThenReadKeepsPixelsAndHeader() throws {
        let image = try Image(width: 5, height: 3, channels: 4, format: .f32)
        let values = image.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        for index in 0..<image.componentCount { values[index] = Float(index * 13 % 1024) / 1023 }
        let path = Self.temporaryPath("roundtrip")
        defer { unlink(path) }
        var metadata: Metadata = ["DocumentName": .string("show"), "dpx:FrameRate": .double(24)]
        metadata["Orientation"] = .int(1)
        let options = WriteOptions(["bit_depth": .int(10), "transfer": .string("linear"), "byte_order": .string("little"),
                                    "timecode": .string("01:00:00:00")], function: "dpx.write()")
        try ImageIO.write([ImageWithMetadata(image: image, metadata: metadata)], to: path, options: options)
        let read = try ImageIO.read(path: path, request: ReadRequest(pixelFormat: .f32))
        #expect(read.image.format == .f32 && read.image.channelNames == ["R", "G", "B", "A"])
        let back = read.image.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        #expect((0..<image.componentCount).allSatisfy { back[$0] == values[$0] })
        #expect(read.metadata["bit_depth"] == .int(10))
        #expect(read.metadata["dpx:Transfer"] == .string("Linear"))
        #expect(read.metadata["dpx:ByteOrder"] == .string("little"))
        #expect(read.metadata["dpx:TimeCode"] == .string("01:00:00:00"))
        #expect(read.metadata["DocumentName"] == .string("show"))
        #expect(read.metadata["dpx:FrameRate"] == .double(24))
        let info = try ImageIO.info(path: path)
        #expect(info.width == 5 && info.height == 3 && info.pixelFormat == .u16)
    }

    @Test func badOptionsAndTruncatedFilesThrow() throws {
        let image = try Image(width: 2, height: 2, channels: 3, format: .u16)
        let path = Self.temporaryPath("bad")
        defer { unlink(path) }
        #expect(throws: VFXError.self) {
            try ImageIO.write([ImageWithMetadata(image: image)], to: path,
                              options: WriteOptions(["bit_depth": .int(11)]))
        }
        #expect(throws: VFXError.self) {
            try ImageIO.write([ImageWithMetadata(image: image)], to: path, options: WriteOptions(["quality": .int(3)]))
        }
        try ImageIO.write([ImageWithMetadata(image: image)], to: path)
        #expect(truncate(path, 8200) == 0)
        let error = #expect(throws: VFXError.self, "a truncated file was read") { try ImageIO.read(path: path) }
        if case .format(let failedPath, let message)? = error {
            #expect(failedPath == path && message.hasPrefix("truncated"))
        } else if let error {
            Issue.record("expected a format error, got \(error)")
        }
    }
}
