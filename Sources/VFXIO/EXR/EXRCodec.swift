import CEXR
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// OpenEXR files through OpenEXR 3.1's C++ API (the CEXR target): half, float and uint
/// channels, every compression (DWAA/DWAB included), scanline and tiled, layers and
/// multi-part. Pixels are decoded straight into the returned image's memory, chunks in
/// parallel on OpenEXR's thread pool.
public enum EXRCodec: ImageCodec {
    public static var format: FileFormat { .exr }

    public static func info(path: String, subimage: Int) throws(VFXError) -> ImageInfo {
        let file = try EXRFile(path: path)
        let part = try file.part(subimage)
        let selection = try EXRReadPlan(path: path, part: part, layer: nil)
        return ImageInfo(format: .exr, width: part.dataWindow.width, height: part.dataWindow.height,
                         channels: selection.channels.count, pixelFormat: selection.pixelFormat,
                         channelNames: selection.channels.map(\.name),
                         metadata: selection.metadata(part), subimageCount: file.partCount)
    }

    public static func read(path: String, request: ReadRequest) throws(VFXError) -> ImageWithMetadata {
        try read(path: path, request: request, decoder: .automatic)
    }

    /// Which OpenEXR decoder `read(path:request:decoder:)` uses.
    public enum Decoder: Sendable {
        /// OpenEXRCore where it applies (faster), else the C++ API.
        case automatic
        /// OpenEXRCore only; `unsupported` where it does not apply (DWA, tiles, conversions).
        case core
        /// The C++ API only.
        case cpp
    }

    /// Reads with a chosen decoder (`automatic` is what `read(path:request:)` does; the
    /// others let tests compare the two decoders bit for bit).
    public static func read(path: String, request: ReadRequest, decoder: Decoder) throws(VFXError) -> ImageWithMetadata {
        let file = try EXRFile(path: path)
        let part = try file.part(request.subimage)
        let plan = try EXRReadPlan(path: path, part: part, layer: request.layer)
        try plan.checkSize()
        try plan.checkPlausible(fileSize: fileSize(path))
        let image = try Image(width: part.dataWindow.width, height: part.dataWindow.height,
                              channels: plan.channels.count, format: plan.pixelFormat)
        image.channelNames = plan.channels.map(\.name)
        let bytes = plan.pixelFormat.bytesPerComponent
        let sliceType = Int32(plan.pixelFormat == .f16 ? CEXR_HALF : CEXR_FLOAT)
        let base = image.pixels.baseAddress.assumingMemoryBound(to: CChar.self)
        // The channel names must stay alive across the call: keep them as C strings.
        let names = plan.channels.map { strdup($0.name) }
        defer { names.forEach { free($0) } }
        var slices: [CEXRSlice] = []
        for (index, name) in names.enumerated() {
            slices.append(CEXRSlice(name: UnsafePointer(name), type: sliceType, base: base + index * bytes,
                                    x_stride: image.channels * bytes, y_stride: image.rowBytes))
        }
        try withExtendedLifetime(image) { () throws(VFXError) in
            // OpenEXRCore decodes scanline files faster; anything it cannot do (DWA, tiles,
            // type conversion) or fails on goes through the C++ API, whose error is reported.
            switch decoder {
            case .automatic:
                if plan.canUseCore, file.readPixelsFast(part: request.subimage, slices: slices) { return }
            case .core:
                guard plan.canUseCore else { throw .unsupported("\(path): OpenEXRCore 3.1 cannot decode this part") }
                try file.readPixelsCore(part: request.subimage, slices: slices)
                return
            case .cpp:
                break
            }
            try file.readPixels(part: request.subimage, slices: slices)
        }
        return ImageWithMetadata(image: image, metadata: plan.metadata(part))
    }

    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions) throws(VFXError) {
        try EXRWriter.write(images, to: path, options: options, encoder: .automatic)
    }

    /// Which encoder `write(_:to:options:encoder:)` uses.
    public enum Encoder: Sendable {
        /// Single-part scanline ZIP/ZIPS: chunks compressed in parallel with libdeflate
        /// (header serialized by OpenEXR); everything else: the C++ API.
        case automatic
        /// The OpenEXR C++ API for every file.
        case cpp
    }

    /// Writes with a chosen encoder (`automatic` is what `write(_:to:options:)` does).
    public static func write(_ images: [ImageWithMetadata], to path: String, options: WriteOptions,
                             encoder: Encoder) throws(VFXError) {
        try EXRWriter.write(images, to: path, options: options, encoder: encoder)
    }

    private static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : Int.max
    }
}

