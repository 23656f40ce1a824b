import VFXCore

/// Exact geometry: pixels moved, never resampled, so every format keeps its bits.
/// Rotations are counter-clockwise as seen on screen (y down), as `numpy.rot90` and
/// `rotate(img, 90)`; OpenImageIO's `rotate90` turns the other way (its `rotate270` is our
/// `rotate90`).
public enum Geometry {
    public enum FlipAxis: String, Sendable {
        /// Mirror left ↔ right.
        case horizontal
        /// Mirror top ↔ bottom.
        case vertical
    }

    public enum Padding: Sendable {
        /// New pixels take these normalized values (one per channel).
        case constant([Float])
        /// New pixels repeat the nearest edge pixel.
        case edge
    }

    public static func rotate90(_ image: Image) throws(VFXError) -> Image {
        // out(x, y) = in(W-1-y, x)
        try remap(image, width: image.height, height: image.width) { x, y in (image.width - 1 - y, x) }
    }

    public static func rotate180(_ image: Image) throws(VFXError) -> Image {
        try remap(image, width: image.width, height: image.height) { x, y in (image.width - 1 - x, image.height - 1 - y) }
    }

    public static func rotate270(_ image: Image) throws(VFXError) -> Image {
        // out(x, y) = in(y, H-1-x)
        try remap(image, width: image.height, height: image.width) { x, y in (y, image.height - 1 - x) }
    }

    public static func flip(_ image: Image, _ axis: FlipAxis) throws(VFXError) -> Image {
        switch axis {
        case .horizontal: try remap(image, width: image.width, height: image.height) { x, y in (image.width - 1 - x, y) }
        case .vertical: try remap(image, width: image.width, height: image.height) { x, y in (x, image.height - 1 - y) }
        }
    }

    /// Rows become columns: out(x, y) = in(y, x).
    public static func transpose(_ image: Image) throws(VFXError) -> Image {
        try remap(image, width: image.height, height: image.width) { x, y in (y, x) }
    }

    /// The `width`×`height` rectangle whose top-left pixel is (`x`, `y`); it must lie
    /// inside the image.
    public static func crop(_ image: Image, x: Int, y: Int, width: Int, height: Int) throws(VFXError) -> Image {
        guard width >= 1 else { throw .invalidArgument(name: "width", message: "must be at least 1, got \(width)") }
        guard height >= 1 else { throw .invalidArgument(name: "height", message: "must be at least 1, got \(height)") }
        guard x >= 0, x < image.width else {
            throw .invalidArgument(name: "x", message: "must be in 0..<\(image.width) (the image width), got \(x)")
        }
        guard y >= 0, y < image.height else {
            throw .invalidArgument(name: "y", message: "must be in 0..<\(image.height) (the image height), got \(y)")
        }
        guard width <= image.width - x else {
            throw .invalidArgument(name: "width", message: "\(width) from x=\(x) runs past the image width \(image.width)")
        }
        guard height <= image.height - y else {
            throw .invalidArgument(name: "height", message: "\(height) from y=\(y) runs past the image height \(image.height)")
        }
        let output = try image.blank(width: width, height: height)
        copyRows(image, into: output, from: x * image.pixelBytes, to: 0, byteCount: output.rowBytes) { $0 + y }
        return output
    }

    /// Adds borders of the given widths (pixels, 0 or more).
    public static func pad(_ image: Image, left: Int, top: Int, right: Int, bottom: Int,
                           mode: Padding) throws(VFXError) -> Image {
        for (name, value) in [("left", left), ("top", top), ("right", right), ("bottom", bottom)] where value < 0 {
            throw .invalidArgument(name: name, message: "must be 0 or more, got \(value)")
        }
        let output = try image.blank(width: image.width + left + right, height: image.height + top + bottom)
        if case .constant(let values) = mode { try output.fill(values) }
        let pixelBytes = image.pixelBytes
        let source = UnsafeSendable(image.pixels.baseAddress)
        let destination = UnsafeSendable(output.pixels.baseAddress)
        let (sourceRowBytes, outputRowBytes) = (image.rowBytes, output.rowBytes)
        let (width, height) = (image.width, image.height)
        let edge: Bool = if case .edge = mode { true } else { false }
        Parallel.forEachRange(output.height, grain: 64) { range in
            for row in range {
                let sourceY = row - top
                guard edge || (0..<height).contains(sourceY) else { continue }
                let from = source.value + min(max(sourceY, 0), height - 1) * sourceRowBytes
                let to = destination.value + row * outputRowBytes
                (to + left * pixelBytes).copyMemory(from: from, byteCount: sourceRowBytes)
                guard edge else { continue }
                for x in 0..<left { (to + x * pixelBytes).copyMemory(from: from, byteCount: pixelBytes) }
                let last = from + (width - 1) * pixelBytes
                for x in 0..<right {
                    (to + (left + width + x) * pixelBytes).copyMemory(from: last, byteCount: pixelBytes)
                }
            }
        }
        return output
    }

