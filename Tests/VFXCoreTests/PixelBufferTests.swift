import Testing
import VFXCore

@Suite struct PixelBufferTests {
    /// An odd size no other test allocates, so parallel tests cannot take the mapping.
    static let size = (8 << 20) + 12_345

    @Test func unzeroedBuffersReuseAFreedMappingOfTheSameSize() throws {
        var first: PixelBuffer? = try PixelBuffer(byteCount: Self.size, zeroed: false)
        let address = try #require(first).baseAddress
        address.storeBytes(of: 0xAB, as: UInt8.self)
        first = nil
        let second = try PixelBuffer(byteCount: Self.size, zeroed: false)
        #expect(second.baseAddress == address)
        withExtendedLifetime(second) {}
    }

    /// Bands (a few MiB, allocated and freed once per band, often on different threads)
    /// are mapped, on 2 MiB boundaries, and recycled, never malloc'd: glibc kept freed
    /// bands in its heaps until the whole image's worth was resident.
    @Test func bandSizedBuffersAreMappedAndRecycled() throws {
        let size = (1 << 20) + 54_321
        var first: PixelBuffer? = try PixelBuffer(byteCount: size, zeroed: false)
        let address = try #require(first).baseAddress
        #expect(Int(bitPattern: address) % (2 << 20) == 0)
        first = nil
        let second = try PixelBuffer(byteCount: size, zeroed: false)
        #expect(second.baseAddress == address)
        withExtendedLifetime(second) {}
        let small = try PixelBuffer(byteCount: (1 << 20) - 1, zeroed: false)
        #expect(Int(bitPattern: small.baseAddress) % (2 << 20) != 0)
    }

    @Test func zeroedBuffersNeverGetRecycledBytes() throws {
        let size = Self.size + 4096
        var dirty: PixelBuffer? = try PixelBuffer(byteCount: size, zeroed: false)
        try #require(dirty).baseAddress.initializeMemory(as: UInt8.self, repeating: 0xCD, count: size)
        dirty = nil
        let clean = try PixelBuffer(byteCount: size, zeroed: true)
        let bytes = UnsafeRawBufferPointer(start: clean.baseAddress, count: size)
        #expect(bytes.allSatisfy { $0 == 0 })
    }
}
