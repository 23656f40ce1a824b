import CEXR
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// EXR by bands: scanline and tiled parts, every compression, through the Core reader (the
/// chunks of those rows in parallel) where the band starts and ends on chunks, else
/// OpenEXR's `InputPart::readPixels(first, last)`, which reads only the chunks of those rows.
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
        let image = try Image.uninitialized(width: info.width, height: rows.count, channels: info.channels,
                                               format: plan.pixelFormat)
        image.channelNames = info.channelNames
        let bytes = plan.pixelFormat.bytesPerComponent
        let sliceType = Int32(plan.pixelFormat == .f16 ? CEXR_HALF : CEXR_FLOAT)
        let base = image.pixels.baseAddress.assumingMemoryBound(to: CChar.self)
        var slices: [CEXRSlice] = []
        for (index, name) in names.enumerated() {
            slices.append(CEXRSlice(name: UnsafePointer(name), type: sliceType, base: base + index * bytes,
                                    x_stride: image.channels * bytes, y_stride: image.rowBytes))
        }
        let yMin = plan.part.dataWindow.yMin
        var error = CEXRError()
        // The Core reader decodes faster where it applies (bands of whole chunks: lines, or
        // rows of tiles); anything else, or a failure there, goes through the C++ API.
        if plan.canUseCore, rows.lowerBound % chunkRows == 0,
           rows.upperBound % chunkRows == 0 || rows.upperBound == info.height {
            let status = withExtendedLifetime(image) {
                slices.withUnsafeBufferPointer { buffer in
                    cexr_core_read_rows(file.path, Int32(subimage), Int32(yMin + rows.lowerBound),
                                        Int32(yMin + rows.upperBound - 1), buffer.baseAddress, Int32(buffer.count),
                                        Int32(Parallel.workerCount), &error)
                }
            }
            if status == CEXR_OK {
                if let format, format != image.format { return try image.converted(to: format) }
                return image
            }
            if status == CEXR_CANCELLED { throw .cancelled }
        }
        let status = withExtendedLifetime(image) {
            slices.withUnsafeBufferPointer { buffer in
                cexr_read_rows(file.handle, Int32(subimage), Int32(yMin + rows.lowerBound),
                               Int32(yMin + rows.upperBound - 1), buffer.baseAddress, Int32(buffer.count), &error)
            }
        }
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: file.path) }
        if let format, format != image.format { return try image.converted(to: format) }
        return image
    }
}