    /// Moves the picture by whole pixels (`dx` right, `dy` down) inside the same frame;
    /// uncovered pixels take `fill`.
    public static func shift(_ image: Image, dx: Int, dy: Int, fill: [Float]) throws(VFXError) -> Image {
        let output = try image.blank(width: image.width, height: image.height)
        try output.fill(fill)
        let (width, height) = (image.width, image.height)
        let x0 = max(0, dx), x1 = min(width, width + dx)
        guard x0 < x1 else { return output }
        let pixelBytes = image.pixelBytes
        copyRows(image, into: output, from: (x0 - dx) * pixelBytes, to: x0 * pixelBytes,
                 byteCount: (x1 - x0) * pixelBytes) { row in
            (0..<height).contains(row - dy) ? row - dy : nil
        }
        return output
    }

    /// Copies `byteCount` bytes of every output row, in parallel: output row y, from byte
    /// `to`, takes source row `sourceRow(y)` from byte `from` (rows it maps to nil are left).
    private static func copyRows(_ image: Image, into output: Image, from: Int, to: Int, byteCount: Int,
                                 _ sourceRow: @Sendable (Int) -> Int?) {
        let source = UnsafeSendable(image.pixels.baseAddress + from)
        let destination = UnsafeSendable(output.pixels.baseAddress + to)
        let (sourceRowBytes, outputRowBytes) = (image.rowBytes, output.rowBytes)
        Parallel.forEachRange(output.height, grain: 64) { range in
            for row in range {
                guard let sourceY = sourceRow(row) else { continue }
                (destination.value + row * outputRowBytes).copyMemory(from: source.value + sourceY * sourceRowBytes,
                                                                      byteCount: byteCount)
            }
        }
    }

    /// Copies whole pixels: output (x, y) takes input `sourceOf(x, y)`, which must be an
    /// affine map of (x, y) (evaluated at three points per row to get a start and a step).
    private static func remap(_ image: Image, width: Int, height: Int,
                              _ sourceOf: @escaping @Sendable (Int, Int) -> (Int, Int)) throws(VFXError) -> Image {
        let output = try image.blank(width: width, height: height)
        let pixelBytes = image.pixelBytes
        let source = UnsafeSendable(image.pixels.baseAddress)
        let destination = UnsafeSendable(output.pixels.baseAddress)
        let sourceWidth = image.width
        Parallel.forEachRange(height, grain: 16) { range in
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                let (sx0, sy0) = sourceOf(0, y)
                let (sx1, sy1) = sourceOf(1, y)
                let start = (sy0 * sourceWidth + sx0) * pixelBytes
                let step = ((sy1 - sy0) * sourceWidth + (sx1 - sx0)) * pixelBytes
                var from = source.value + start
                var to = destination.value + y * width * pixelBytes
                switch pixelBytes {
                case 16: copyPixels(SIMD4<Float>.self, &from, &to, step, width)
                case 8: copyPixels(UInt64.self, &from, &to, step, width)
                case 4: copyPixels(UInt32.self, &from, &to, step, width)
                case 2: copyPixels(UInt16.self, &from, &to, step, width)
                case 1: copyPixels(UInt8.self, &from, &to, step, width)
                default:
                    for _ in 0..<width {
                        to.copyMemory(from: from, byteCount: pixelBytes)
                        from += step
                        to += pixelBytes
                    }
                }
            }
        }
        return output
    }

    @inline(__always)
    private static func copyPixels<P>(_: P.Type, _ from: inout UnsafeMutableRawPointer, _ to: inout UnsafeMutableRawPointer,
                                      _ step: Int, _ count: Int) {
        for _ in 0..<count {
            to.storeBytes(of: from.loadUnaligned(as: P.self), as: P.self)
            from += step
            to += MemoryLayout<P>.stride
        }
    }
}
