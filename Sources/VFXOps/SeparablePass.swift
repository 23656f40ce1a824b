import COpsKernels
import VFXCore

/// Separable filtering in two passes, shared by `resize`, `blur` and `box_blur`:
/// each source row is filtered horizontally once into a small ring of float rows, and
/// each output row is the vertical weighted sum of `rows.taps` ring rows. Workers take
/// bands of output rows; a band recomputes at most `taps - 1` rows its neighbor also
/// computed. Works in f32 whatever the image format (rows converted on the way in and
/// out), so nothing but the ring and three rows per worker is allocated.
struct SeparablePass {
    let columns: AxisWeights
    let rows: AxisWeights
    /// For straight (unpremultiplied) alpha: the alpha channel, by which color is
    /// multiplied before filtering and divided after (0 where alpha is 0).
    var straightAlpha: Int?

    func run(_ source: Image, into output: Image) {
        let channels = source.channels
        let sourceValues = source.width * channels
        let outputValues = output.width * channels
        let taps = rows.taps
        let straightAlpha = straightAlpha
        let columns = columns, rows = rows
        let directInput = source.format == .f32 && straightAlpha == nil
        let directOutput = output.format == .f32 && straightAlpha == nil
        let sourceBase = source.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        let outputBase = output.pixels.baseAddress.assumingMemoryBound(to: Float.self)
        let pointers = UnsafeSendable((sourceBase, outputBase))
        let grain = max(8, 2 * taps)
        Parallel.forEachRange(output.height, grain: grain) { range in
            let (sourceBase, outputBase) = pointers.value
            let ring = FloatScratch(taps * outputValues)
            let sourceRow = directInput ? nil : FloatScratch(sourceValues)
            let outputRow = directOutput ? nil : FloatScratch(outputValues)
            var ringRow = [Int](repeating: -1, count: taps)
            var rowPointers = [UnsafePointer<Float>?](repeating: nil, count: taps)
            columns.start.withUnsafeBufferPointer { columnStart in
            columns.weights.withUnsafeBufferPointer { columnWeights in
            rows.weights.withUnsafeBufferPointer { rowWeights in
                for y in range {
                    let first = Int(rows.start[y])
                    for t in 0..<taps {
                        let s = first + t
                        let slot = s % taps
                        let ringSlot = ring.pointer + slot * outputValues
                        if ringRow[slot] != s {
                            let input: UnsafePointer<Float>
                            if let sourceRow {
                                RowIO.load(source, offset: s * sourceValues, count: sourceValues, into: sourceRow.pointer)
                                if let alpha = straightAlpha {
                                    AlphaMath.premultiply(sourceRow.pointer, pixels: source.width, channels: channels, alpha: alpha)
                                }
                                input = UnsafePointer(sourceRow.pointer)
                            } else {
                                input = UnsafePointer(sourceBase + s * sourceValues)
                            }
                            vfx_resample_row(input, ringSlot, output.width, Int32(channels),
                                             columnStart.baseAddress, columnWeights.baseAddress, Int32(columns.taps))
                            ringRow[slot] = s
                        }
                        rowPointers[t] = UnsafePointer(ringSlot)
                    }
                    let destination = outputRow?.pointer ?? (outputBase + y * outputValues)
                    rowPointers.withUnsafeBufferPointer { list in
                        vfx_resample_column(list.baseAddress, rowWeights.baseAddress! + y * taps, Int32(taps),
                                            destination, outputValues)
                    }
                    if let outputRow {
                        if let alpha = straightAlpha {
                            AlphaMath.unpremultiply(outputRow.pointer, pixels: output.width, channels: channels, alpha: alpha)
                        }
                        RowIO.store(outputRow.pointer, count: outputValues, into: output, offset: y * outputValues)
                    }
                }
            }
            }
            }
        }
    }
}

/// Premultiplying and unpremultiplying rows of float pixels.
enum AlphaMath {
    /// color *= alpha for every channel but `alpha`.
    static func premultiply(_ row: UnsafeMutablePointer<Float>, pixels: Int, channels: Int, alpha: Int) {
        for p in 0..<pixels {
            let pixel = row + p * channels
            let a = pixel[alpha]
            for c in 0..<channels where c != alpha { pixel[c] *= a }
        }
    }

    /// color /= alpha where alpha is not 0; color = 0 where it is.
    static func unpremultiply(_ row: UnsafeMutablePointer<Float>, pixels: Int, channels: Int, alpha: Int) {
        for p in 0..<pixels {
            let pixel = row + p * channels
            let a = pixel[alpha]
            let inverse: Float = a != 0 ? 1 / a : 0
            for c in 0..<channels where c != alpha { pixel[c] = a != 0 ? pixel[c] * inverse : 0 }
        }
    }
}

/// Where an image keeps its alpha.
public enum AlphaChannel {
    /// The channel named "A" (or "*.A"), else the last channel of a 2- or 4-channel
    /// image, else nil (the image has no alpha and counts as opaque).
    public static func index(of image: Image) -> Int? {
        if let named = image.channelNames.firstIndex(where: { $0 == "A" || $0 == "a" || $0.hasSuffix(".A") }) {
            return named
        }
        return image.channels == 2 || image.channels == 4 ? image.channels - 1 : nil
    }
}
