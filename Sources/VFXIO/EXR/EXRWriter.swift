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

        init(_ options: WriteOptions) throws(VFXError) {
            var options = options
            if let name = try options.choice("compression", EXRCompression.names) {
                compression = EXRCompression(rawValue: name)
            }
            let typeName = try options.choice("pixel_type", ["half", "float"])
            let fromType: PixelFormat? = typeName.map { $0 == "half" ? .f16 : .f32 }
            var fromDepth: PixelFormat?
            if let depth = try options.int("bit_depth") {
                switch depth {
                case 16: fromDepth = .f16
                case 32: fromDepth = .f32
                default: throw .invalidArgument(name: "bit_depth", message: "must be 16 (half) or 32 (float) for EXR, got \(depth)")
                }
            }
            if let fromType, let fromDepth, fromType != fromDepth {
                throw .invalidArgument(name: "bit_depth", message: "\(fromDepth == .f16 ? 16 : 32) contradicts pixel_type='\(typeName ?? "")'")
            }
            pixelType = fromType ?? fromDepth
            if let tile = try options.ints("tile_size") {
                guard tile.count == 2, tile.allSatisfy({ (1...65536).contains($0) }) else {
                    throw .invalidArgument(name: "tile_size", message: "must be (width, height) with each from 1 to 65536, got \(tile)")
                }
                tileSize = (tile[0], tile[1])
            }
            if let level = try options.double("dwa_compression_level") {
                guard level.isFinite, level > 0, level <= 1_000_000 else {
                    throw .invalidArgument(name: "dwa_compression_level", message: "must be a positive number (OpenEXR's default is 45), got \(level)")
                }
                dwaCompressionLevel = level
            }
            try options.finish()
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
