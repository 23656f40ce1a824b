import CEXR
import VFXCore

/// EXR band after band: the options, windows and attributes `exr.write` takes
/// (scanline or tiled, every compression), encoded by OpenEXR as rows arrive into a
/// `PendingFile` renamed into place by `finish`. Tiled files hold one row of tiles.
final class EXRRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    private let pending: PendingFile
    private let pixelType: PixelFormat
    private var handle: OpaquePointer?

    var rowsWritten: Int { handle.map { Int(cexr_stream_rows_written($0)) } ?? height }

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        let settings = try EXRWriter.Settings(options)
        EXRThreads.configure()
        width = target.width
        height = target.height
        channels = target.channels
        pixelType = settings.pixelType ?? EXRPreparedPart.defaultPixelType(target.pixelFormat, target.metadata["bit_depth"])
        let compression = settings.compression ?? target.metadata["compression"]
            .flatMap { $0.text.flatMap { EXRCompression(rawValue: $0.lowercased()) } } ?? .zip
        let (dataWindow, displayWindow) = EXRPreparedPart.windows(target.metadata, width: width, height: height)
        pending = try PendingFile(path: path, renamedTo: renamedTo)
        let storage = EXRAttributeStorage(target.metadata)
        var spec = CEXRPartSpec()
        spec.data_window = dataWindow.cValues
        spec.display_window = displayWindow.cValues
        spec.compression = compression.code
        spec.dwa_compression_level = Float(settings.dwaCompressionLevel ?? 0)
        spec.tile_width = Int32(settings.tileSize?.width ?? 0)
        spec.tile_height = Int32(settings.tileSize?.height ?? 0)
        spec.pixel_type = Int32(pixelType == .f16 ? CEXR_HALF : CEXR_FLOAT)
        spec.channel_count = Int32(channels)
        spec.channel_names = storage.cStrings(target.channelNames)
        spec.attributes = storage.cArray(storage.attributes)
        spec.attribute_count = Int32(storage.attributes.count)
        var error = CEXRError()
        var made: OpaquePointer?
        let status = withExtendedLifetime(storage) { cexr_stream_create(pending.temporary, &spec, &made, &error) }
        guard status == CEXR_OK, let made else {
            pending.discard()
            throw ImageIO.writeError(EXRFile.error(status, error, path: pending.temporary),
                                     temporary: pending.temporary, target: path)
        }
        handle = made
    }

    deinit { abort() }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard let handle else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        let band = image.format == pixelType ? image : try image.converted(to: pixelType)
        var error = CEXRError()
        let status = withExtendedLifetime(band) {
            cexr_stream_write(handle, UnsafePointer(band.pixels.baseAddress.assumingMemoryBound(to: CChar.self)),
                              band.rowBytes, Int32(band.height), &error)
        }
        guard status == CEXR_OK else { throw failure(status, error) }
    }

    func finish() throws(VFXError) {
        guard let handle else { throw .invalidArgument(name: "writer", message: "is closed") }
        var error = CEXRError()
        let status = cexr_stream_finish(handle, &error)
        guard status == CEXR_OK else {
            abort()
            throw failure(status, error)
        }
        cexr_stream_free(handle)
        self.handle = nil
        try pending.commit()
    }

    func abort() {
        if let handle { cexr_stream_free(handle) }
        handle = nil
        pending.discard()
    }

    private func failure(_ status: Int32, _ error: CEXRError) -> VFXError {
        ImageIO.writeError(EXRFile.error(status, error, path: pending.temporary), temporary: pending.temporary,
                           target: pending.path)
    }
}