/// Which channels a read decodes, in which order and storage format, and the checks of
/// the header's claimed size made before allocating.
struct EXRReadPlan {
    let path: String
    let channels: [EXRFile.Channel]
    let pixelFormat: PixelFormat
    let part: EXRFile.Part

    init(path: String, part: EXRFile.Part, layer: String?) throws(VFXError) {
        self.path = path
        self.part = part
        let names = part.channels.map(\.name)
        let order = EXRChannelOrder.ordered(names, layer: layer)
        guard !order.isEmpty else {
            if let layer {
                let layers = EXRChannelOrder.layers(of: names).map { $0.isEmpty ? "'' (no layer)" : "'\($0)'" }
                throw .invalidArgument(name: "layer", message: "'\(layer)' is not in \(path); its layers: "
                    + layers.joined(separator: ", "))
            }
            throw .format(path: path, message: "the part has no channels")
        }
        channels = order.map { part.channels[$0] }
        pixelFormat = channels.allSatisfy { $0.type == Int32(CEXR_HALF) } ? .f16 : .f32
        let window = part.dataWindow
        guard window.xMax >= window.xMin, window.yMax >= window.yMin else {
            throw .format(path: path, message: "the data window (\(window.xMin), \(window.yMin), \(window.xMax), "
                + "\(window.yMax)) is empty")
        }
    }

    /// True when OpenEXRCore 3.1 can decode the part straight into the image: scanline,
    /// not DWA, every channel already in the image's type. Core 3.1.5 also decodes the
    /// float channels of B44/B44A parts wrongly (they differ from the C++ API and OIIO),
    /// so those take the C++ path unless every channel is half.
    var canUseCore: Bool {
        guard !part.isTiled, let compression = part.compression, compression != .dwaa, compression != .dwab else {
            return false
        }
        if compression == .b44 || compression == .b44a,
           !part.channels.allSatisfy({ $0.type == Int32(CEXR_HALF) }) {
            return false
        }
        let wanted = Int32(pixelFormat == .f16 ? CEXR_HALF : CEXR_FLOAT)
        return channels.allSatisfy { $0.type == wanted }
    }

    /// Checks the claimed size against `ImageLimits` (before anything is allocated).
    func checkSize() throws(VFXError) {
        let window = part.dataWindow
        do {
            _ = try ImageLimits.byteCount(width: window.width, height: window.height, channels: channels.count,
                                          format: pixelFormat)
        } catch {
            switch error {
            case .outOfMemory(let message): throw .outOfMemory("\(path): \(message)")
            case .invalidArgument(_, let message): throw .format(path: path, message: "the header claims an image whose \(message)")
            default: throw error
            }
        }
    }

    /// Refuses headers whose chunk count cannot fit in the file (each chunk needs at
    /// least an 8-byte offset), before any pixel memory is allocated.
    func checkPlausible(fileSize: Int) throws(VFXError) {
        let window = part.dataWindow
        let chunks: Int
        if part.isTiled, part.tileWidth > 0, part.tileHeight > 0 {
            let (tiles, tileOverflow) = ((window.width + part.tileWidth - 1) / part.tileWidth)
                .multipliedReportingOverflow(by: (window.height + part.tileHeight - 1) / part.tileHeight)
            chunks = tileOverflow ? Int.max / 8 + 1 : tiles
        } else {
            let lines = part.compression?.linesPerChunk ?? 1
            chunks = (window.height + lines - 1) / lines
        }
        let (needed, overflow) = chunks.multipliedReportingOverflow(by: 8)
        if overflow || needed > fileSize {
            throw .format(path: path, message: "truncated or corrupt: the header claims a \(window.width)x"
                + "\(window.height) image in \(chunks) chunks, but the file holds only \(fileSize) bytes")
        }
    }

    /// The part's attributes plus vfxpy's generic keys.
    func metadata(_ part: EXRFile.Part) -> Metadata {
        var metadata = part.attributes
        metadata["bit_depth"] = .int(pixelFormat == .f16 ? 16 : 32)
        metadata["dataWindow"] = part.dataWindow.metadata
        metadata["displayWindow"] = part.displayWindow.metadata
        if let compression = part.compression { metadata["compression"] = .string(compression.rawValue) }
        return metadata
    }
}
