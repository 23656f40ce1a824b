#if canImport(Glibc)
import Glibc
#endif
import VFXCore

/// Neighborhood filters. Edges clamp (pixels beyond the border repeat the edge pixel,
/// OpenCV's BORDER_REPLICATE); every channel, alpha included, is filtered alike (right
/// for premultiplied images); results are stored in the input's format.
public enum Filters {
    /// The discrete gaussian: weights exp(-k² / 2σ²) for k in -radius...radius,
    /// normalized to sum 1 (OpenCV's getGaussianKernel for an explicit sigma).
    public static func gaussianKernel(radius: Int, sigma: Double) -> [Double] {
        let weights = (-radius...radius).map { k in exp(-Double(k * k) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// Separable gaussian blur with a kernel of `2·radius + 1` taps and standard
    /// deviation `sigma`.
    public static func blur(_ image: Image, radius: Int, sigma: Double, format: PixelFormat? = nil) throws(VFXError) -> Image {
        try checkGaussian(radius: radius, sigma: sigma)
        return try convolve(image, kernel: gaussianKernel(radius: radius, sigma: sigma), format: format)
    }

    /// The mean over a `size`×`size` window (size odd).
    public static func boxBlur(_ image: Image, size: Int) throws(VFXError) -> Image {
        try checkWindow(size)
        return try convolve(image, kernel: Array(repeating: 1.0 / Double(size), count: size))
    }

    /// image + amount · (image - blur(image)), where |image - blur| ≥ threshold
    /// (differences below the threshold are left alone), as OIIO's unsharp_mask with a
    /// gaussian kernel.
    public static func unsharpMask(_ image: Image, radius: Int, sigma: Double, amount: Float,
                                   threshold: Float) throws(VFXError) -> Image {
        try checkUnsharp(amount: amount, threshold: threshold)
        let blurred = try blur(image, radius: radius, sigma: sigma, format: .f32)
        let output = try image.blank(width: image.width, height: image.height)
        let values = image.width * image.channels
        let soft = UnsafeSendable(UnsafePointer(blurred.pixels.baseAddress.assumingMemoryBound(to: Float.self)))
        Parallel.forEachRange(image.height, grain: 16) { range in
            let row = FloatScratch(values)
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                PixelLoader.load(image, offset: y * values, count: values, into: row.pointer)
                let blurredRow = soft.value + y * values
                for i in 0..<values {
                    let detail = row.pointer[i] - blurredRow[i]
                    if abs(detail) >= threshold { row.pointer[i] += amount * detail }
                }
                PixelLoader.store(row.pointer, count: values, into: output, offset: y * values)
            }
        }
        return output
    }

    /// The per-channel median over a `size`×`size` window (size odd).
    public static func median(_ image: Image, size: Int) throws(VFXError) -> Image {
        try checkWindow(size)
        let source = try image.inFloat32()
        let output = try image.blank(width: image.width, height: image.height)
        let (width, height, channels) = (image.width, image.height, image.channels)
        let values = width * channels
        let half = size / 2
        let pixels = UnsafeSendable(UnsafePointer(source.pixels.baseAddress.assumingMemoryBound(to: Float.self)))
        Parallel.forEachRange(height, grain: 8) { range in
            let row = FloatScratch(values)
            var window = [Float](repeating: 0, count: size * size)
            let columns = (0..<width).map { x in (-half...half).map { min(max(x + $0, 0), width - 1) * channels } }
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                let lines = (-half...half).map { pixels.value + min(max(y + $0, 0), height - 1) * values }
                for x in 0..<width {
                    let offsets = columns[x]
                    for c in 0..<channels {
                        var n = 0
                        for line in lines {
                            for offset in offsets {
                                window[n] = line[offset + c]
                                n += 1
                            }
                        }
                        row.pointer[x * channels + c] = middle(&window)
                    }
                }
                PixelLoader.store(row.pointer, count: values, into: output, offset: y * values)
            }
        }
        return output
    }

    /// The per-channel maximum over a `size`×`size` window (size odd).
    public static func dilate(_ image: Image, size: Int) throws(VFXError) -> Image {
        try checkWindow(size)
        return try rank(image, size: size, Maximum.self)
    }

    /// The per-channel minimum over a `size`×`size` window (size odd).
    public static func erode(_ image: Image, size: Int) throws(VFXError) -> Image {
        try checkWindow(size)
        return try rank(image, size: size, Minimum.self)
    }

    /// The arguments `blur` accepts (the Vulkan ops check the same).
    package static func checkGaussian(radius: Int, sigma: Double) throws(VFXError) {
        guard radius >= 0 else { throw .invalidArgument(name: "radius", message: "must be 0 or more, got \(radius)") }
        guard sigma > 0, sigma.isFinite else { throw .invalidArgument(name: "sigma", message: "must be positive, got \(sigma)") }
    }

    /// The arguments `unsharpMask` accepts beside the gaussian's.
    package static func checkUnsharp(amount: Float, threshold: Float) throws(VFXError) {
        guard amount.isFinite else { throw .invalidArgument(name: "amount", message: "must be finite, got \(amount)") }
        guard threshold >= 0, threshold.isFinite else {
            throw .invalidArgument(name: "threshold", message: "must be 0 or more, got \(threshold)")
        }
    }

    static func checkWindow(_ size: Int) throws(VFXError) {
        guard size >= 1, size % 2 == 1 else {
            throw .invalidArgument(name: "size", message: "must be an odd number of pixels (1, 3, 5, ...), got \(size)")
        }
    }

    /// A same-size separable convolution with a centered odd-length kernel.
    static func convolve(_ image: Image, kernel: [Double], format: PixelFormat? = nil) throws(VFXError) -> Image {
        let output = try image.blank(width: image.width, height: image.height, format: format)
        ConvolutionPass(kernel: kernel).run(image, into: output)
        return output
    }

    /// The middle value of `window` (odd count): insertion sort for the usual 3×3 and
    /// 5×5 windows, quickselect (expected linear time) for larger ones.
    @inline(__always)
    private static func middle(_ window: inout [Float]) -> Float {
        let n = window.count
        return window.withUnsafeMutableBufferPointer { w -> Float in
            if n <= 25 {
                for i in 1..<max(n, 1) {
                    let v = w[i]
                    var j = i - 1
                    while j >= 0, w[j] > v {
                        w[j + 1] = w[j]
                        j -= 1
                    }
                    w[j + 1] = v
                }
                return w[n / 2]
            }
            let k = n / 2
            var lo = 0, hi = n - 1
            while lo < hi {
                let pivot = w[(lo + hi) / 2]
                var i = lo, j = hi
                while i <= j {
                    while w[i] < pivot { i += 1 }
                    while w[j] > pivot { j -= 1 }
                    if i <= j {
                        w.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return w[k]
        }
    }

    /// A separable max or min filter: rows first into an f32 image, then columns.
    private static func rank<P: RankPick>(_ image: Image, size: Int, _: P.Type) throws(VFXError) -> Image {
        let source = try image.inFloat32()
        let across = try image.blank(width: image.width, height: image.height, format: .f32)
        let output = try image.blank(width: image.width, height: image.height)
        let (width, height, channels) = (image.width, image.height, image.channels)
        let values = width * channels
        let half = size / 2
        let input = UnsafeSendable(UnsafePointer(source.pixels.baseAddress.assumingMemoryBound(to: Float.self)))
        let middle = UnsafeSendable(across.pixels.baseAddress.assumingMemoryBound(to: Float.self))
        Parallel.forEachRange(height, grain: 16) { range in
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                let from = input.value + y * values, to = middle.value + y * values
                for x in 0..<width {
                    for c in 0..<channels {
                        var best = from[x * channels + c]
                        for k in 1...max(1, half) where half > 0 {
                            best = P.pick(best, from[min(x + k, width - 1) * channels + c])
                            best = P.pick(best, from[max(x - k, 0) * channels + c])
                        }
                        to[x * channels + c] = best
                    }
                }
            }
        }
        Parallel.forEachRange(height, grain: 16) { range in
            let row = FloatScratch(values)
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                row.pointer.update(from: middle.value + y * values, count: values)
                for k in 1...max(1, half) where half > 0 {
                    let below = middle.value + min(y + k, height - 1) * values
                    let above = middle.value + max(y - k, 0) * values
                    for i in 0..<values { row.pointer[i] = P.pick(P.pick(row.pointer[i], below[i]), above[i]) }
                }
                PixelLoader.store(row.pointer, count: values, into: output, offset: y * values)
            }
        }
        return output
    }
}

/// The choice of a rank filter, as a type so each filter gets its own specialized loop.
protocol RankPick: SendableMetatype {
    static func pick(_ a: Float, _ b: Float) -> Float
}

enum Maximum: RankPick {
    @inline(__always) static func pick(_ a: Float, _ b: Float) -> Float { max(a, b) }
}

enum Minimum: RankPick {
    @inline(__always) static func pick(_ a: Float, _ b: Float) -> Float { min(a, b) }
}
