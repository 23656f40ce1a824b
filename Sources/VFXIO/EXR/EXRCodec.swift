import CEXR
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// OpenEXR files through OpenEXR 3.1 (the CEXR target): half, float and uint channels,
/// every compression (DWAA/DWAB included), scanline and tiled, layers and multi-part.
/// Pixels are decoded straight into the returned image's memory and chunks written as they
/// are compressed, chunks in parallel on every core (CEXRLibrary: core_read.cpp,
/// fast_write.cpp); what those do not cover goes through the C++ API.
public enum EXRCodec: ImageCodec {
    public static let declaration = FormatDeclaration(
        format: .exr, extensions: ["exr", "sxr", "mxr"], signatures: [[0x76, 0x2F, 0x31, 0x01]], metadataPrefix: nil,
        writeOptions: [
            WriteOptionSpec("compression", .choice(EXRCompression.names),
                            default: "metadata['compression'] if it is one, else 'zip'"),
            WriteOptionSpec("pixel_type", .choice(["half", "float"]),
                            default: "from metadata['bit_depth'], else 'float' for f32 images and 'half' otherwise"),
            WriteOptionSpec("bit_depth", .intChoice([16, 32]), default: "as pixel_type (16: half, 32: float)"),
            WriteOptionSpec("tile_size", .size(1...65536, step: 1), default: "scanlines"),
            WriteOptionSpec("dwa_compression_level", .positive(maximum: 1_000_000), default: "45 (OpenEXR's)"),
        ])

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
        /// OpenEXRCore only; `unsupported` where it does not apply (type conversions).
        case core
        /// The C++ API only.
        case cpp
    }

    /// Whether OpenEXR's own codecs (DWAA/DWAB, the C++ API's ZIP and PXR24) inflate with
    /// libdeflate, the default, or with zlib, which gives the same bytes more slowly (tests
    /// compare the two). Returns how many of OpenEXR's call slots were set; nil when none
    /// could be (the library does not load, or calls zlib in a way that was not found).
    package static func setLibraryInflate(libdeflate: Bool) -> Int? {
        let slots = cexr_set_library_inflate(libdeflate ? 1 : 0)
        return slots > 0 ? Int(slots) : nil
    }

    /// Reads with a chosen decoder (`automatic` is what `read(path:request:)` does; the
    /// others let tests compare the two decoders bit for bit).
    public static func read(path: String, request: ReadRequest, decoder: Decoder) throws(VFXError) -> ImageWithMetadata {
        let file = try EXRFile(path: path)
        let part = try file.part(request.subimage)
        let plan = try EXRReadPlan(path: path, part: part, layer: request.layer)
        try plan.checkSize()
        try plan.checkPlausible(fileSize: fileSize(path))
        let image = try Image.uninitialized(width: part.dataWindow.width, height: part.dataWindow.height,
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
            // The Core reader is faster; what it cannot do (a type conversion) or fails on
            // goes through the C++ API, whose error is reported.
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
        /// Parts scanline or tiled at one level, single- or multi-part: the parallel chunk
        /// writer (headers serialized by OpenEXR); anything else: the C++ API.
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

// Reading and writing by bands (`Streaming`).
extension EXRCodec {
    public static func regionReader(path: String, subimage: Int) throws(VFXError) -> any RegionReader {
        return try EXRRegionReader(path: path, subimage: subimage)
    }

    public static func regionWriter(path: String, renamedTo: [CChar]?, target: RegionTarget,
                                    options: WriteOptions) throws(VFXError) -> any RegionWriter {
        try EXRRegionWriter(path: path, renamedTo: renamedTo, target: target, options: options)
    }
}
