import CEXR
import VFXCore

/// One part ready to encode: pixels in the chosen float type, windows, attributes.
final class EXRPreparedPart {
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
        var seen: Set<String> = []
        for name in source.channelNames {
            guard !name.isEmpty else {
                throw .invalidArgument(name: "img.channel_names", message: "has an empty name; EXR channels need names")
            }
            guard seen.insert(name).inserted else {
                throw .invalidArgument(name: "img.channel_names", message: "has '\(name)' twice; EXR channel names must be unique")
            }
        }
        let pixelType = settings.pixelType ?? EXRPreparedPart.defaultPixelType(source.format, metadata["bit_depth"])
        image = source.format == pixelType ? source : try source.converted(to: pixelType)
        compression = settings.compression
            ?? metadata["compression"].flatMap { $0.text.flatMap { EXRCompression(rawValue: $0.lowercased()) } } ?? .zip
        tileSize = settings.tileSize
        dwaCompressionLevel = settings.dwaCompressionLevel
        (dataWindow, displayWindow) = EXRPreparedPart.windows(metadata, width: source.width, height: source.height)
        name = metadata["name"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? "part\(index)"
        storage = EXRAttributeStorage(metadata)
        channelNames = storage.cStrings(image.channelNames)
        attributes = storage.cArray(storage.attributes)
        nameString = storage.cString(name)
    }

    /// The data and display windows of a `width` x `height` image: the metadata's when
    /// its data window has that size, else (0, 0)-based ones.
    static func windows(_ metadata: Metadata, width: Int, height: Int) -> (data: EXRWindow, display: EXRWindow) {
        let fallback = EXRWindow(xMin: 0, yMin: 0, xMax: width - 1, yMax: height - 1)
        let fromMetadata = EXRWindow(metadata: metadata["dataWindow"])
            .flatMap { $0.width == width && $0.height == height ? $0 : nil }
        let data = fromMetadata ?? fallback
        let display = EXRWindow(metadata: metadata["displayWindow"])
        if let display, fromMetadata != nil || (metadata["dataWindow"] == nil && display == fallback) {
            return (data, display)
        }
        return (data, data)
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
