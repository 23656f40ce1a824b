import COpsKernels
import VFXCore

/// A same-size separable convolution with one centered kernel (odd length) on both
/// axes, edges clamped: `blur` and `box_blur`. Rows are padded with their edge pixels
/// and convolved across all interleaved values at once (8-wide whatever the channel
/// count) into a ring of `kernel.count` rows; each output row is the ring's vertical
/// weighted sum, rows beyond the top and bottom clamped to the edge rows.
struct ConvolutionPass {
    let kernel: [Float]

    init(kernel: [Double]) {
        self.kernel = kernel.map { Float($0) }
    }

    func run(_ source: Image, into output: Image) {
        let taps = kernel.count, half = taps / 2
        let (width, height, channels) = (source.width, source.height, source.channels)
        let values = width * channels
        let directOutput = output.format == .f32
        let outputBase = UnsafeSendable(output.pixels.baseAddress.assumingMemoryBound(to: Float.self))
        let kernel = kernel
        Parallel.forEachRange(height, grain: SeparablePass.grain(rows: height, taps: taps)) { range in
            let ring = FloatScratch(taps * values)
            let padded = FloatScratch((width + 2 * half) * channels)
            let outputRow = directOutput ? nil : FloatScratch(values)
            var ringRow = [Int](repeating: -1, count: taps)
            var rowPointers = [UnsafePointer<Float>?](repeating: nil, count: taps)
            kernel.withUnsafeBufferPointer { weights in
                for y in range {
                    if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                    for t in 0..<taps {
                        let s = min(max(y - half + t, 0), height - 1)
                        let slot = s % taps
                        let ringSlot = ring.pointer + slot * values
                        if ringRow[slot] != s {
                            let row = padded.pointer + half * channels
                            PixelLoader.load(source, offset: s * values, count: values, into: row)
                            for k in 0..<half {
                                (padded.pointer + k * channels).update(from: row, count: channels)
                                (row + values + k * channels).update(from: row + values - channels, count: channels)
                            }
                            vfx_convolve_row(padded.pointer, ringSlot, values, Int32(channels),
                                             weights.baseAddress, Int32(taps))
                            ringRow[slot] = s
                        }
                        rowPointers[t] = UnsafePointer(ringSlot)
                    }
                    let destination = outputRow?.pointer ?? (outputBase.value + y * values)
                    rowPointers.withUnsafeBufferPointer { list in
                        vfx_resample_column(list.baseAddress, weights.baseAddress, Int32(taps), destination, values)
                    }
                    if let outputRow {
                        PixelLoader.store(outputRow.pointer, count: values, into: output, offset: y * values)
                    }
                }
            }
        }
    }
}
