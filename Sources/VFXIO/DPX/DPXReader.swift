import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Decodes one image element of a mapped DPX file, rows in parallel.
enum DPXReader {
    /// The header without pixels.
    static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        try Opened(path: path, subimage: subimage).info
    }

    /// 8-bit files read as u8, deeper ones as u16.
    static func storageFormat(_ layout: DPXLayout) -> PixelFormat { layout.bitDepth == 8 ? .u8 : .u16 }

    static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        if let layer = request.layer {
            throw .invalidArgument(name: "layer", message: "'\(layer)' was asked for, but DPX files have no layers")
        }
        let opened = try Opened(path: path, subimage: request.subimage)
        let format = request.pixelFormat ?? storageFormat(opened.layout)
        adviseWillNeed(opened.file)
        let image = try opened.decode(rows: 0..<opened.header.height, format: format, path: path)
        return ImageWithMetadata(image: image, metadata: opened.metadata)
    }

    /// One element of a mapped DPX file and its parsed header: what the whole-image read
    /// and the band reader (`DPXRegionReader`) decode rows from (`decode` checks the data
    /// bounds first).
    struct Opened {
        let file: MappedFile
        let header: DPXHeader
        let element: DPXElement
        let layout: DPXLayout

        init(path: String, subimage: Int) throws(VFXError) {
            file = try MappedFile(path: path)
            header = try DPXHeader(file: file)
            element = try header.element(subimage)
            layout = try header.layout(of: element)
        }

        var metadata: Metadata { DPXMetadata.read(header, element: element, layout: layout) }

        var info: ImageInfo {
            ImageInfo(format: .dpx, width: header.width, height: header.height, channels: layout.components,
                      pixelFormat: storageFormat(layout), channelNames: layout.descriptor.channelNames,
                      metadata: metadata, subimageCount: header.elements.count)
        }

        /// Rows `rows` as a new image in `format`, rows in parallel. Absurd sizes are refused
        /// before the pixel data is touched or anything allocated.
        func decode(rows: Range<Int>, format: PixelFormat, path: String) throws(VFXError) -> Image {
            do {
                _ = try ImageLimits.byteCount(width: header.width, height: rows.count,
                                              channels: layout.components, format: format)
            } catch .outOfMemory(let message) {
                throw .outOfMemory("\(path): refused before reading pixels: \(message)")
            }
            try header.checkData(of: element, layout: layout, file: file)
            let image = try Image.uninitialized(width: header.width, height: rows.count, channels: layout.components,
                                               format: format)
            image.channelNames = layout.descriptor.channelNames
            let source = RowSource(file: file, offset: element.dataOffset + rows.lowerBound * stride, stride: stride)
            switch format {
            case .u8: DPXReader.decode(source, layout, image, UInt8.self)
            case .u16: DPXReader.decode(source, layout, image, UInt16.self)
            case .f16: DPXReader.decode(source, layout, image, Float16.self)
            case .f32: DPXReader.decode(source, layout, image, Float.self)
            }
            return image
        }

        private var stride: Int { layout.rowBytes + element.endOfLinePadding }
    }

    /// Asks the kernel to read the mapped file ahead: fewer page faults in the decode loop.
    private static func adviseWillNeed(_ file: MappedFile) {
        guard let base = file.bytes.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), file.count, MADV_WILLNEED)
    }

    /// Where row `y` starts in the mapped file (bounds checked by `checkData`).
    private struct RowSource: @unchecked Sendable {
        let file: MappedFile
        let offset: Int
        let stride: Int

        func row(_ y: Int) -> UnsafeRawPointer {
            // checkData proved offset + stride * y + rowBytes <= file.count.
            file.bytes.baseAddress.unsafelyUnwrapped + offset + stride * y
        }
    }

    private static func decode<T: DPXSample>(_ rows: RowSource, _ layout: DPXLayout, _ image: Image, _: T.Type) {
        let table = DPXSamples.decodeTable(bitDepth: layout.bitDepth, T.self)
        let codec = DPXRowCodec(layout: layout)
        let output = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: T.self))
        let datums = layout.datumsPerRow
        let abgr = layout.descriptor == .abgr
        Parallel.forEachRange(image.height, grain: 4) { range in
            table.withUnsafeBufferPointer { lookup in
                guard let values = lookup.baseAddress else { return }
                for y in range {
                    let out = output.value + y * datums
                    codec.unpack(rows.row(y), into: TableSink(out: out, table: values))
                    if abgr { reverseQuads(out, count: datums) }
                }
            }
        }
    }

    /// ABGR → RGBA in place.
    private static func reverseQuads<T>(_ values: UnsafeMutablePointer<T>, count: Int) {
        for pixel in stride(from: 0, to: count, by: 4) {
            let first = values[pixel], second = values[pixel + 1]
            values[pixel] = values[pixel + 3]
            values[pixel + 1] = values[pixel + 2]
            values[pixel + 2] = second
            values[pixel + 3] = first
        }
    }
}
