import VFXCore

/// DPX band after band: the header first, then each band's rows quantized, packed (in
/// parallel) and written at their offset, exactly as a whole-image write lays them out.
/// Written into a `PendingFile` renamed into place by `finish`.
final class DPXRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    private(set) var rowsWritten = 0
    private let output: PendingDescriptor
    private let settings: DPXWriteSettings

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        settings = try DPXWriteOptions.settings(width: target.width, height: target.height,
                                                channelNames: target.channelNames, format: target.pixelFormat,
                                                metadata: target.metadata, options: options)
        width = target.width
        height = target.height
        channels = target.channels
        output = try PendingDescriptor(path: path, renamedTo: renamedTo)
        do throws(VFXError) {
            try DPXWriter.writeHeader(settings, metadata: target.metadata, to: output.descriptor,
                                      path: output.pending.temporary)
        } catch {
            abort()
            throw ImageIO.writeError(error, temporary: output.pending.temporary, target: path)
        }
    }

    deinit { abort() }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard output.isOpen else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        try Cancellation.check()
        do throws(VFXError) {
            try DPXWriter.writeRows(image, at: y, settings: settings, to: output.descriptor,
                                    path: output.pending.temporary)
        } catch {
            throw ImageIO.writeError(error, temporary: output.pending.temporary, target: output.pending.path)
        }
        rowsWritten += image.height
    }

    func finish() throws(VFXError) {
        guard output.isOpen else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.requireAllRows(self)
        try output.commit()
    }

    func abort() {
        output.discard()
    }
}
