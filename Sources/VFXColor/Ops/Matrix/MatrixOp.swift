import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// `out = M · in + offset` on RGBA (OpenColorIO's MatrixTransform). Exposure, saturation
/// and `apply_matrix` are matrices; neighbors multiply into one.
public struct MatrixOp: ColorOperation, Equatable {
    /// Row-major 4×4: `rows[i]` dotted with the pixel gives channel i.
    public var rows: [RGBA]
    public var offset: RGBA

    public var name: String { "matrix" }

    public init(rows: [RGBA], offset: RGBA = .zero) {
        precondition(rows.count == 4, "a 4x4 matrix has 4 rows")
        self.rows = rows
        self.offset = offset
    }

    /// A 3×3 matrix on RGB (alpha untouched), from 9 row-major values.
    public init(rgb values: [Float], offset: SIMD3<Float> = .zero) {
        precondition(values.count == 9, "a 3x3 matrix has 9 values")
        rows = [RGBA(values[0], values[1], values[2], 0), RGBA(values[3], values[4], values[5], 0),
                RGBA(values[6], values[7], values[8], 0), RGBA(0, 0, 0, 1)]
        self.offset = RGBA(offset.x, offset.y, offset.z, 0)
    }

    /// A 4×4 matrix on RGBA, from 16 row-major values.
    public init(rgba values: [Float], offset: RGBA = .zero) {
        precondition(values.count == 16, "a 4x4 matrix has 16 values")
        rows = (0..<4).map { RGBA(values[4 * $0], values[4 * $0 + 1], values[4 * $0 + 2], values[4 * $0 + 3]) }
        self.offset = offset
    }

    /// Scales RGB by `factors` (alpha untouched).
    public static func scale(_ factors: SIMD3<Float>) -> MatrixOp {
        MatrixOp(rgb: [factors.x, 0, 0, 0, factors.y, 0, 0, 0, factors.z])
    }

    /// Exposure in stops: RGB × 2^stops.
    public static func exposure(stops: Float) -> MatrixOp {
        let factor = Float(exp2(Double(stops)))
        return scale(SIMD3(repeating: factor))
    }

    /// Saturation about a luma: `luma + amount * (rgb - luma)`, luma = weights · rgb.
    public static func saturation(_ amount: Float, weights: SIMD3<Float> = Luma.rec709) -> MatrixOp {
        let w = weights * (1 - amount)
        return MatrixOp(rgb: [w.x + amount, w.y, w.z,
                              w.x, w.y + amount, w.z,
                              w.x, w.y, w.z + amount])
    }

    public var isIdentity: Bool {
        offset == .zero && rows == [RGBA(1, 0, 0, 0), RGBA(0, 1, 0, 0), RGBA(0, 0, 1, 0), RGBA(0, 0, 0, 1)]
    }

    /// True when alpha passes through unchanged.
    public var keepsAlpha: Bool {
        rows[3] == RGBA(0, 0, 0, 1) && offset.w == 0 && rows[0].w == 0 && rows[1].w == 0 && rows[2].w == 0
    }

    public func combined(with next: any ColorOperation) -> (any ColorOperation)? {
        guard let next = next as? MatrixOp else { return nil }
        // next(self(p)) = N (M p + o) + n = (N M) p + (N o + n)
        var product: [RGBA] = []
        for row in next.rows {
            var out = RGBA.zero
            for k in 0..<4 { out += row[k] * rows[k] }
            product.append(out)
        }
        let shifted = RGBA(next.rows.map { ($0 * offset).sum() }) + next.offset
        return MatrixOp(rows: product, offset: shifted)
    }

    /// The matrix applied to one pixel.
    @inline(__always)
    public func apply(_ p: RGBA) -> RGBA {
        RGBA((rows[0] * p).sum(), (rows[1] * p).sum(), (rows[2] * p).sum(), (rows[3] * p).sum()) + offset
    }

    public func makeCPURenderer() -> any CPURenderer {
        let isDiagonal = rows[0].y == 0 && rows[0].z == 0 && rows[1].x == 0 && rows[1].z == 0
            && rows[2].x == 0 && rows[2].y == 0 && keepsAlpha
        if isDiagonal && offset == .zero {
            return ScaleRenderer(scale: RGBA(rows[0].x, rows[1].y, rows[2].z, 1))
        }
        return MatrixRenderer(rows: rows, offset: offset)
    }
}

/// Rec.709 / sRGB and other luma weights.
public enum Luma {
    public static let rec709 = SIMD3<Float>(0.2126, 0.7152, 0.0722)
}

/// Per-channel scale (exposure): one multiply per pixel.
struct ScaleRenderer: StoredPixelRenderer {
    /// R, G, B factors; alpha's is 1 (MatrixOp makes a ScaleRenderer only for those).
    let scale: RGBA

    var channelBehavior: ChannelBehavior { .perChannelCheap }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        for i in 0..<count { pixels[i] *= scale }
    }

    /// The same multiplies in vfx_scale_stored's vector loop (alpha * 1 is alpha, which
    /// that loop leaves as it is).
    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3) { factors in
            guard let f = factors.baseAddress else { return }
            f[0] = scale.x; f[1] = scale.y; f[2] = scale.z
            vfx_scale_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                             destinationFormat.kernelFormat, Int32(destinationChannels), count, f)
        }
    }
}

/// Full 4×4 + offset, in a vectorized C loop; `vfx_matrix_stored` straight on f16, u8
/// and u16 pixels.
struct MatrixRenderer: StoredPixelRenderer {
    let matrix: [Float]
    let offset: [Float]

    init(rows: [RGBA], offset: RGBA) {
        matrix = rows.flatMap { [$0.x, $0.y, $0.z, $0.w] }
        self.offset = [offset.x, offset.y, offset.z, offset.w]
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            vfx_matrix_rgba(floats, count, matrix, offset)
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        vfx_matrix_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                          destinationFormat.kernelFormat, Int32(destinationChannels), count,
                          matrix, offset)
    }
}
