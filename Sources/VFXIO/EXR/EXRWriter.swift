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
        var prepared: [PreparedPart] = []
        var names: Set<String> = []
        for (index, item) in images.enumerated() {
            let part = try PreparedPart(item, index: index, settings: settings)
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

/// One part ready to encode: pixels in the chosen float type, windows, attributes.
final class PreparedPart {
    let image: Image
    let name: String
    let compression: EXRCompression
    let tileSize: (width: Int, height: Int)?
    let dwaCompressionLevel: Double?
    let dataWindow: EXRWindow
    let displayWindow: EXRWindow
    private let storage: EXRAttributeStorage
    private let channelNames: UnsafePointer<UnsafePointer<CChar>?>?
    private let attributes: UnsafePointer<CEXRAttribute>?
    private let nameString: UnsafePointer<CChar>?

    init(_ item: ImageWithMetadata, index: Int, settings: EXRWriter.Settings) throws(VFXError) {
        let metadata = item.metadata
        let source = item.image
        let pixelType = settings.pixelType ?? PreparedPart.defaultPixelType(source.format, metadata["bit_depth"])
        image = source.format == pixelType ? source : try source.converted(to: pixelType)
        compression = settings.compression
            ?? metadata["compression"].flatMap { $0.text.flatMap { EXRCompression(rawValue: $0.lowercased()) } } ?? .zip
        tileSize = settings.tileSize
        dwaCompressionLevel = settings.dwaCompressionLevel
        let fallback = EXRWindow(xMin: 0, yMin: 0, xMax: source.width - 1, yMax: source.height - 1)
        let fromMetadata = EXRWindow(metadata: metadata["dataWindow"])
            .flatMap { $0.width == source.width && $0.height == source.height ? $0 : nil }
        dataWindow = fromMetadata ?? fallback
        let display = EXRWindow(metadata: metadata["displayWindow"])
        if let display, fromMetadata != nil || (metadata["dataWindow"] == nil && display == fallback) {
            displayWindow = display
        } else {
            displayWindow = dataWindow
        }
        name = metadata["name"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? "part\(index)"
        storage = EXRAttributeStorage(metadata)
        channelNames = storage.cStrings(image.channelNames)
        attributes = storage.cArray(storage.attributes)
        nameString = storage.cString(name)
    }

    /// half for half and integer images, float for float images, unless the metadata's
    /// bit_depth says 16 or 32.
    static func defaultPixelType(_ format: PixelFormat, _ bitDepth: MetadataValue?) -> PixelFormat {
        switch bitDepth {
        case .int(16)?: return .f16
        case .int(32)?: return .f32
        default: return format == .f32 ? .f32 : .f16
        }
    }

    /// The C description; its pointers live as long as this object.
    func spec(multiPart: Bool) -> CEXRPartSpec {
        var spec = CEXRPartSpec()
        spec.data_window = dataWindow.cValues
        spec.display_window = displayWindow.cValues
        spec.compression = compression.code
        spec.dwa_compression_level = Float(dwaCompressionLevel ?? 0)
        spec.tile_width = Int32(tileSize?.width ?? 0)
        spec.tile_height = Int32(tileSize?.height ?? 0)
        spec.pixel_type = Int32(image.format == .f16 ? CEXR_HALF : CEXR_FLOAT)
        spec.name = multiPart ? nameString : nil
        spec.channel_count = Int32(image.channels)
        spec.channel_names = channelNames
        spec.pixels = UnsafePointer(image.pixels.baseAddress.assumingMemoryBound(to: CChar.self))
        spec.y_stride = image.rowBytes
        spec.attributes = attributes
        spec.attribute_count = Int32(storage.attributes.count)
        return spec
    }
}
