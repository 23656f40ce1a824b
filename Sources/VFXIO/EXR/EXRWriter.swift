import CEXR
import VFXCore

/// Writes one image as a single-part EXR, several as a multi-part EXR.
enum EXRWriter {
    /// The options of `exr.write`, checked once for all parts.
    struct Settings {
        var compression: EXRCompression?
        var pixelType: PixelFormat?
        var tileSize: (width: Int, height: Int)?
        var dwaCompressionLevel: Double?

        /// From options already checked against `EXRCodec.declaration`; what is left to
        /// check is bit_depth against pixel_type.
        init(_ options: WriteOptions) throws(VFXError) {
            compression = try options.choice("compression").flatMap(EXRCompression.init(rawValue:))
            let typeName = try options.choice("pixel_type")
            let fromType: PixelFormat? = typeName.map { $0 == "half" ? .f16 : .f32 }
            let fromDepth: PixelFormat? = try options.int("bit_depth").map { $0 == 16 ? .f16 : .f32 }
            if let fromType, let fromDepth, fromType != fromDepth {
                throw .invalidArgument(name: "bit_depth", message: "\(fromDepth == .f16 ? 16 : 32) contradicts pixel_type='\(typeName ?? "")'")
            }
            pixelType = fromType ?? fromDepth
            if let tile = try options.ints("tile_size"), tile.count == 2 { tileSize = (tile[0], tile[1]) }
            dwaCompressionLevel = try options.double("dwa_compression_level")
        }
    }

    static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions,
                      encoder: EXRCodec.Encoder) throws(VFXError) {
        let settings = try Settings(options)
        EXRThreads.configure()
        let multiPart = images.count > 1
        var prepared: [EXRPreparedPart] = []
        var names: Set<String> = []
        for (index, item) in images.enumerated() {
            let part = try EXRPreparedPart(item, index: index, settings: settings)
            if multiPart {
                guard names.insert(part.name).inserted else {
                    throw .invalidArgument(name: "img", message: "two parts are named '\(part.name)' (metadata['name']); "
                        + "part names must be unique")
                }
            }
            prepared.append(part)
        }
        var specs = prepared.map { $0.spec(multiPart: multiPart) }
        var error = CEXRError()
        let status = withExtendedLifetime(prepared) {
            specs.withUnsafeMutableBufferPointer { buffer in
                cexr_write_with(path, buffer.baseAddress, Int32(buffer.count),
                                encoder == .automatic ? Int32(Parallel.workerCount) : 0, &error)
            }
        }
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: path) }
    }
}
