import VFXCore

/// Offsets of the SMPTE 268M header (the same in both byte orders).
enum DPXOffset {
    static let magic = 0, imageDataOffset = 4, version = 8, fileSize = 16, dittoKey = 20
    static let genericHeaderSize = 24, industryHeaderSize = 28, userDataSize = 32
    static let fileName = 36, creationTime = 136, creator = 160, project = 260, copyright = 460
    static let encryptKey = 660
    static let orientation = 768, elementCount = 770, pixelsPerLine = 772, linesPerElement = 776
    static let firstElement = 780, elementSize = 72, maxElements = 8
    // Inside an image element.
    static let dataSign = 0, lowData = 4, lowQuantity = 8, highData = 12, highQuantity = 16
    static let descriptor = 20, transfer = 21, colorimetric = 22, bitDepth = 23, packing = 24
    static let encoding = 26, dataOffset = 28, endOfLinePadding = 32, endOfImagePadding = 36
    static let description = 40
    /// Where each header part ends: file + image information, image source, film, TV.
    static let imageInformationEnd = 1408, sourceEnd = 1664, filmEnd = 1920, televisionEnd = 2048
    /// The generic (file + image + source) and industry (film + TV) header sizes.
    static let genericSize = 1664, industrySize = 384
    /// Where vfxpy writes pixel data: after the 2048-byte header (and user data), on an
    /// 8192-byte boundary (as OpenImageIO and most tools do).
    static let dataAlignment = 8192
    /// Where user data starts, and the most vfxpy carries as metadata.
    static let userData = 2048, maxUserData = 1 << 20
}

/// One image element: how its pixels are stored.
struct DPXElement: Sendable {
    var descriptorCode: Int
    var transfer: Int
    var colorimetric: Int
    var bitDepth: Int
    var packingCode: Int
    var encoding: Int
    var dataSign: Int
    var dataOffset: Int
    var endOfLinePadding: Int
    var endOfImagePadding: Int
    /// Where this element's fields start in the file.
    var headerOffset: Int
}

/// The parts of a DPX header that decoding needs; the rest becomes metadata
/// (`DPXMetadata`).
struct DPXHeader {
    let path: String
    let bytes: DPXBytes
    let width: Int
    let height: Int
    let elements: [DPXElement]

    var order: DPXByteOrder { bytes.order }

    /// Parses and checks the structure: magic, element count, size, offsets.
    init(file: MappedFile) throws(VFXError) {
        path = file.path
        guard file.count > 0 else { throw .format(path: path, message: "the file is empty") }
        try file.require(0, DPXOffset.imageInformationEnd, "the DPX file and image information headers")
        guard let base = file.bytes.baseAddress else { throw .format(path: path, message: "the file is empty") }
        let raw = base.loadUnaligned(as: UInt32.self)
        let order: DPXByteOrder
        if UInt32(bigEndian: raw) == DPXByteOrder.magic {
            order = .big
        } else if UInt32(littleEndian: raw) == DPXByteOrder.magic {
            order = .little
        } else {
            throw .format(path: path, message: "not a DPX file: no SDPX/XPDS magic number")
        }
        bytes = DPXBytes(base: base, count: file.count, order: order)
        let count = bytes.u16(DPXOffset.elementCount)
        guard (1...DPXOffset.maxElements).contains(count) else {
            throw .format(path: path, message: "corrupt header: \(count) image elements (a DPX file has 1 to 8)")
        }
        let width = bytes.u32(DPXOffset.pixelsPerLine)
        let height = bytes.u32(DPXOffset.linesPerElement)
        guard width >= 1, height >= 1, width <= UInt32(Int32.max), height <= UInt32(Int32.max) else {
            throw .format(path: path, message: "corrupt header: image size \(width)x\(height)")
        }
        self.width = Int(width)
        self.height = Int(height)
        let fileDataOffset = bytes.u32(DPXOffset.imageDataOffset)
        var elements: [DPXElement] = []
        for index in 0..<count {
            let at = DPXOffset.firstElement + index * DPXOffset.elementSize
            var offset = bytes.u32(at + DPXOffset.dataOffset)
            if offset == 0 || offset == .max { offset = index == 0 ? fileDataOffset : offset }
            let padding = bytes.u32(at + DPXOffset.endOfLinePadding)
            let imagePadding = bytes.u32(at + DPXOffset.endOfImagePadding)
            elements.append(DPXElement(
                descriptorCode: bytes.u8(at + DPXOffset.descriptor),
                transfer: bytes.u8(at + DPXOffset.transfer),
                colorimetric: bytes.u8(at + DPXOffset.colorimetric),
                bitDepth: bytes.u8(at + DPXOffset.bitDepth),
                packingCode: bytes.u16(at + DPXOffset.packing),
                encoding: bytes.u16(at + DPXOffset.encoding),
                dataSign: Int(bytes.u32(at + DPXOffset.dataSign)),
                dataOffset: Int(offset),
                endOfLinePadding: padding == .max ? 0 : Int(padding),
                endOfImagePadding: imagePadding == .max ? 0 : Int(imagePadding),
                headerOffset: at))
        }
        self.elements = elements
    }

