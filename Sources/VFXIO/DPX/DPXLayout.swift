/// Where the components of one element sit in a row of the file.
///
/// Rows follow OpenImageIO's libdpx (the reference most tools agree with): 10-bit and
/// packed 12-bit rows are padded to a 32-bit word; 8-bit, 16-bit and filled 12-bit
/// rows are not padded. The element's end-of-line padding comes after each row.
package struct DPXLayout: Sendable, Equatable {
    package let descriptor: DPXDescriptor
    package let bitDepth: Int
    package let packing: DPXPacking
    package let width: Int
    package let order: DPXByteOrder

    package init(descriptor: DPXDescriptor, bitDepth: Int, packing: DPXPacking, width: Int, order: DPXByteOrder) {
        self.descriptor = descriptor
        self.bitDepth = bitDepth
        self.packing = packing
        self.width = width
        self.order = order
    }

    package var components: Int { descriptor.componentCount }
    /// Components in one row.
    package var datumsPerRow: Int { width * components }
    package var maxCode: Int { (1 << bitDepth) - 1 }

    /// Bytes of one row, without end-of-line padding.
    package var rowBytes: Int {
        let datums = datumsPerRow
        switch (bitDepth, packing) {
        case (8, _): return datums
        case (16, _): return datums * 2
        case (10, .filledA), (10, .filledB): return (datums + 2) / 3 * 4
        case (12, .filledA), (12, .filledB): return datums * 2
        default: return (datums * bitDepth + 31) / 32 * 4
        }
    }

    /// One-component 10-bit filled rows hold the three datums of each word in reverse
    /// order (the first pixel in the low bits), as libdpx (OpenImageIO) and FFmpeg read
    /// and write them.
    var reversesFilledTriples: Bool { components == 1 }
}
