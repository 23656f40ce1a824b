import VFXCore

/// Resizing, as OpenImageIO's `ImageBufAlgo::resize` defines it.
///
/// Pixel centers sit at half-integers: output pixel `x` samples the source at
/// `(x + 0.5) * source_width / output_width`, so the image's edges (not its corner pixel
/// centers) line up. The filter is separable; when shrinking it is widened by the
/// shrink factor (so it averages away detail the output cannot hold); weights are
/// normalized per output pixel; pixels beyond the edges repeat the edge pixel.
/// `nearest` copies the pixel under each output pixel center instead (OIIO's
/// `resample(interpolate=False)`), bit for bit in any format.
///
/// Alpha: like OIIO, every channel is filtered the same way, which is right for
/// premultiplied (associated) alpha, the convention of EXR and of compositing. For
/// straight alpha (`straightAlpha: true`, e.g. PNGs as read) color is premultiplied
/// before filtering and divided by the filtered alpha after (0 where alpha is 0), so
/// transparent pixels' colors do not bleed into their neighbors.
public enum Resize {
    public static func resize(_ image: Image, width: Int, height: Int, filter: ResampleFilter,
                              straightAlpha: Bool = false) throws(VFXError) -> Image {
        let output = try image.blank(width: width, height: height)
        if filter == .nearest {
            nearest(image, into: output)
            return output
        }
        let alpha = straightAlpha ? AlphaChannel.index(of: image) : nil
        let pass = SeparablePass(columns: .resize(from: image.width, to: width, filter: filter),
                                 rows: .resize(from: image.height, to: height, filter: filter),
                                 straightAlpha: alpha)
        pass.run(image, into: output)
        return output
    }

    /// The source pixel index under output pixel `i`'s center, computed in float as OIIO does.
    package static func nearestIndex(_ i: Int, output: Int, source: Int) -> Int {
        let s = (Float(i) + 0.5) * (1 / Float(output))
        return min(max(Int((s * Float(source)).rounded(.down)), 0), source - 1)
    }

    private static func nearest(_ image: Image, into output: Image) {
        let pixelBytes = image.pixelBytes
        let columns = (0..<output.width).map { nearestIndex($0, output: output.width, source: image.width) * pixelBytes }
        let source = UnsafeSendable(image.pixels.baseAddress)
        let destination = UnsafeSendable(output.pixels.baseAddress)
        let (sourceRowBytes, outputRowBytes) = (image.rowBytes, output.rowBytes)
        let (outputHeight, sourceHeight) = (output.height, image.height)
        Parallel.forEachRange(outputHeight, grain: 16) { range in
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                let sy = nearestIndex(y, output: outputHeight, source: sourceHeight)
                let from = source.value + sy * sourceRowBytes
                var to = destination.value + y * outputRowBytes
                for offset in columns {
                    to.copyMemory(from: from + offset, byteCount: pixelBytes)
                    to += pixelBytes
                }
            }
        }
    }

    /// Letterboxing as OIIO's `fit` (fill mode "letterbox", not "exact"): the image is
    /// resized to the largest whole-pixel size with its aspect ratio (rounded) that fits
    /// `width`×`height`, and centered (offsets rounded down) on a background of `fill`.
    public static func fit(_ image: Image, width: Int, height: Int, filter: ResampleFilter,
                           fill: [Float], straightAlpha: Bool = false) throws(VFXError) -> Image {
        _ = try ImageLimits.byteCount(width: width, height: height, channels: image.channels, format: image.format)
        let oldAspect = Float(image.width) / Float(image.height)
        let newAspect = Float(width) / Float(height)
        var innerWidth = width, innerHeight = height, x = 0, y = 0
        if newAspect >= oldAspect {
            innerWidth = max(1, Int(Float(height) * oldAspect + 0.5))
            x = (width - innerWidth) / 2
        } else {
            innerHeight = max(1, Int(Float(width) / oldAspect + 0.5))
            y = (height - innerHeight) / 2
        }
        let inner = try resize(image, width: innerWidth, height: innerHeight, filter: filter, straightAlpha: straightAlpha)
        return try Geometry.pad(inner, left: x, top: y, right: width - innerWidth - x,
                                bottom: height - innerHeight - y, mode: .constant(fill))
    }
}
