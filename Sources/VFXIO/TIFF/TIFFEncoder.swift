import CTIFF
import VFXCore

/// Writes images as TIFF pages through libtiff.
enum TIFFEncoder {
    static let compressions = ["none", "lzw", "zip"]
    static let bitDepths = [8, 16, 32]
    /// Rows per strip of compressed files: small enough to decode in parallel, large
    /// enough to compress well (OIIO uses 32 too).
    static let compressedRowsPerStrip = 32
    /// The largest tile side `tile_size` takes (each worker holds one tile in memory).
    static let largestTile = 4096

    /// The options of one write, checked.
    struct Settings {
        var compression: String?
        var bitDepth: Int?
        var tileSize: (width: Int, height: Int)?

        /// From options already checked against `TIFFCodec.declaration`.
        init(_ options: WriteOptions) throws(VFXError) {
            compression = try options.choice("compression")
            bitDepth = try options.int("bit_depth")
            if let size = try options.ints("tile_size"), size.count == 2 { tileSize = (size[0], size[1]) }
        }
    }

    static func write(_ images: [ImageWithMetadata], to path: String, settings: Settings) throws(VFXError) {
        var total = 0
        for item in images {
            let depth = bitDepth(for: item, settings)
            total += item.image.componentCount * (depth == 8 ? 1 : depth == 16 ? 2 : 4)
        }
        // Classic TIFF addresses 4 GiB; leave room for the tags and strip tables.
        let handle = try TIFFHandle.create(path, big: total > 0xF000_0000)
        for item in images { try writePage(item, to: handle, settings: settings) }
    }

    static func bitDepth(for item: ImageWithMetadata, _ settings: Settings) -> Int {
        bitDepth(format: item.image.format, metadata: item.metadata, settings)
    }

    static func bitDepth(format: PixelFormat, metadata: Metadata, _ settings: Settings) -> Int {
        if let depth = settings.bitDepth { return depth }
        if let depth = metadata["bit_depth"]?.number.map({ Int($0) }), bitDepths.contains(depth) { return depth }
        switch format {
        case .u8: return 8
        case .u16, .f16: return 16
        case .f32: return 32
        }
    }

    static func compression(metadata: Metadata, _ settings: Settings) -> String {
        if let name = settings.compression { return name }
        if let name = metadata["compression"]?.text?.lowercased(), compressions.contains(name) { return name }
        return "zip"
    }

    /// How one page is stored: its sample format, compression and chunks (set as tags by `beginPage`).
    struct Page {
        var target: PixelFormat
        var compression: Int32
        var predictor: Int32
        var tileSize: (width: Int, height: Int)?
        var rowsPerStrip: Int
    }

    /// Sets the tags of a page of `width` x `height` pixels of `channels` channels whose
    /// pixels come in `format`, with `metadata`: everything but the pixels.
    static func beginPage(width: Int, height: Int, channels: Int, format: PixelFormat, metadata: Metadata,
                          settings: Settings, to handle: TIFFHandle) throws(VFXError) -> Page {
        let depth = bitDepth(format: format, metadata: metadata, settings)
        let target: PixelFormat = switch depth {
        case 8: .u8
        case 32: .f32
        default: format == .f16 ? .f16 : .u16
        }
        let compression: Int32 = switch compression(metadata: metadata, settings) {
        case "none": COMPRESSION_NONE
        case "lzw": COMPRESSION_LZW
        default: COMPRESSION_ADOBE_DEFLATE
        }
        guard width <= Int(UInt32.max), height <= Int(UInt32.max) else {
            throw .invalidArgument(name: "img", message: "is too large for TIFF")
        }
        try handle.set(TIFFTAG_IMAGEWIDTH, u32: UInt32(width))
        try handle.set(TIFFTAG_IMAGELENGTH, u32: UInt32(height))
        try handle.set(TIFFTAG_SAMPLESPERPIXEL, u16: UInt16(channels))
        try handle.set(TIFFTAG_BITSPERSAMPLE, u16: UInt16(target.bytesPerComponent * 8))
        try handle.set(TIFFTAG_SAMPLEFORMAT, u16: UInt16(target.isFloat ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT))
        try handle.set(TIFFTAG_PLANARCONFIG, u16: UInt16(PLANARCONFIG_CONTIG))
        try handle.set(TIFFTAG_PHOTOMETRIC, u16: UInt16(channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK))
        try handle.set(TIFFTAG_COMPRESSION, u16: UInt16(compression))
        if compression != COMPRESSION_NONE {
            try handle.set(TIFFTAG_PREDICTOR, u16: UInt16(target.isFloat ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL))
        }
        let colors = channels >= 3 ? 3 : 1
        if channels > colors {
            // The first extra channel is alpha (not premultiplied), the rest unspecified.
            let extras = [UInt16(EXTRASAMPLE_UNASSALPHA)]
                + [UInt16](repeating: UInt16(EXTRASAMPLE_UNSPECIFIED), count: channels - colors - 1)
            try handle.setExtraSamples(extras)
        }
        try TIFFMetadata.write(metadata, to: handle)
        let predictor = target.isFloat ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL
        let rowBytes = width * channels * target.bytesPerComponent
        var rows = min(height, compression == COMPRESSION_NONE ? max(1, (1 << 20) / max(1, rowBytes)) : compressedRowsPerStrip)
        if let tile = settings.tileSize {
            // Each worker holds one tile: it must fit the memory limit like an image.
            _ = try ImageLimits.byteCount(width: tile.width, height: tile.height, channels: channels, format: target)
            try handle.set(TIFFTAG_TILEWIDTH, u32: UInt32(tile.width))
            try handle.set(TIFFTAG_TILELENGTH, u32: UInt32(tile.height))
            rows = min(height, tile.height)
        } else {
            try handle.set(TIFFTAG_ROWSPERSTRIP, u32: UInt32(rows))
        }
        return Page(target: target, compression: compression, predictor: predictor, tileSize: settings.tileSize,
                    rowsPerStrip: rows)
    }

