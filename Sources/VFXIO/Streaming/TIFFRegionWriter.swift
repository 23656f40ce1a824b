import CTIFF
import VFXCore

/// TIFF band after band: the tags `tiff.write` sets (`TIFFEncoder.beginPage`), then one
/// row of strips or tiles at a time, gathered here until complete and encoded by libtiff
/// on this thread (the whole-image writer compresses ZIP chunks in parallel; bands do
/// not yet). Written into a `PendingFile` renamed into place by `finish`.
final class TIFFRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    private(set) var rowsWritten = 0
    private let pending: PendingFile
    private var handle: TIFFHandle?
    private let page: TIFFEncoder.Page
    /// One row of strips or tiles, in the stored format.
    private let chunkRow: Image
    private var chunkRowFirst = 0
    private let tileBuffer: UnsafeMutableRawPointer?

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        let settings = try TIFFEncoder.Settings(options)
        width = target.width
        height = target.height
        channels = target.channels
        let depth = TIFFEncoder.bitDepth(format: target.pixelFormat, metadata: target.metadata, settings)
        let total = width * height * channels * (depth == 8 ? 1 : depth == 16 ? 2 : 4)
        pending = try PendingFile(path: path, renamedTo: renamedTo)
        do throws(VFXError) {
            let handle = try TIFFHandle.create(pending.temporary, big: total > 0xF000_0000)
            page = try TIFFEncoder.beginPage(width: width, height: height, channels: channels,
                                             format: target.pixelFormat, metadata: target.metadata, settings: settings,
                                             to: handle)
            chunkRow = try Image(width: width, height: page.rowsPerStrip, channels: channels, format: page.target)
            if let tile = page.tileSize {
                let bytes = try ImageLimits.byteCount(width: tile.width, height: tile.height, channels: channels,
                                                      format: page.target)
                tileBuffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            } else {
                tileBuffer = nil
            }
            self.handle = handle
        } catch {
            pending.discard()
            throw ImageIO.writeError(error, temporary: pending.temporary, target: path)
        }
    }

    deinit {
        tileBuffer?.deallocate()
        abort()
    }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard let handle else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        let band = try RasterSupport.image(image, as: page.target)
        let rowBytes = chunkRow.rowBytes
        for row in 0..<band.height {
            let y = rowsWritten + row
            (chunkRow.pixels.baseAddress + (y - chunkRowFirst) * rowBytes)
                .copyMemory(from: band.pixels.baseAddress + row * band.rowBytes, byteCount: rowBytes)
            if y + 1 == min(height, chunkRowFirst + page.rowsPerStrip) {
                try Cancellation.check()
                do throws(VFXError) {
                    try flush(handle, rows: y + 1 - chunkRowFirst)
                } catch {
                    throw ImageIO.writeError(error, temporary: pending.temporary, target: pending.path)
                }
                chunkRowFirst = y + 1
            }
        }
        rowsWritten += band.height
    }

    /// Encodes the gathered row of strips or tiles (`rows` rows; fewer than a full row only at the bottom).
    private func flush(_ handle: TIFFHandle, rows: Int) throws(VFXError) {
        let chunkIndex = chunkRowFirst / page.rowsPerStrip
        guard let tile = page.tileSize, let tileBuffer else {
            // libtiff's predictor changes the buffer it is given: the gathered rows are not needed after
            let size = rows * chunkRow.rowBytes
            let written = ctiff_write_encoded_strip(handle.tiff, UInt32(chunkIndex), chunkRow.pixels.baseAddress, tmsize_t(size))
            guard written == size, !handle.hasError else { throw handle.failure("cannot write strip \(chunkIndex)") }
            return
        }
        let pixelBytes = channels * page.target.bytesPerComponent
        let tileRowBytes = tile.width * pixelBytes
        let size = tileRowBytes * tile.height
        let across = (width + tile.width - 1) / tile.width
        for column in 0..<across {
            let x = column * tile.width
            let tileWidth = min(tile.width, width - x)
            if tileWidth < tile.width || rows < tile.height {
                tileBuffer.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            }
            for line in 0..<rows {
                (tileBuffer + line * tileRowBytes).copyMemory(
                    from: chunkRow.pixels.baseAddress + line * chunkRow.rowBytes + x * pixelBytes,
                    byteCount: tileWidth * pixelBytes)
            }
            let index = chunkIndex * across + column
            let written = ctiff_write_encoded_tile(handle.tiff, UInt32(index), tileBuffer, tmsize_t(size))
            guard written == size, !handle.hasError else { throw handle.failure("cannot write tile \(index)") }
        }
    }

    func finish() throws(VFXError) {
        guard let handle else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.requireAllRows(self)
        guard ctiff_write_directory(handle.tiff) != 0, !handle.hasError else {
            let error = handle.failure("cannot write")
            abort()
            throw ImageIO.writeError(error, temporary: pending.temporary, target: pending.path)
        }
        self.handle = nil // closes the file
        try pending.commit()
    }

    func abort() {
        handle = nil
        pending.discard()
    }
}
