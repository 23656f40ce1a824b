#if canImport(Glibc)
import Glibc
#endif
import VFXCore

/// Affine resampling (any-angle rotation, sub-pixel translation), as OpenImageIO's
/// `ImageBufAlgo::warp` samples: output pixel (X, Y) has its center (X + 0.5, Y + 0.5)
/// mapped back into the source; the result is the filter-weighted mean of the source
/// pixels whose centers lie within the filter's radius (weights = filter(dx) ×
/// filter(dy), normalized by their sum). Pixels outside the source count as black (0 in
/// every channel, alpha included), so edges fade to transparent as in OIIO's "black" wrap.
/// `nearest` takes the source pixel containing the mapped center (black outside).
public enum Warp {
    /// Rotates by `degrees` counter-clockwise (as seen on screen, y down) around `center`
    /// (pixel-edge coordinates; default the image center). Without `expand` the output
    /// keeps the input's size; with it, the output grows to hold the whole rotated image
    /// (its bounding box rounded out to whole pixels), centered.
    public static func rotate(_ image: Image, degrees: Double, expand: Bool, filter: ResampleFilter,
                              center: (x: Double, y: Double)? = nil) throws(VFXError) -> Image {
        guard degrees.isFinite else { throw .invalidArgument(name: "angle", message: "must be finite, got \(degrees)") }
        let c = center ?? (Double(image.width) / 2, Double(image.height) / 2)
        // Exact quarter turns keep exact sines and cosines.
        let turns = degrees / 90
        let (cosine, sine): (Double, Double)
        if turns == turns.rounded() {
            let q = ((Int(turns) % 4) + 4) % 4
            (cosine, sine) = [(1.0, 0.0), (0, 1), (-1, 0), (0, -1)][q]
        } else {
            let radians = degrees * Double.pi / 180
            (cosine, sine) = (cos(radians), sin(radians))
        }
        // Forward (y down, counter-clockwise on screen): x' = cx + dx cos + dy sin,
        // y' = cy - dx sin + dy cos. The inverse maps output positions to the source.
        var originX = 0.0, originY = 0.0
        var width = image.width, height = image.height
        if expand {
            let corners = [(0.0, 0.0), (Double(image.width), 0), (0, Double(image.height)),
                           (Double(image.width), Double(image.height))].map { p in
                (c.x + (p.0 - c.x) * cosine + (p.1 - c.y) * sine, c.y - (p.0 - c.x) * sine + (p.1 - c.y) * cosine)
            }
            let minX = corners.map(\.0).min()!, maxX = corners.map(\.0).max()!
            let minY = corners.map(\.1).min()!, maxY = corners.map(\.1).max()!
            let eps = 1e-6
            width = max(1, Int((maxX - minX - eps).rounded(.up)))
            height = max(1, Int((maxY - minY - eps).rounded(.up)))
            originX = (minX + maxX) / 2 - Double(width) / 2
            originY = (minY + maxY) / 2 - Double(height) / 2
        }
        let map = AffineMap(a: cosine, b: -sine, c: c.x - c.x * cosine + c.y * sine + originX * cosine - originY * sine,
                            d: sine, e: cosine, f: c.y - c.x * sine - c.y * cosine + originX * sine + originY * cosine)
        return try resample(image, width: width, height: height, map: map, filter: filter)
    }

    /// Moves the picture by (`dx`, `dy`) pixels (right, down) in the same frame. Whole
    /// pixel moves copy exactly; fractional ones resample with `filter`.
    public static func translate(_ image: Image, dx: Double, dy: Double, filter: ResampleFilter) throws(VFXError) -> Image {
        guard dx.isFinite else { throw .invalidArgument(name: "dx", message: "must be finite, got \(dx)") }
        guard dy.isFinite else { throw .invalidArgument(name: "dy", message: "must be finite, got \(dy)") }
        if dx == dx.rounded(), dy == dy.rounded(), abs(dx) < 1e9, abs(dy) < 1e9 {
            return try Geometry.shift(image, dx: Int(dx), dy: Int(dy), fill: [0])
        }
        return try resample(image, width: image.width, height: image.height,
                            map: AffineMap(a: 1, b: 0, c: -dx, d: 0, e: 1, f: -dy), filter: filter)
    }

