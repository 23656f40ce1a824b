import CJPEG
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// JPEG band after band with the settings of the whole-image write (`JPEGCodec.write`:
/// TurboJPEG's quality tables, accurate DCT, sampling, the same JFIF density and EXIF/COM
/// segments), written into a `PendingFile` renamed into place by `finish`. Where the
/// whole write encodes strips on all cores and joins them with restart markers
/// (`JPEGStrips`: over 1 MP on several cores), bands are gathered into strips encoded a
/// batch at a time on all cores by the same code (`JPEGStripBatches`): memory is a batch
/// (at most 2 MiB a worker), and the file is the whole write's, byte for byte where its
/// strips are at most 2 MiB, else with more restart markers and the same pixels. Where the
/// whole write is one TurboJPEG call (under 1 MP, or one core), libjpeg's scanline
/// compressor (`CJPEG`) takes the bands a few MCU rows at a time and writes its bytes.
final class JPEGRegionWriter: RegionWriter {
    let width: Int, height: Int, channels: Int
    private(set) var rowsWritten = 0
    private let output: PendingDescriptor
    /// One of the two: libjpeg's scanline encoder, or the parallel strips.
    private var encoder: OpaquePointer?
    private var strips: JPEGStripBatches?

    init(path: String, renamedTo: [CChar]?, target: RegionTarget, options: WriteOptions) throws(VFXError) {
        let settings = try JPEGCodec.WriteSettings(options: options)
        try JPEGEncoder.checkSize(width: target.width, height: target.height)
        width = target.width
        height = target.height
        channels = target.channels
        let stored = JPEGEncoder.storedChannels(channels)
        let (_, sampling) = JPEGEncoder.modes(channels: stored, subsampling: settings.subsampling)
        let mcu = JPEGStrips.mcuSize(sampling)
        var params = cjpeg_write_params()
        params.width = UInt32(width)
        params.height = UInt32(height)
        params.input_components = Int32(stored)
        params.quality = Int32(settings.quality)
        params.h_sampling = Int32(mcu.width / 8)
        params.v_sampling = Int32(mcu.height / 8)
        let density = JPEGMetadata.density(target.metadata)
        params.density_unit = Int32(density?.unit ?? 0)
        params.x_density = density?.x ?? 1
        params.y_density = density?.y ?? 1
        output = try PendingDescriptor(path: path, renamedTo: renamedTo)
        let temporary = output.pending.temporary
        do throws(VFXError) {
            strips = try JPEGStripBatches(width: width, height: height, storedChannels: stored,
                                          subsampling: settings.subsampling, quality: settings.quality,
                                          metadata: target.metadata, descriptor: output.descriptor, path: temporary)
            if strips != nil { return }
            var status = cjpeg_status()
            guard let opened = cjpeg_writer_open(output.descriptor, &params, &status) else {
                throw JPEGRowStatus.error(status, path: temporary)
            }
            encoder = opened
            for segment in JPEGMetadata.segments(target.metadata) {
                let code = segment.payload.withUnsafeBytes { bytes in
                    cjpeg_writer_marker(opened, Int32(segment.marker), bytes.baseAddress, bytes.count, &status)
                }
                guard code == CJPEG_OK else { throw JPEGRowStatus.error(status, path: temporary) }
            }
        } catch {
            abort()
            throw ImageIO.writeError(error, temporary: temporary, target: path)
        }
    }

    deinit { abort() }

    func write(_ image: Image, at y: Int) throws(VFXError) {
        guard output.isOpen else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.checkBand(image, at: y, writer: self)
        try Cancellation.check()
        let band = try JPEGEncoder.pixels(of: image)
        if let strips {
            do throws(VFXError) {
                try strips.append(band)
            } catch {
                // a batch cut short leaves the file without some strips: it is spent
                let failure = ImageIO.writeError(error, temporary: output.pending.temporary, target: output.pending.path)
                abort()
                throw failure
            }
        } else if let encoder {
            var status = cjpeg_status()
            let code = withExtendedLifetime(band) {
                cjpeg_writer_write_rows(encoder, band.pixels.baseAddress, band.rowBytes, UInt32(band.height), &status)
            }
            guard code == CJPEG_OK else { throw failure(status) }
        }
        rowsWritten += image.height
    }

    func finish() throws(VFXError) {
        guard output.isOpen else { throw .invalidArgument(name: "writer", message: "is closed") }
        try Streaming.requireAllRows(self)
        if let strips {
            do throws(VFXError) {
                try strips.finish()
            } catch {
                abort()
                throw ImageIO.writeError(error, temporary: output.pending.temporary, target: output.pending.path)
            }
        } else if let encoder {
            var status = cjpeg_status()
            guard cjpeg_writer_finish(encoder, &status) == CJPEG_OK else {
                let error = failure(status)
                abort()
                throw error
            }
        }
        cjpeg_writer_close(encoder)
        encoder = nil
        strips = nil
        try output.commit()
    }

    func abort() {
        cjpeg_writer_close(encoder)
        encoder = nil
        strips = nil
        output.discard()
    }

    private func failure(_ status: cjpeg_status) -> VFXError {
        ImageIO.writeError(JPEGRowStatus.error(status, path: output.pending.temporary),
                           temporary: output.pending.temporary, target: output.pending.path)
    }
}
