import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// DPX band after band: the header first, then each band's rows quantized, packed (in
/// parallel) and written at their offset, exactly as a whole-image write lays them out.
/// Written into a `PendingFile` renamed into place by `finish`.
final class DPXRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    private(set) var rowsWritten = 0
    var writesByBand: Bool { true }
    private let pending: PendingFile
    private let settings: DPXWriteSettings
    private var descriptor: Int32 = -1

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        settings = try DPXWriteOptions.settings(width: target.width, height: target.height,
                                                channelNames: target.channelNames, format: target.pixelFormat,
                                                metadata: target.metadata, options: options)
        width = target.width
        height = target.height
        channels = target.channels
        pending = try PendingFile(path: path, renamedTo: renamedTo)
        descriptor = open(pending.temporary, O_WRONLY | O_TRUNC | O_CLOEXEC)
        do throws(VFXError) {
            guard descriptor >= 0 else { throw ImageIO.openError(pending.temporary) }
            try DPXWriter.writeHeader(settings, metadata: target.metadata, to: descriptor, path: pending.temporary)
        } catch {
            abort()
            throw ImageIO.writeError(error, temporary: pending.temporary, target: path)
        }
    }

    deinit { abort() }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard descriptor >= 0 else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        try Cancellation.check()
        do throws(VFXError) {
            try DPXWriter.writeRows(image, at: y, settings: settings, to: descriptor, path: pending.temporary)
        } catch {
            throw ImageIO.writeError(error, temporary: pending.temporary, target: pending.path)
        }
        rowsWritten += image.height
    }

    func finish() throws(VFXError) {
        guard descriptor >= 0 else { throw .invalidArgument(name: "writer", message: "is closed") }
        guard rowsWritten == height else {
            abort()
            throw .invalidArgument(name: "writer", message: "only \(rowsWritten) of \(height) rows were written")
        }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            let error = systemError(pending.path, "cannot write")
            abort()
            throw error
        }
        try pending.commit()
    }

    func abort() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        pending.discard()
    }
}
