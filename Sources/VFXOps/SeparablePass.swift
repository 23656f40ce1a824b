import COpsKernels
import VFXCore

/// Separable filtering in two passes, shared by `resize`, `blur` and `box_blur`, in
/// whichever order costs fewer multiply-adds (rows first when enlarging vertically,
/// columns first when shrinking). Workers take bands of output rows and keep a ring of
/// the last `rows.taps` intermediate rows; a band recomputes at most `taps - 1` rows
/// its neighbor also computed. Works in f32 whatever the image format (rows converted on the way in and
/// out), so nothing but the ring and three rows per worker is allocated.
package struct SeparablePass {
    let columns: AxisWeights
    let rows: AxisWeights
    /// For straight (unpremultiplied) alpha: the alpha channel, by which color is
    /// multiplied before filtering and divided after (0 where alpha is 0).
    var straightAlpha: Int?

    func run(_ source: Image, into output: Image) {
        if SeparablePass.horizontalFirst(columns: columns, rows: rows, channels: source.channels) {
            runHorizontalFirst(source, into: output)
        } else {
            runVerticalFirst(source, into: output)
        }
    }

    /// Which pass runs first: the order with fewer multiply-adds. The Vulkan resize takes
    /// the same order, so its intermediate values (and roundings) are the CPU's.
    package static func horizontalFirst(columns: AxisWeights, rows: AxisWeights, channels: Int) -> Bool {
        // Rough cost of each order, in vector multiply-adds: a horizontal tap is one
        // 4-wide op per pixel, a vertical tap one 8-wide op per 8 values.
        let c = Double(channels)
        let (sw, sh) = (Double(columns.sourceCount), Double(rows.sourceCount))
        let (ow, oh) = (Double(columns.outputCount), Double(rows.outputCount))
        let (tx, ty) = (Double(columns.taps), Double(rows.taps))
        let rowsFirst = sh * ow * tx * max(1, c / 4) + oh * ow * c * ty / 8
        let columnsFirst = oh * sw * c * ty / 8 + oh * ow * tx * max(1, c / 4)
        return !(columnsFirst < rowsFirst)
    }

    /// Rows first: each source row filtered horizontally once into a ring of
    /// `rows.taps` output-width rows; each output row is their vertical weighted sum.
    private func runHorizontalFirst(_ source: Image, into output: Image) {
        let frame = Frame(source, output, taps: rows.taps, straightAlpha: straightAlpha)
        let (channels, sourceValues, outputValues) = (frame.channels, frame.sourceValues, frame.outputValues)
        let (taps, columns, rows) = (rows.taps, columns, rows)
        let (directInput, directOutput) = (frame.directInput, frame.directOutput)
        Parallel.forEachRange(output.height, grain: frame.grain) { range in
            let (sourceBase, outputBase) = frame.pointers.value
            let ring = FloatScratch(taps * outputValues)
            let sourceRow = directInput ? nil : FloatScratch(sourceValues)
            let outputRow = directOutput ? nil : FloatScratch(outputValues)
            var ringRow = [Int](repeating: -1, count: taps)
            var rowPointers = [UnsafePointer<Float>?](repeating: nil, count: taps)
            columns.start.withUnsafeBufferPointer { columnStart in
            columns.weights.withUnsafeBufferPointer { columnWeights in
            rows.weights.withUnsafeBufferPointer { rowWeights in
                for y in range {
                    if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                    let first = Int(rows.start[y])
                    for t in 0..<taps {
                        let s = first + t
                        let slot = s % taps
                        let ringSlot = ring.pointer + slot * outputValues
                        if ringRow[slot] != s {
                            let input: UnsafePointer<Float>
                            if let sourceRow {
                                loadRow(source, s, into: sourceRow.pointer)
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
                    if let outputRow { storeRow(outputRow.pointer, y, into: output) }
                }
            }
            }
            }
        }
    }

    /// Columns first: each output row is the vertical weighted sum of `rows.taps` source
    /// rows (read in place when the source is f32, else through a ring of converted
    /// rows), then filtered horizontally, a block of output pixels at a time so the
    /// vertical sums stay in L1, and two output rows at a time where their source rows
    /// overlap, so each source value is loaded once for both. Cheaper when shrinking
    /// vertically.
    private func runVerticalFirst(_ source: Image, into output: Image) {
        let frame = Frame(source, output, taps: rows.taps, straightAlpha: straightAlpha)
        let (channels, sourceValues, outputValues) = (frame.channels, frame.sourceValues, frame.outputValues)
        let (taps, columns, rows) = (rows.taps, columns, rows)
        let (directInput, directOutput) = (frame.directInput, frame.directOutput)
        // RGBA and whole source pixels per output pixel: summed in registers
        let boxColumns = channels == 4 && columns.isIntegerShrink
        // Output rows in pairs (vfx_resample_column_row2) when their windows overlap and
        // the union of their source rows can be held: in place, or in a ring of 2 * taps.
        let pairs = !boxColumns && (directInput || taps <= 16)
        let ringRows = pairs ? 2 * taps : taps
        let blockValues = SeparablePass.blockValues(taps: columns.taps, channels: channels)
        Parallel.forEachRange(output.height, grain: frame.grain) { range in
            let (sourceBase, outputBase) = frame.pointers.value
            let ring = directInput ? nil : FloatScratch(ringRows * sourceValues)
            let block = FloatScratch(2 * blockValues)
            let outputRows = directOutput ? nil : (FloatScratch(outputValues), FloatScratch(outputValues))
            var ringRow = [Int](repeating: -1, count: ringRows)
            var rowPointers = [UnsafePointer<Float>?](repeating: nil, count: ringRows)
            columns.start.withUnsafeBufferPointer { columnStart in
            columns.weights.withUnsafeBufferPointer { columnWeights in
            rows.weights.withUnsafeBufferPointer { rowWeights in
                var y = range.lowerBound
                while y < range.upperBound {
                    if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                    let first = Int(rows.start[y])
                    let shift = pairs && y + 1 < range.upperBound ? Int(rows.start[y + 1]) - first : -1
                    let pair = shift >= 0 && shift <= taps
                    for t in 0..<(pair ? taps + shift : taps) {
                        let s = first + t
                        if let ring {
                            let slot = s % ringRows
                            let ringSlot = ring.pointer + slot * sourceValues
                            if ringRow[slot] != s {
                                loadRow(source, s, into: ringSlot)
                                ringRow[slot] = s
                            }
                            rowPointers[t] = UnsafePointer(ringSlot)
                        } else {
                            rowPointers[t] = UnsafePointer(sourceBase + s * sourceValues)
                        }
                    }
                    let destination = outputRows?.0.pointer ?? (outputBase + y * outputValues)
                    let second = outputRows?.1.pointer ?? (outputBase + (y + (pair ? 1 : 0)) * outputValues)
                    rowPointers.withUnsafeBufferPointer { list in
                        if boxColumns {
                            vfx_resample_box_row(list.baseAddress, rowWeights.baseAddress! + y * taps, Int32(taps),
                                                 destination, output.width, columnWeights.baseAddress,
                                                 Int32(columns.taps))
                        } else if pair {
                            vfx_resample_column_row2(list.baseAddress, rowWeights.baseAddress! + y * taps,
                                                     rowWeights.baseAddress! + (y + 1) * taps, Int32(taps),
                                                     Int32(shift), destination, second, output.width, Int32(channels),
                                                     columnStart.baseAddress, columnWeights.baseAddress,
                                                     Int32(columns.taps), block.pointer, 2 * blockValues)
                        } else {
                            vfx_resample_column_row(list.baseAddress, rowWeights.baseAddress! + y * taps, Int32(taps),
                                                    destination, output.width, Int32(channels),
                                                    columnStart.baseAddress, columnWeights.baseAddress,
                                                    Int32(columns.taps), block.pointer, blockValues)
                        }
                    }
                    if let outputRows {
                        storeRow(outputRows.0.pointer, y, into: output)
                        if pair { storeRow(outputRows.1.pointer, y + 1, into: output) }
                    }
                    y += pair ? 2 : 1
                }
            }
            }
            }
        }
    }

    /// What both orders derive from the two images: row sizes in floats, whether rows are
    /// read and written in place (f32 without straight alpha), the pixel bases and the
    /// rows per parallel chunk.
    private struct Frame: Sendable {
        let channels: Int
        let sourceValues: Int
        let outputValues: Int
        let directInput: Bool
        let directOutput: Bool
        let pointers: UnsafeSendable<(UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)>
        let grain: Int

        init(_ source: Image, _ output: Image, taps: Int, straightAlpha: Int?) {
            channels = source.channels
            sourceValues = source.width * channels
            outputValues = output.width * channels
            directInput = source.format == .f32 && straightAlpha == nil
            directOutput = output.format == .f32 && straightAlpha == nil
            pointers = UnsafeSendable((source.pixels.baseAddress.assumingMemoryBound(to: Float.self),
                                       output.pixels.baseAddress.assumingMemoryBound(to: Float.self)))
            grain = SeparablePass.grain(rows: output.height, taps: taps)
        }
    }

    /// Floats in a worker's block of vertically filtered values (vfx_resample_column_row):
    /// 8 KiB, in L1 beside the source rows' slices, or one output pixel's window if wider.
    static func blockValues(taps: Int, channels: Int) -> Int {
        max(2048, taps * channels)
    }

    /// Output rows per parallel chunk: enough that a chunk's `taps - 1` rows of ring
    /// warm-up stay small next to its work, but never so many that a short, heavily
    /// shrunk output runs on one core.
    static func grain(rows: Int, taps: Int) -> Int {
        max(4, min(2 * taps, rows / 8))
    }

    /// Source row `y` as floats, premultiplied for straight alpha.
    private func loadRow(_ source: Image, _ y: Int, into row: UnsafeMutablePointer<Float>) {
        let values = source.width * source.channels
        PixelLoader.load(source, offset: y * values, count: values, into: row)
        if let alpha = straightAlpha {
            AlphaMath.premultiply(row, pixels: source.width, channels: source.channels, alpha: alpha)
        }
    }

    /// Output row `y` from floats, unpremultiplied for straight alpha.
    private func storeRow(_ row: UnsafeMutablePointer<Float>, _ y: Int, into output: Image) {
        let values = output.width * output.channels
        if let alpha = straightAlpha {
            AlphaMath.unpremultiply(row, pixels: output.width, channels: output.channels, alpha: alpha)
        }
        PixelLoader.store(row, count: values, into: output, offset: y * values)
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
        index(names: image.channelNames, channels: image.channels)
    }

    /// The same for an image of `channels` channels named `names`.
    public static func index(names: [String], channels: Int) -> Int? {
        if let named = names.firstIndex(where: { $0 == "A" || $0 == "a" || $0.hasSuffix(".A") }) {
            return named
        }
        return channels == 2 || channels == 4 ? channels - 1 : nil
    }
}