    private static func writePage(_ item: ImageWithMetadata, to handle: TIFFHandle, settings: Settings) throws(VFXError) {
        let page = try beginPage(width: item.image.width, height: item.image.height, channels: item.image.channels,
                                 format: item.image.format, metadata: item.metadata, settings: settings, to: handle)
        let image = try RasterSupport.image(item.image, as: page.target)
        if let tile = page.tileSize {
            if page.compression == COMPRESSION_ADOBE_DEFLATE {
                try TIFFParallelDeflate.write(image, layout: .tiles(width: tile.width, height: tile.height),
                                              predictor: page.predictor, to: handle)
            } else {
                try writeTiles(image, tile: tile, to: handle)
            }
        } else if page.compression == COMPRESSION_ADOBE_DEFLATE {
            try TIFFParallelDeflate.write(image, layout: .strips(rows: page.rowsPerStrip), predictor: page.predictor,
                                          to: handle)
        } else {
            try writeStrips(image, rowsPerStrip: page.rowsPerStrip, compressed: page.compression != COMPRESSION_NONE,
                            to: handle)
        }
        guard ctiff_write_directory(handle.tiff) != 0, !handle.hasError else { throw handle.failure("cannot write") }
    }

    /// Strips in order (LZW, or no compression). libtiff's predictor changes the buffer it is given, so compressed
    /// strips go through a scratch copy.
    private static func writeStrips(_ image: Image, rowsPerStrip: Int, compressed: Bool,
                                    to handle: TIFFHandle) throws(VFXError) {
        let strips = (image.height + rowsPerStrip - 1) / rowsPerStrip
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: compressed ? rowsPerStrip * image.rowBytes : 1,
                                                       alignment: 64)
        defer { scratch.deallocate() }
        for strip in 0..<strips {
            let rows = min(rowsPerStrip, image.height - strip * rowsPerStrip)
            let size = rows * image.rowBytes
            let source = image.pixels.baseAddress + strip * rowsPerStrip * image.rowBytes
            var data = source
            if compressed {
                data = scratch
                data.copyMemory(from: source, byteCount: size)
            }
            let written = ctiff_write_encoded_strip(handle.tiff, UInt32(strip), data, tmsize_t(size))
            guard written == size, !handle.hasError else { throw handle.failure("cannot write strip \(strip)") }
        }
    }

    /// Tiles in row-major order, padded with zeros past the image's right and bottom edges.
    private static func writeTiles(_ image: Image, tile: (width: Int, height: Int), to handle: TIFFHandle) throws(VFXError) {
        let pixelBytes = image.pixelBytes
        let tileRowBytes = tile.width * pixelBytes
        let size = tileRowBytes * tile.height
        let base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { base.deallocate() }
        let across = (image.width + tile.width - 1) / tile.width
        let down = (image.height + tile.height - 1) / tile.height
        for row in 0..<down {
            for column in 0..<across {
                let x = column * tile.width, y = row * tile.height
                let width = min(tile.width, image.width - x), height = min(tile.height, image.height - y)
                let index = row * across + column
                do {
                    if width < tile.width || height < tile.height { base.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
                    for line in 0..<height {
                        (base + line * tileRowBytes).copyMemory(
                            from: image.pixels.baseAddress + (y + line) * image.rowBytes + x * pixelBytes,
                            byteCount: width * pixelBytes)
                    }
                }
                let written = ctiff_write_encoded_tile(handle.tiff, UInt32(index), base, tmsize_t(size))
                guard written == size, !handle.hasError else { throw handle.failure("cannot write tile \(index)") }
            }
        }
    }
}