    /// source = (a X + b Y + c, d X + e Y + f) for output position (X, Y).
    struct AffineMap {
        let a, b, c, d, e, f: Double
    }

    static func resample(_ image: Image, width: Int, height: Int, map: AffineMap,
                         filter: ResampleFilter) throws(VFXError) -> Image {
        let source = try image.inFloat32()
        let output = try image.blank(width: width, height: height)
        let channels = image.channels
        let (sourceWidth, sourceHeight) = (image.width, image.height)
        let pixels = UnsafeSendable(UnsafePointer(source.pixels.baseAddress.assumingMemoryBound(to: Float.self)))
        let radius = filter.radius
        Parallel.forEachRange(height, grain: 4) { range in
            let row = FloatScratch(width * channels)
            let sum = FloatScratch(channels)
            let scratchX = FloatScratch(16), scratchY = FloatScratch(16)
            let weightsX = scratchX.pointer, weightsY = scratchY.pointer
            let base = pixels.value
            for y in range {
                if Cancellation.isRequested { return }  // Ctrl-C: stop within a row
                for x in 0..<width {
                    let px = Double(x) + 0.5, py = Double(y) + 0.5
                    let s = map.a * px + map.b * py + map.c
                    let t = map.d * px + map.e * py + map.f
                    let out = row.pointer + x * channels
                    if filter == .nearest {
                        let sx = Int(s.rounded(.down)), sy = Int(t.rounded(.down))
                        if (0..<sourceWidth).contains(sx), (0..<sourceHeight).contains(sy) {
                            out.update(from: base + (sy * sourceWidth + sx) * channels, count: channels)
                        } else {
                            out.update(repeating: 0, count: channels)
                        }
                        continue
                    }
                    let x0 = Int((s - radius).rounded(.down)), x1 = Int((s + radius).rounded(.up))
                    let y0 = Int((t - radius).rounded(.down)), y1 = Int((t + radius).rounded(.up))
                    var totalX: Float = 0, totalY: Float = 0
                    filter.weights(from: Double(x0) + 0.5 - s, count: x1 - x0, into: weightsX)
                    filter.weights(from: Double(y0) + 0.5 - t, count: y1 - y0, into: weightsY)
                    for k in 0..<(x1 - x0) { totalX += weightsX[k] }
                    for k in 0..<(y1 - y0) { totalY += weightsY[k] }
                    sum.pointer.update(repeating: 0, count: channels)
                    let total = totalX * totalY
                    if total != 0 {
                        // Only pixels inside the source add to the sum (outside is black).
                        let cx0 = max(x0, 0), cx1 = min(x1, sourceWidth)
                        let cy0 = max(y0, 0), cy1 = min(y1, sourceHeight)
                        for j in cy0..<max(cy0, cy1) where cx0 < cx1 {
                            let wy = weightsY[j - y0]
                            if wy == 0 { continue }
                            let line = base + j * sourceWidth * channels
                            if channels == 4 {
                                // RGBA: one 4-wide multiply-add per source pixel.
                                var acc = UnsafeRawPointer(sum.pointer).loadUnaligned(as: SIMD4<Float>.self)
                                for i in cx0..<cx1 {
                                    acc += wy * weightsX[i - x0]
                                        * UnsafeRawPointer(line + i * 4).loadUnaligned(as: SIMD4<Float>.self)
                                }
                                UnsafeMutableRawPointer(sum.pointer).storeBytes(of: acc, as: SIMD4<Float>.self)
                            } else {
                                for i in cx0..<cx1 {
                                    let w = wy * weightsX[i - x0]
                                    let p = line + i * channels
                                    for ch in 0..<channels { sum.pointer[ch] += w * p[ch] }
                                }
                            }
                        }
                        let inverse = 1 / total
                        for ch in 0..<channels { out[ch] = sum.pointer[ch] * inverse }
                    } else {
                        out.update(repeating: 0, count: channels)
                    }
                }
                PixelLoader.store(row.pointer, count: width * channels, into: output, offset: y * width * channels)
            }
            withExtendedLifetime((scratchX, scratchY)) {}
        }
        return output
    }
}
