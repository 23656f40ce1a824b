import CTurboJPEG
import VFXCore

/// JPEG bytes TurboJPEG allocated, freed with it.
final class JPEGBytes {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int

    init(pointer: UnsafeMutablePointer<UInt8>, count: Int) {
        self.pointer = pointer
        self.count = count
    }

    deinit { tjFree(pointer) }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }
}

/// Compresses an image with TurboJPEG (accurate integer DCT, as libjpeg's default).
enum JPEGEncoder {
    static func encode(_ source: Image, quality: Int, subsampling: String, path: String) throws(VFXError) -> JPEGBytes {
        let image = try pixels(of: source)
        guard image.width <= 65535, image.height <= 65535 else {
            throw .invalidArgument(name: "img", message: "is \(image.width)x\(image.height), over JPEG's limit of 65535 a side")
        }
        let (pixelFormat, sampling): (TJPF, TJSAMP)
        switch image.channels {
        case 1: (pixelFormat, sampling) = (TJPF_GRAY, TJSAMP_GRAY)
        case 3: (pixelFormat, sampling) = (TJPF_RGB, samplingMode(subsampling))
        default: (pixelFormat, sampling) = (TJPF_RGBX, samplingMode(subsampling))
        }
        guard let handle = tjInitCompress() else { throw .outOfMemory("\(path): cannot create a TurboJPEG encoder") }
        defer { tjDestroy(handle) }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = tjCompress2(handle, image.pixels.baseAddress.assumingMemoryBound(to: UInt8.self), Int32(image.width),
                                 Int32(image.rowBytes), Int32(image.height), pixelFormat.rawValue, &output, &size,
                                 Int32(sampling.rawValue), Int32(quality), TJFLAG_ACCURATEDCT)
        guard status == 0, let output else {
            if let output { tjFree(output) }
            throw .format(path: path, message: "cannot encode: \(JPEGDecoder.message(handle))")
        }
        return JPEGBytes(pointer: output, count: Int(size))
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
        switch image.channels {
        case 1, 3, 4: return image
        case 2: return try firstChannels(of: image, count: 1)
        default: return try firstChannels(of: image, count: 3)
        }
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
