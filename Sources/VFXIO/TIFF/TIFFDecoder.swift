import CTIFF
import Synchronization
import VFXCore

/// One TIFF page being read from the mapped file. Strips and tiles decode in parallel,
/// each worker with its own libtiff handle on the same mapped bytes.
final class TIFFDecoder {
    let file: MappedFile
    let handle: TIFFHandle
    let layout: TIFFLayout
    let directory: Int

    init(path: String, subimage: Int) throws(VFXError) {
        guard subimage >= 0 else { throw .invalidArgument(name: "subimage", message: "must be 0 or more, got \(subimage)") }
        file = try MappedFile(path: path)
        handle = try TIFFHandle.open(file, directory: subimage)
        directory = subimage
        layout = try TIFFLayout(handle)
    }

    var path: String { file.path }
    var pageCount: Int { Int(ctiff_number_of_directories(handle.tiff)) }

    /// Checks the claimed size against `ImageLimits` (before any allocation).
    func checkSize() throws(VFXError) {
        _ = try RasterSupport.checkedByteCount(path: path, width: layout.width, height: layout.height,
                                               channels: layout.channels, format: layout.pixelFormat)
    }

    func decode() throws(VFXError) -> Image {
        try checkSize()
        switch layout.path {
        case .direct(let format): return try decodeDirect(format)
        case .rgba: return try decodeRGBA()
        }
    }

    // MARK: samples as stored

    /// A strip or tile: which plane (separate planar configuration), and the pixel rectangle.
    struct Chunk {
        var plane: Int
        var x: Int, y: Int, width: Int, height: Int
    }

    func chunks() throws(VFXError) -> [Chunk] {
        let planes = layout.planarSeparate ? layout.samples : 1
        var result: [Chunk] = []
        if layout.tiled {
            let across = (layout.width + layout.tileWidth - 1) / layout.tileWidth
            let down = (layout.height + layout.tileHeight - 1) / layout.tileHeight
            for plane in 0..<planes {
                for row in 0..<down {
                    for column in 0..<across {
                        let x = column * layout.tileWidth, y = row * layout.tileHeight
                        result.append(Chunk(plane: plane, x: x, y: y, width: min(layout.tileWidth, layout.width - x),
                                            height: min(layout.tileHeight, layout.height - y)))
                    }
                }
            }
            guard result.count == Int(ctiff_number_of_tiles(handle.tiff)) else {
                throw .format(path: path, message: "corrupt: \(ctiff_number_of_tiles(handle.tiff)) tiles where the size needs \(result.count)")
            }
        } else {
            let perPlane = (layout.height + layout.rowsPerStrip - 1) / layout.rowsPerStrip
            for plane in 0..<planes {
                for strip in 0..<perPlane {
                    let y = strip * layout.rowsPerStrip
                    result.append(Chunk(plane: plane, x: 0, y: y, width: layout.width,
                                        height: min(layout.rowsPerStrip, layout.height - y)))
                }
            }
            guard result.count == Int(ctiff_number_of_strips(handle.tiff)) else {
                throw .format(path: path, message: "corrupt: \(ctiff_number_of_strips(handle.tiff)) strips where the size needs \(result.count)")
            }
        }
        return result
    }

