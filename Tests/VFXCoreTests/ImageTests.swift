import Testing
import VFXCore

@Suite struct ImageTests {
    @Test func newImagesAreZeroedWithDefaultNames() throws {
        let image = try Image(width: 5, height: 3, channels: 4, format: .u16)
        #expect(image.byteCount == 5 * 3 * 4 * 2)
        #expect(image.rowBytes == 40)
        #expect(image.channelNames == ["R", "G", "B", "A"])
        let bytes = UnsafeRawBufferPointer(start: image.pixels.baseAddress, count: image.byteCount)
        #expect(bytes.allSatisfy { $0 == 0 })
    }

    @Test func defaultChannelNames() {
        #expect(Image.defaultChannelNames(count: 1) == ["Y"])
        #expect(Image.defaultChannelNames(count: 2) == ["Y", "A"])
        #expect(Image.defaultChannelNames(count: 3) == ["R", "G", "B"])
        #expect(Image.defaultChannelNames(count: 6) == ["R", "G", "B", "A", "C4", "C5"])
    }

    @Test func absurdSizesAreRefusedBeforeAllocating() {
        #expect(throws: VFXError.self) { try Image(width: 1_000_000, height: 1_000_000) }
        #expect(throws: VFXError.self) { try Image(width: Int(Int32.max), height: Int(Int32.max), channels: 1024) }
        #expect(throws: VFXError.invalidArgument(name: "width", message: "must be at least 1, got 0")) {
            try Image(width: 0, height: 4)
        }
        #expect(throws: VFXError.self) { try Image(width: 4, height: 4, channels: 0) }
    }

    @Test func fillWritesEveryPixelInTheStoredEncoding() throws {
        let image = try Image(width: 33, height: 7, channels: 3, format: .u8)
        try image.fill([1, 0.5, 0])
        let pixels = image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self)
        for index in 0..<(33 * 7) {
            #expect(pixels[3 * index] == 255 && pixels[3 * index + 1] == 128 && pixels[3 * index + 2] == 0)
        }
        #expect(throws: VFXError.self) { try image.fill([1, 2]) }
    }

    @Test func copyIsDeepAndKeepsNames() throws {
        let image = try Image(width: 4, height: 4, channels: 2, format: .f32)
        image.channelNames = ["Z", "A"]
        try image.fill([0.25, 2])
        let copy = try image.copy()
        try image.fill([0])
        #expect(copy.channelNames == ["Z", "A"])
        let values = copy.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        #expect(values[0] == 0.25 && values[1] == 2)
    }

    @Test func borrowedMemoryIsHandedBackOnce() throws {
        final class Counter: @unchecked Sendable { var releases = 0 }
        let counter = Counter()
        let memory = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { memory.deallocate() }
        do {
            let buffer = PixelBuffer(borrowing: memory, byteCount: 64) { counter.releases += 1 }
            let image = try Image(width: 4, height: 4, channels: 1, format: .f32, pixels: buffer)
            #expect(!image.pixels.isOwned)
            #expect(throws: VFXError.self) {
                try Image(width: 8, height: 4, channels: 1, format: .f32, pixels: buffer)
            }
        }
        #expect(counter.releases == 1)
    }

    @Test func byteCountsReadForPeople() {
        #expect(ByteCount(512).description == "512 bytes")
        #expect(ByteCount(1536).description == "1.5 KiB")
        #expect(ByteCount(3840 * 2160 * 16).description == "126.6 MiB")
    }
}
