import CEXR
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// EXR by bands: scanline and tiled parts, every compression, through the Core reader (the
/// chunks of those rows in parallel), else OpenEXR's `InputPart::readPixels(first, last)`;
/// both read only the chunks of those rows.
/// Channels, storage format and metadata are those `EXRCodec.read` gives.
final class EXRRegionReader: RegionReader {
    let info: ImageInfo
    let chunkRows: Int
    private let file: EXRFile
    private let subimage: Int
    private let plan: EXRReadPlan
    private let names: [UnsafeMutablePointer<CChar>?]

    init(path: String, subimage: Int) throws(VFXError) {
        file = try EXRFile(path: path)
        let part = try file.part(subimage)
        plan = try EXRReadPlan(path: path, part: part, layer: nil)
        var size = stat()
        try plan.checkPlausible(fileSize: stat(path, &size) == 0 ? Int(size.st_size) : Int.max)
        self.subimage = subimage
        info = ImageInfo(format: .exr, width: part.dataWindow.width, height: part.dataWindow.height,
                         channels: plan.channels.count, pixelFormat: plan.pixelFormat,
                         channelNames: plan.channels.map(\.name), metadata: plan.metadata(part),
                         subimageCount: file.partCount)
        chunkRows = part.isTiled ? max(1, part.tileHeight) : (part.compression?.linesPerChunk ?? 1)
        names = plan.channels.map { strdup($0.name) }
    }

    deinit { names.forEach { free($0) } }

    func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        let image = try decode(rows: rows)
        if let format, format != image.format { return try image.converted(to: format) }
        return image
    }

    /// The rows in the plan's storage format. The Core reader decodes faster (the chunks in
    /// parallel) but only whole chunks (lines, or rows of tiles): a band that starts or ends
    /// inside one is decoded with the whole chunks around it and copied out (the C++ API
    /// decodes those whole chunks too). Anything the Core reader cannot do, or fails on, goes
    /// through the C++ API.
    private func decode(rows: Range<Int>) throws(VFXError) -> Image {
        if plan.canUseCore {
            let first = rows.lowerBound / chunkRows * chunkRows
            let end = min(info.height, (rows.upperBound + chunkRows - 1) / chunkRows * chunkRows)
            let (chunks, status, _) = try decode(rows: first..<end, core: true)
            if status == CEXR_CANCELLED { throw .cancelled }
            if status == CEXR_OK {
                guard first..<end != rows else { return chunks }
                let image = try Image.uninitialized(width: info.width, height: rows.count, channels: info.channels,
                                                    format: plan.pixelFormat, channelNames: info.channelNames)
                withExtendedLifetime(chunks) {
                    image.pixels.baseAddress.copyMemory(
                        from: chunks.pixels.baseAddress + (rows.lowerBound - first) * chunks.rowBytes,
                        byteCount: rows.count * image.rowBytes)
                }
                return image
            }
        }
        let (image, status, error) = try decode(rows: rows, core: false)
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: file.path) }
        return image
    }

    /// `rows` decoded into a new image by the Core reader (`core`: whole chunks only) or the
    /// C++ API: the image, and the call's status and error.
    private func decode(rows: Range<Int>, core: Bool) throws(VFXError) -> (Image, Int32, CEXRError) {
        let image = try Image.uninitialized(width: info.width, height: rows.count, channels: info.channels,
                                            format: plan.pixelFormat, channelNames: info.channelNames)
        let yFirst = Int32(plan.part.dataWindow.yMin + rows.lowerBound)
        let yLast = Int32(plan.part.dataWindow.yMin + rows.upperBound - 1)
        var error = CEXRError()
        let status = withSlices(image) { slices in
            core ? cexr_core_read_rows(file.path, Int32(subimage), yFirst, yLast, slices.baseAddress,
                                       Int32(slices.count), Int32(Parallel.workerCount), &error)
                 : cexr_read_rows(file.handle, Int32(subimage), yFirst, yLast, slices.baseAddress,
                                  Int32(slices.count), &error)
        }
        return (image, status, error)
    }

    /// `body` given the slices that decode every channel into `image`.
    private func withSlices(_ image: Image, _ body: (UnsafeBufferPointer<CEXRSlice>) -> Int32) -> Int32 {
        let bytes = plan.pixelFormat.bytesPerComponent
        let sliceType = Int32(plan.pixelFormat == .f16 ? CEXR_HALF : CEXR_FLOAT)
        let base = image.pixels.baseAddress.assumingMemoryBound(to: CChar.self)
        var slices: [CEXRSlice] = []
        for (index, name) in names.enumerated() {
            slices.append(CEXRSlice(name: UnsafePointer(name), type: sliceType, base: base + index * bytes,
                                    x_stride: image.channels * bytes, y_stride: image.rowBytes))
        }
        return withExtendedLifetime(image) { slices.withUnsafeBufferPointer(body) }
    }
}
