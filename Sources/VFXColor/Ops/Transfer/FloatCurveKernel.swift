import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A transfer curve in one direction computed in float32: CPixelKernels' `vfx_transfer_rgb`
/// on the CPU (AVX2 / AVX-512 / baseline, bit-identical) and transfer32.glsl on the GPU,
/// operation for operation. The log2, exp2 and pow are fast_pow's (within 1.6e-7 relative);
/// a log decode carries `(v − d)·s` as a float pair, so the exponent's rounding is not
/// amplified; PQ carries pairs through its ratio and a more precise log2. Curves that
/// have one use it instead of the float64 `Lanes` formulas.
///
/// `constants` are the C kernel's k[] (VFXColorMath.h): every threshold is the float
/// that gives the formula's comparison on float inputs (`above` and `atOrAbove`).
public struct FloatCurveKernel: Sendable, Equatable {
    /// ColorOps.table's `floatCurve`: transfer32.glsl's `floatCurve_<case>`, and (the raw
    /// value) `vfx_transfer_rgb`'s kind, whose numbers VFXColorMath.h documents.
    public typealias Kind = GPUFloatCurve

    public let kind: Kind
    public let constants: [Float]

    /// `v > cut ? pow((v + offset)·scale, p)·mul + add : v·linear`.
    static func power(above cut: Float, linear: Double, offset: Double = 0, scale: Double = 1, p: Double,
                      mul: Double = 1, add: Double = 0) -> FloatCurveKernel {
        FloatCurveKernel(kind: .power, constants: [cut, Float(linear), Float(offset), Float(scale), Float(p),
                                                   Float(mul), Float(add)])
    }

    /// `v > 0 ? v^p : (mirrored ? −(−v)^p : 0)`.
    static func gamma(_ p: Double, mirrored: Bool) -> FloatCurveKernel {
        FloatCurveKernel(kind: .gamma, constants: [Float(p), mirrored ? 1 : 0])
    }

    /// `v > cut ? log2(max(v·a + b, floor))·c + d : v·e + f`; c and d are passed split so
    /// the kernel sums e·c + l·c + d as a float pair. The kernel tests `v >= k0` with k0
    /// the float after `cut`, which is the same test on floats; a `cut` of −inf makes k0
    /// −inf, so the log piece runs on every input, −inf included (to the floor).
    static func logEncode(above cut: Float, a: Double, b: Double, c: Double, d: Double, e: Double, f: Double,
                          floor: Float = .leastNormalMagnitude) -> FloatCurveKernel {
        let cFloat = Float(c)
        let cHigh = Float(bitPattern: cFloat.bitPattern & 0xFFFF_F000)
        let dHigh = Float(d)
        return FloatCurveKernel(kind: .logEncode, constants: [
            cut == -.infinity ? cut : cut.nextUp, Float(a), Float(b), floor, cFloat, cHigh, cFloat - cHigh, Float(c - Double(cFloat)),
            dHigh, Float(d - Double(dHigh)), Float(e), Float(f),
        ])
    }

    /// `x > cut ? min((2^((x − d)·s) − b)·m, top) : (v − f)·n`, for s > 0, where x is v
    /// clamped to where 2^(...) is between 2^−200 and 2^200 (already 0 or +inf in float)
    /// and to ±1e30 (the float pair's products stay finite). `top` is a curve's ceiling
    /// (ACEScct's 65504). A `cut` of −inf runs the log piece on every input, −inf included
    /// (it goes to the bottom clamp).
    static func logDecode(above cut: Float, d: Double, s: Double, b: Double, m: Double, f: Double, n: Double,
                          top: Float = .infinity) -> FloatCurveKernel {
        let dHigh = Float(d)
        let sFloat = Float(s)
        let sHigh = Float(bitPattern: sFloat.bitPattern & 0xFFFF_F000)
        let low = Float(Swift.max(d - 200 / s, -1e30))
        let high = Float(Swift.min(d + 200 / s, 1e30))
        return FloatCurveKernel(kind: .logDecode, constants: [
            cut, low, high, dHigh, Float(d - Double(dHigh)), sFloat, sHigh, sFloat - sHigh,
            Float(s - Double(sFloat)), Float(b), Float(m), Float(f), Float(n), top,
        ])
    }

    /// Two `logEncode` (or two `logDecode`) kernels in one: `low` for v < `split`, `high`
    /// from `split` on. `mirrored`: `low` runs on −v and its result is negated (a
    /// two-sided curve). `lowerPiece` swaps each set's linear piece: for an encode,
    /// `sqrt(x·e)` (fast_pow with p = 0.5) for `x·e + f`; for a decode, `((x − f)·n)·x`
    /// for `(x − f)·n` (HLG's two pieces).
    static func split(below split: Float, mirrored: Bool = false, lowerPiece: Bool = false,
                      _ low: FloatCurveKernel, _ high: FloatCurveKernel) -> FloatCurveKernel {
        precondition(low.kind == high.kind && (low.kind == .logEncode || low.kind == .logDecode),
                     "a split kernel joins two log encodes or two log decodes")
        return FloatCurveKernel(kind: low.kind == .logEncode ? .splitLogEncode : .splitLogDecode,
                                constants: [split, mirrored ? 1 : 0, lowerPiece ? 1 : 0] + low.constants
                                    + high.constants)
    }

    /// SMPTE ST 2084 (ops/transfer_pq.inc): encode of `max(v·peak, 0)`, or decode times
    /// `peak`; the kernel carries float pairs where the curve amplifies rounding. Encode's
    /// constants: peak as a float pair (k0 + k1), and k0 split in two 12-bit halves (k2 + k3)
    /// for Dekker's product v·peak.
    static func pq(_ direction: TransferDirection, peak: Double) -> FloatCurveKernel {
        let k0 = Float(peak)
        guard direction == .encode else { return FloatCurveKernel(kind: .pqDecode, constants: [k0]) }
        let k2 = Float(bitPattern: k0.bitPattern & 0xFFFF_F000)
        return FloatCurveKernel(kind: .pqEncode, constants: [k0, Float(peak - Double(k0)), k2, k0 - k2])
    }

    /// Runs the kernel on `count` RGBA pixels in place.
    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            constants.withUnsafeBufferPointer { k in
                vfx_transfer_rgb(floats, count, Int32(kind.rawValue), k.baseAddress)
            }
        }
    }

    /// The fused chain shader's step (transfer32.glsl): the kind, then the constants.
    var gpuKernel: GPUKernel {
        .transfer32(kind: kind.rawValue, k: constants)
    }
}

extension Float {
    /// The greatest float ≤ `x`: for float inputs, `v > Float.above(x)` is `v > x`
    /// (and `v <= x` its complement).
    static func above(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) > x ? f.nextDown : f
    }

    /// The greatest float < `x`: for float inputs, `v > Float.atOrAbove(x)` is `v >= x`.
    static func atOrAbove(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) >= x ? f.nextDown : f
    }
}

/// The CPU renderer of a `FloatCurveKernel`: `vfx_transfer_rgb` on each block, or
/// `vfx_transfer_stored` straight on f16, u8 and u16 pixels.
struct FloatCurveRenderer: StoredPixelRenderer {
    let kernel: FloatCurveKernel

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        kernel.apply(pixels, count: count)
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        kernel.constants.withUnsafeBufferPointer { k in
            vfx_transfer_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                                destinationFormat.kernelFormat, Int32(destinationChannels), count,
                                Int32(kernel.kind.rawValue), k.baseAddress)
        }
    }
}
