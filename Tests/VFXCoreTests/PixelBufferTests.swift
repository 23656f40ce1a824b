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
