import CJPEG
import Synchronization
import VFXCore

/// JPEG bytes TurboJPEG allocated (cjpeg_tj_compress2 or cjpeg_tj_alloc), freed with it.
final class JPEGBytes: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int

    init(pointer: UnsafeMutablePointer<UInt8>, count: Int) {
        self.pointer = pointer
        self.count = count
    }

    deinit { cjpeg_tj_free(pointer) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }
}

/// Compresses an image with TurboJPEG (accurate integer DCT, as libjpeg's default); large
/// images in strips on all cores (`JPEGStrips`).
enum JPEGEncoder {
    static func encode(_ source: Image, quality: Int, subsampling: String, path: String) throws(VFXError) -> JPEGBytes {
        try JPEGDecoder.requireLibrary()
        try checkSize(width: source.width, height: source.height)
        let image = try pixels(of: source)
        let (pixelFormat, sampling) = modes(channels: image.channels, subsampling: subsampling)
        let base = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self))
        let (width, height, rowBytes) = (image.width, image.height, image.rowBytes)
        func compress(rows: Range<Int>) throws(VFXError) -> JPEGBytes {
            try encodeRows(base.value + rows.lowerBound * rowBytes, width: width, rowBytes: rowBytes, height: rows.count,
                           pixelFormat: pixelFormat, sampling: sampling, quality: quality, path: path)
        }
        guard let stripRows = JPEGStrips.stripRows(width: width, height: height, sampling: sampling,
                                                   workers: Parallel.workerCount) else {
            return try compress(rows: 0..<height)
        }
        // strips of whole MCU rows on all cores, joined with restart markers
        let encoded = try encodeStrips(base.value, width: width, rowBytes: rowBytes, height: height,
                                       stripRows: stripRows, pixelFormat: pixelFormat, sampling: sampling,
                                       quality: quality, path: path)
        let interval = JPEGStrips.restartInterval(width: width, stripRows: stripRows, sampling: sampling)
        if let joined = JPEGStrips.join(encoded, height: height, restartInterval: interval) { return joined }
        return try compress(rows: 0..<height)
    }

    /// `height` rows from `pixels` encoded in strips of `stripRows` rows (the last may be
    /// shorter), one TurboJPEG call each, on all cores: the whole write's strips and a
    /// batch of the band writer's. `.cancelled` when a cancel stopped the loop.
    static func encodeStrips(_ pixels: UnsafePointer<UInt8>, width: Int, rowBytes: Int, height: Int, stripRows: Int,
                             pixelFormat: TJPF, sampling: TJSAMP, quality: Int,
                             path: String) throws(VFXError) -> [JPEGBytes] {
        let base = UnsafeSendable(pixels)
        let strips = (height + stripRows - 1) / stripRows
        let results = Mutex<[Result<JPEGBytes, VFXError>?]>(Array(repeating: nil, count: strips))
        Parallel.forEachRange(strips, grain: 1) { range in
            for k in range {
                let rows = (k * stripRows)..<min(height, (k + 1) * stripRows)
                let result = Result { () throws(VFXError) in
                    try encodeRows(base.value + rows.lowerBound * rowBytes, width: width, rowBytes: rowBytes,
                                   height: rows.count, pixelFormat: pixelFormat, sampling: sampling, quality: quality,
                                   path: path)
                }
                results.withLock { $0[k] = result }
            }
        }
        try Cancellation.check()
        var encoded: [JPEGBytes] = []
        for result in results.withLock({ $0 }) {
            guard let result else { throw .cancelled }
            encoded.append(try result.get())
        }
        return encoded
    }

    /// TurboJPEG's encoding of `height` rows from `pixels` (accurate integer DCT).
    static func encodeRows(_ pixels: UnsafePointer<UInt8>, width: Int, rowBytes: Int, height: Int, pixelFormat: TJPF,
                           sampling: TJSAMP, quality: Int, path: String) throws(VFXError) -> JPEGBytes {
        guard let handle = cjpeg_tj_init_compress() else { throw .outOfMemory("\(path): cannot create a TurboJPEG encoder") }
        defer { cjpeg_tj_destroy(handle) }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = cjpeg_tj_compress2(handle, pixels, Int32(width), Int32(rowBytes), Int32(height), pixelFormat.rawValue,
                                 &output, &size, Int32(sampling.rawValue), Int32(quality), TJFLAG_ACCURATEDCT)
        guard status == 0, let output else {
            if let output { cjpeg_tj_free(output) }
            throw .format(path: path, message: "cannot encode: \(JPEGDecoder.message(handle))")
        }
        return JPEGBytes(pointer: output, count: Int(size))
    }

    static func checkSize(width: Int, height: Int) throws(VFXError) {
        guard width <= 65535, height <= 65535 else {
            throw .invalidArgument(name: "img", message: "is \(width)x\(height), over JPEG's limit of 65535 a side")
        }
    }

    /// TurboJPEG's pixel format and sampling for pixels of `channels` (1, 3 or 4, as
    /// `pixels(of:)` makes them).
    static func modes(channels: Int, subsampling: String) -> (TJPF, TJSAMP) {
        switch channels {
        case 1: (TJPF_GRAY, TJSAMP_GRAY)
        case 3: (TJPF_RGB, samplingMode(subsampling))
        default: (TJPF_RGBX, samplingMode(subsampling))
        }
    }

    /// Channels `pixels(of:)` gives an image of `channels`.
    static func storedChannels(_ channels: Int) -> Int {
        switch channels {
        case 1, 3, 4: channels
        case 2: 1
        default: 3
        }
    }

    static func samplingMode(_ name: String) -> TJSAMP {
        switch name {
        case "422": TJSAMP_422
        case "420": TJSAMP_420
        default: TJSAMP_444
        }
    }

    /// The image as u8 with 1, 3 or 4 channels (the 4th is skipped by TJPF_RGBX): gray+
    /// alpha becomes gray, more than 4 channels keep the first three.
    static func pixels(of source: Image) throws(VFXError) -> Image {
        let image = try RasterSupport.image(source, as: .u8)
        let stored = storedChannels(image.channels)
        return stored == image.channels ? image : try firstChannels(of: image, count: stored)
    }

    /// A u8 image with the first `count` channels of `image`.
    static func firstChannels(of image: Image, count: Int) throws(VFXError) -> Image {
        let result = try Image(width: image.width, height: image.height, channels: count, format: .u8)
        let source = UnsafeSendable(image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self))
        let target = UnsafeSendable(result.pixels.baseAddress.assumingMemoryBound(to: UInt8.self))
        let stride = image.channels
        Parallel.forEachRange(image.width * image.height, grain: 1 << 16) { range in
            for pixel in range {
                for channel in 0..<count { target.value[pixel * count + channel] = source.value[pixel * stride + channel] }
            }
        }
        return result
    }
}