    private func decodeDirect(_ format: PixelFormat) throws(VFXError) -> Image {
        let image = try RasterSupport.makeImage(path: path, width: layout.width, height: layout.height,
                                                channels: layout.samples, format: format,
                                                channelNames: layout.channelNames)
        let chunks = try chunks()
        if layout.tiled {
            // One decoded tile per worker: it must fit the memory limit like an image.
            _ = try RasterSupport.checkedByteCount(path: path, width: layout.tileWidth, height: layout.tileHeight,
                                                   channels: layout.planarSeparate ? 1 : layout.samples, format: format)
        }
        let sequential = chunks.count == 1 || image.byteCount < (1 << 21) || Parallel.workerCount == 1
        if sequential {
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchBytes(image), alignment: 64)
            defer { scratch.deallocate() }
            for index in chunks.indices {
                try decodeChunk(index, chunks[index], rows: 0..<image.height, into: image, handle: handle,
                                scratch: scratch, scratchBytes: scratchBytes(image))
            }
        } else {
            let failure = Mutex<VFXError?>(nil)
            let target = UnsafeSendable(image)
            let me = UnsafeSendable(self)
            let list = chunks
            Parallel.forEachRange(chunks.count, grain: 1) { range in
                do throws(VFXError) {
                    let worker = try TIFFHandle.open(me.value.file, directory: me.value.directory)
                    let scratch = UnsafeMutableRawPointer.allocate(byteCount: me.value.scratchBytes(target.value),
                                                                   alignment: 64)
                    defer { scratch.deallocate() }
                    for index in range {
                        if failure.withLock({ $0 != nil }) { return }
                        try me.value.decodeChunk(index, list[index], rows: 0..<target.value.height, into: target.value,
                                                 handle: worker, scratch: scratch,
                                                 scratchBytes: me.value.scratchBytes(target.value))
                    }
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
        }
        if layout.photometric == PHOTOMETRIC_MINISWHITE { invert(image) }
        return image
    }

    /// The bytes of one decoded tile, or of one strip when it cannot go straight into
    /// the image (separate planes). Bounded by the image size and `TIFFLayout`'s tile check.
    private func scratchBytes(_ image: Image) -> Int {
        let sampleBytes = image.format.bytesPerComponent
        if layout.tiled { return layout.tileWidth * layout.tileHeight * (layout.planarSeparate ? 1 : layout.samples) * sampleBytes }
        return layout.planarSeparate ? layout.rowsPerStrip * layout.width * sampleBytes : 1
    }

    /// Decodes strip or tile `index` into `image`, which holds the file's rows `rows` (all
    /// of them for a whole read, a band when streaming): straight into the image when the
    /// chunk is a run of whole interleaved rows inside `rows`, else into `scratch` (of
    /// `scratchBytes`) and its rows inside `rows` copied into place.
    func decodeChunk(_ index: Int, _ chunk: Chunk, rows: Range<Int>, into image: Image, handle: TIFFHandle,
                     scratch: UnsafeMutableRawPointer, scratchBytes: Int) throws(VFXError) {
        let sampleBytes = image.format.bytesPerComponent
        let first = max(chunk.y, rows.lowerBound), end = min(chunk.y + chunk.height, rows.upperBound)
        if !layout.tiled, !layout.planarSeparate, first == chunk.y, end == chunk.y + chunk.height {
            let target = image.pixels.baseAddress + (chunk.y - rows.lowerBound) * image.rowBytes
            let size = chunk.height * image.rowBytes
            let read = ctiff_read_encoded_strip(handle.tiff, UInt32(index), target, tmsize_t(size))
            guard read == size, !handle.hasError else { throw handle.failure("cannot decode strip \(index)") }
            return
        }
        // A tile holds tileWidth × tileHeight pixels even at the edges; a strip of one
        // plane holds one sample per pixel.
        let samplesPerPixel = layout.planarSeparate ? 1 : layout.samples
        let chunkWidth = layout.tiled ? layout.tileWidth : layout.width
        let chunkRows = layout.tiled ? layout.tileHeight : chunk.height
        let chunkRowBytes = chunkWidth * samplesPerPixel * sampleBytes
        let size = chunkRowBytes * chunkRows
        guard size <= scratchBytes else { throw .format(path: path, message: "corrupt: chunk \(index) is too big") }
        let read = layout.tiled
            ? ctiff_read_encoded_tile(handle.tiff, UInt32(index), scratch, tmsize_t(size))
            : ctiff_read_encoded_strip(handle.tiff, UInt32(index), scratch, tmsize_t(size))
        // libtiff returns a whole tile's size, or a strip's bytes for its rows.
        let needed = (chunk.height - 1) * chunkRowBytes + chunk.width * samplesPerPixel * sampleBytes
        guard read >= tmsize_t(needed), !handle.hasError else {
            throw handle.failure("cannot decode \(layout.tiled ? "tile" : "strip") \(index)")
        }
        let pixelBytes = image.channels * sampleBytes
        for y in first..<end {
            let source = scratch + (y - chunk.y) * chunkRowBytes
            let target = image.pixels.baseAddress + (y - rows.lowerBound) * image.rowBytes + chunk.x * pixelBytes
            if samplesPerPixel == image.channels {
                target.copyMemory(from: source, byteCount: chunk.width * pixelBytes)
            } else {
                let plane = chunk.plane * sampleBytes
                for pixel in 0..<chunk.width {
                    (target + pixel * pixelBytes + plane).copyMemory(from: source + pixel * sampleBytes,
                                                                     byteCount: sampleBytes)
                }
            }
        }
    }

    /// MinIsWhite: 0 is white. Inverts the color samples (not the extra ones).
    func invert(_ image: Image) {
        let colors = max(1, layout.samples - layout.extraSamples.count)
        let count = image.width * image.height
        let channels = image.channels
        switch image.format {
        case .u8:
            let pixels = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self))
            Parallel.forEachRange(count) { range in
                for pixel in range { for c in 0..<colors { pixels.value[pixel * channels + c] = 255 - pixels.value[pixel * channels + c] } }
            }
        case .u16:
            let pixels = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: UInt16.self))
            Parallel.forEachRange(count) { range in
                for pixel in range { for c in 0..<colors { pixels.value[pixel * channels + c] = 65535 - pixels.value[pixel * channels + c] } }
            }
        default: break
        }
    }

    // MARK: everything else, through libtiff's RGBA interface

    private func decodeRGBA() throws(VFXError) -> Image {
        let width = layout.width, height = layout.height
        let bytes = try RasterSupport.checkedByteCount(path: path, width: width, height: height, channels: 4, format: .u8)
        let raster = try PixelBuffer(byteCount: bytes, zeroed: false)
        // Rows in the file's order (orientation is reported, never applied).
        let orientation = Int32(handle.u16Defaulted(TIFFTAG_ORIENTATION) ?? 1)
        let wanted = (1...4).contains(orientation) ? orientation : ORIENTATION_TOPLEFT
        guard ctiff_read_rgba_image_oriented(handle.tiff, UInt32(width), UInt32(height),
                                        raster.baseAddress.assumingMemoryBound(to: UInt32.self), wanted, 0) != 0,
              !handle.hasError else {
            throw handle.failure("cannot decode")
        }
        let image = try RasterSupport.makeImage(path: path, width: width, height: height, channels: layout.channels,
                                                format: .u8, channelNames: layout.channelNames)
        // The raster holds R, G, B, A bytes per pixel; keep what the file has.
        let picks: [Int] = switch layout.channels {
        case 1: [0]
        case 2: [0, 3]
        case 3: [0, 1, 2]
        default: [0, 1, 2, 3]
        }
        let source = UnsafeSendable(raster.baseAddress.assumingMemoryBound(to: UInt8.self))
        let target = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self))
        let channels = layout.channels
        Parallel.forEachRange(width * height) { range in
            for pixel in range {
                for (channel, pick) in picks.enumerated() { target.value[pixel * channels + channel] = source.value[pixel * 4 + pick] }
            }
        }
        return image
    }
}