    /// The element `subimage` names, or an error naming the range.
    func element(_ subimage: Int) throws(VFXError) -> DPXElement {
        guard subimage >= 0, subimage < elements.count else {
            throw .invalidArgument(name: "subimage", message: "\(subimage) is out of range: \(path) has "
                + "\(elements.count) image element\(elements.count == 1 ? "" : "s")")
        }
        return elements[subimage]
    }

    /// The decoding plan of an element, or `unsupported` naming what vfxpy cannot decode.
    func layout(of element: DPXElement) throws(VFXError) -> DPXLayout {
        guard let descriptor = DPXDescriptor(rawValue: element.descriptorCode) else {
            throw .unsupported("\(path): DPX image descriptor \(element.descriptorCode) "
                + "(\(DPXDescriptor.name(ofCode: element.descriptorCode))) is not supported; "
                + "vfxpy reads luma, single-channel, RGB, RGBA and ABGR elements")
        }
        guard [8, 10, 12, 16].contains(element.bitDepth) else {
            throw .unsupported("\(path): DPX bit depth \(element.bitDepth) is not supported; vfxpy reads 8, 10, 12 and 16")
        }
        guard let packing = DPXPacking(rawValue: element.packingCode) else {
            throw .format(path: path, message: "corrupt header: unknown packing \(element.packingCode)")
        }
        guard element.encoding == 0 else {
            throw .unsupported("\(path): run-length encoded DPX (encoding \(element.encoding)) is not supported")
        }
        guard element.dataSign == 0 else {
            throw .unsupported("\(path): signed DPX components are not supported")
        }
        return DPXLayout(descriptor: descriptor, bitDepth: element.bitDepth, packing: packing,
                         width: width, order: order)
    }

    /// Checks that the element's pixel data lies inside the file.
    func checkData(of element: DPXElement, layout: DPXLayout, file: MappedFile) throws(VFXError) {
        guard element.dataOffset >= DPXOffset.imageInformationEnd else {
            throw .format(path: path, message: "corrupt header: image data offset \(element.dataOffset) "
                + "points inside the header")
        }
        let stride = layout.rowBytes + element.endOfLinePadding
        let (rows, o1) = stride.multipliedReportingOverflow(by: height - 1)
        let (total, o2) = rows.addingReportingOverflow(layout.rowBytes)
        guard !o1, !o2, element.dataOffset <= file.count, total <= file.count - element.dataOffset else {
            throw .format(path: path, message: "truncated: \(width)x\(height) \(element.bitDepth)-bit pixels need "
                + "\(o1 || o2 ? "more than \(Int.max)" : "\(total)") bytes from offset \(element.dataOffset), "
                + "the file has \(file.count) bytes")
        }
    }
}
