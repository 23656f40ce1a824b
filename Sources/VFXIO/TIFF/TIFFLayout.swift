import CTIFF
import VFXCore

/// How one TIFF directory (page) stores its pixels, and how vfxpy reads them.
struct TIFFLayout {
    enum Path {
        /// Samples vfxpy stores as they are (8/16-bit unsigned, 16/32-bit float):
        /// strips or tiles decoded straight into the image, in parallel.
        case direct(PixelFormat)
        /// Anything else libtiff can turn into 8-bit RGBA (palette, YCbCr/JPEG, CMYK,
        /// 1/2/4-bit): TIFFReadRGBAImage, then the channels the file has.
        case rgba
    }

    var width: Int
    var height: Int
    var samples: Int
    var bitsPerSample: Int
    var sampleFormat: UInt16
    var photometric: UInt16
    var planarSeparate: Bool
    var tiled: Bool
    var tileWidth: Int
    var tileHeight: Int
    var rowsPerStrip: Int
    var extraSamples: [UInt16]
    var compression: UInt16
    var path: Path
    /// Channels of the image read (for `.rgba`, 1 or 3 plus alpha if the file has one).
    var channels: Int

    init(_ handle: TIFFHandle) throws(VFXError) {
        let path = handle.path
        guard let width = handle.u32(TIFFTAG_IMAGEWIDTH), let height = handle.u32(TIFFTAG_IMAGELENGTH) else {
            throw .format(path: path, message: "invalid header: no ImageWidth/ImageLength")
        }
        self.width = Int(width)
        self.height = Int(height)
        samples = Int(handle.u16Defaulted(TIFFTAG_SAMPLESPERPIXEL) ?? 1)
        bitsPerSample = Int(handle.u16Defaulted(TIFFTAG_BITSPERSAMPLE) ?? 1)
        sampleFormat = handle.u16Defaulted(TIFFTAG_SAMPLEFORMAT) ?? UInt16(SAMPLEFORMAT_UINT)
        compression = handle.u16Defaulted(TIFFTAG_COMPRESSION) ?? UInt16(COMPRESSION_NONE)
        extraSamples = handle.extraSamples()
        let planar = handle.u16Defaulted(TIFFTAG_PLANARCONFIG) ?? UInt16(PLANARCONFIG_CONTIG)
        planarSeparate = planar == PLANARCONFIG_SEPARATE && samples > 1
        tiled = ctiff_is_tiled(handle.tiff) != 0
        tileWidth = Int(handle.u32(TIFFTAG_TILEWIDTH) ?? 0)
        tileHeight = Int(handle.u32(TIFFTAG_TILELENGTH) ?? 0)
        // A missing RowsPerStrip means one strip for the whole image.
        rowsPerStrip = Int(min(handle.u32(TIFFTAG_ROWSPERSTRIP) ?? height, max(height, 1)))
        let defaultPhotometric = samples >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK
        photometric = handle.u16(TIFFTAG_PHOTOMETRIC) ?? UInt16(defaultPhotometric)
        guard samples >= 1 else { throw .format(path: path, message: "invalid header: SamplesPerPixel is 0") }
        if tiled {
            // A tile larger than both the image (rounded up to 16) and 4096 is a damaged
            // header, not a layout any writer uses: refuse it before allocating one.
            let widest = max(4096, (Int(width) + 15) / 16 * 16), tallest = max(4096, (Int(height) + 15) / 16 * 16)
            guard (1...widest).contains(tileWidth), (1...tallest).contains(tileHeight) else {
                throw .format(path: path, message: "invalid header: tile size \(tileWidth)x\(tileHeight) "
                    + "for a \(width)x\(height) image")
            }
        }
        rowsPerStrip = max(1, rowsPerStrip)

        let directPhotometric = [PHOTOMETRIC_MINISBLACK, PHOTOMETRIC_MINISWHITE, PHOTOMETRIC_RGB].map { UInt16($0) }
        let noDecoderConversion = compression != COMPRESSION_OJPEG && compression != COMPRESSION_JPEG
            || photometric != PHOTOMETRIC_YCBCR
        let format: PixelFormat? = switch (Int32(sampleFormat), bitsPerSample) {
        case (SAMPLEFORMAT_UINT, 8): .u8
        case (SAMPLEFORMAT_UINT, 16): .u16
        case (SAMPLEFORMAT_IEEEFP, 16): .f16
        case (SAMPLEFORMAT_IEEEFP, 32): .f32
        default: nil
        }
        let rgbNeedsThree = photometric != PHOTOMETRIC_RGB || samples >= 3
        if let format, directPhotometric.contains(photometric), noDecoderConversion, rgbNeedsThree,
           !(photometric == PHOTOMETRIC_MINISWHITE && format.isFloat) {
            self.path = .direct(format)
            channels = samples
            return
        }
        if let format, format.isFloat,
           !directPhotometric.contains(photometric) || !rgbNeedsThree || photometric == PHOTOMETRIC_MINISWHITE {
            // The samples are fine; it is the color model that has no float decoder.
            let code = photometric
            let model = TIFFLayout.photometricNames[Int32(code)].map { "\(code), \($0)" } ?? "\(code)"
            throw .unsupported("\(path): photometric interpretation \(model) with \(samples) float "
                + "sample(s) per pixel is not supported (float TIFFs are read as gray or RGB)")
        }
        guard sampleFormat == SAMPLEFORMAT_UINT || sampleFormat == SAMPLEFORMAT_VOID else {
            let kind = sampleFormat == SAMPLEFORMAT_INT ? "signed integer" : sampleFormat == SAMPLEFORMAT_IEEEFP ? "float" : "complex"
            throw .unsupported("\(path): \(bitsPerSample)-bit \(kind) TIFF samples are not supported "
                + "(vfxpy reads 8/16-bit unsigned and 16/32-bit float)")
        }
        var reason = [CChar](repeating: 0, count: 1024)
        guard ctiff_rgba_image_ok(handle.tiff, &reason) != 0 else {
            let text = reason.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { RasterSupport.text(cString: $0) } ?? ""
            }
            throw .unsupported("\(path): this TIFF layout is not supported (\(bitsPerSample)-bit, photometric "
                + "\(photometric)): \(text)")
        }
        self.path = .rgba
        let gray = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE
        let hasAlpha = extraSamples.contains { $0 == EXTRASAMPLE_ASSOCALPHA || $0 == EXTRASAMPLE_UNASSALPHA }
        channels = (gray ? 1 : 3) + (hasAlpha ? 1 : 0)
    }

    var pixelFormat: PixelFormat {
        if case .direct(let format) = path { return format }
        return .u8
    }

    /// Channel names: Y / Y A for gray, R G B / R G B A, then the default names.
    var channelNames: [String] {
        let gray = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE
        if gray, channels <= 2 { return Array(["Y", "A"].prefix(channels)) }
        return Image.defaultChannelNames(count: channels)
    }

    /// The bit depth the file stores (8, 16 or 32; 1/2/4 for bilevel and low-depth files).
    var bitDepth: Int { bitsPerSample }

    /// OIIO's name of the compression.
    var compressionName: String { TIFFLayout.compressionNames[Int32(compression)] ?? "compression \(compression)" }

    static let photometricNames: [Int32: String] = [
        PHOTOMETRIC_MINISWHITE: "min-is-white", PHOTOMETRIC_MINISBLACK: "min-is-black", PHOTOMETRIC_RGB: "RGB",
        PHOTOMETRIC_PALETTE: "palette", PHOTOMETRIC_MASK: "mask", PHOTOMETRIC_SEPARATED: "separated (CMYK)",
        PHOTOMETRIC_YCBCR: "YCbCr", PHOTOMETRIC_CIELAB: "CIE L*a*b*", PHOTOMETRIC_LOGLUV: "LogLuv",
    ]

    static let compressionNames: [Int32: String] = [
        COMPRESSION_NONE: "none", COMPRESSION_LZW: "lzw", COMPRESSION_ADOBE_DEFLATE: "zip",
        COMPRESSION_DEFLATE: "zip", COMPRESSION_PACKBITS: "packbits", COMPRESSION_JPEG: "jpeg",
        COMPRESSION_OJPEG: "jpeg", COMPRESSION_CCITTRLE: "ccittrle", COMPRESSION_CCITTFAX3: "ccittfax3",
        COMPRESSION_CCITTFAX4: "ccittfax4", COMPRESSION_LZMA: "lzma", COMPRESSION_ZSTD: "zstd", COMPRESSION_WEBP: "webp",
    ]
}
