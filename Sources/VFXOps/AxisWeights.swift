/// Per-output-pixel filter weights along one axis: output `i` is the sum over
/// `t < taps` of `weights[i * taps + t]` times source `start[i] + t`. Taps that fall
/// outside the source are folded onto the edge pixel (edges clamp), so every window
/// lies inside `0..<sourceCount`; weights sum to 1.
package struct AxisWeights: Sendable {
    package let sourceCount: Int
    package let outputCount: Int
    package let taps: Int
    package let start: [Int32]
    package let weights: [Float]

    /// Builds a table from, for each output index, the (source index, weight) pairs
    /// (indices possibly outside the source). Pairs are clamped, summed per index,
    /// normalized and trimmed of zero weights at both ends.
    init(sourceCount: Int, outputCount: Int, contributions: (Int) -> [(Int, Double)]) {
        var windows: [(start: Int, weights: [Double])] = []
        windows.reserveCapacity(outputCount)
        var widest = 1
        for i in 0..<outputCount {
            let pairs = contributions(i)
            var lo = Int.max, hi = Int.min
            for (index, _) in pairs {
                let clamped = min(max(index, 0), sourceCount - 1)
                lo = min(lo, clamped)
                hi = max(hi, clamped)
            }
            var window = [Double](repeating: 0, count: max(0, hi - lo + 1))
            var total = 0.0
            for (index, weight) in pairs {
                window[min(max(index, 0), sourceCount - 1) - lo] += weight
                total += weight
            }
            guard total != 0, let first = window.firstIndex(where: { $0 != 0 }),
                  let last = window.lastIndex(where: { $0 != 0 }) else {
                // No support (cannot happen with the filters here): take the nearest pixel.
                windows.append((min(max(pairs.first?.0 ?? 0, 0), sourceCount - 1), [1]))
                continue
            }
            windows.append((lo + first, window[first...last].map { $0 / total }))
            widest = max(widest, last - first + 1)
        }
        let taps = min(widest, sourceCount)
        var start = [Int32](repeating: 0, count: outputCount)
        var weights = [Float](repeating: 0, count: outputCount * taps)
        for (i, window) in windows.enumerated() {
            let first = min(window.start, sourceCount - taps)
            start[i] = Int32(first)
            for (k, w) in window.weights.enumerated() {
                weights[i * taps + (window.start - first) + k] = Float(w)
            }
        }
        self.sourceCount = sourceCount
        self.outputCount = outputCount
        self.taps = taps
        self.start = start
        self.weights = weights
    }

    /// True when output `i` reads exactly source pixels `i * taps ..< (i + 1) * taps`
    /// (an integer-ratio box shrink, or a copy): the resample kernels then sum each
    /// output pixel straight from the source (`vfx_resample_box_row`).
    package var isIntegerShrink: Bool {
        guard sourceCount == outputCount * taps else { return false }
        for i in 0..<outputCount where Int(start[i]) != i * taps { return false }
        return true
    }

    /// OpenImageIO's `resize` weights: output pixel i samples at source position
    /// (i + 0.5) * source / output (pixel centers at half-integers); the filter is widened
    /// by source/output when shrinking, so it spans `radius * max(1, source/output)`
    /// source pixels; weights are the filter at the distance from each source pixel
    /// center, scaled back by output/source, then normalized.
    package static func resize(from sourceCount: Int, to outputCount: Int, filter: ResampleFilter) -> AxisWeights {
        let ratio = Float(outputCount) / Float(sourceCount)
        let scale = Double(ratio)
        let radius = filter.radius * max(1, 1 / scale)
        let reach = Int((radius).rounded(.up))
        return AxisWeights(sourceCount: sourceCount, outputCount: outputCount) { i in
            // OIIO computes the sample position in float; so do we, so windows agree.
            let position = (Float(i) + 0.5) * (1 / Float(outputCount)) * Float(sourceCount)
            let base = Int(position.rounded(.down))
            let fraction = Double(position - Float(base))
            return (-reach...reach).map { k in
                (base + k, filter.weight(scale * (Double(k) - (fraction - 0.5)) / max(1, scale)))
            }
        }
    }

    /// Nearest-neighbor sampling as a one-tap table: output i takes source
    /// `Resize.nearestIndex(i)` with weight 1 (the Vulkan resize copies that tap).
    package static func nearest(from sourceCount: Int, to outputCount: Int) -> AxisWeights {
        AxisWeights(sourceCount: sourceCount, outputCount: outputCount) { i in
            [(Resize.nearestIndex(i, output: outputCount, source: sourceCount), 1)]
        }
    }
}
