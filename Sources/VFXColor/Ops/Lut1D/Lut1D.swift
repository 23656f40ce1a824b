import CPixelKernels
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// A 1D LUT: per-channel curves sampled at `size` points evenly spread over a domain
/// (`.cube` DOMAIN_MIN/MAX, CLF's default [0, 1]), or a half-domain LUT with one entry
/// per half-float bit pattern (CLF `halfDomain`, 65536 entries).
///
/// Values are RGB triplets, `values[3 * i + c]`; a single-curve LUT stores the same
/// curve in all three channels.
public struct Lut1D: Sendable, Equatable {
    public var size: Int
    public var values: [Float]
    public var domainMin: SIMD3<Float>
    public var domainMax: SIMD3<Float>
    /// True for a half-domain LUT: entry i is the output for the half whose bits are i.
    public var isHalfDomain: Bool

    /// Checks the shape: `values.count == 3 * size`, size ≥ 2 (65536 for half domains),
    /// a non-empty domain, finite values (NaN allowed only in half-domain NaN entries).
    public init(size: Int, values: [Float], domainMin: SIMD3<Float> = .zero, domainMax: SIMD3<Float> = .one,
                isHalfDomain: Bool = false) throws(VFXError) {
        guard size >= 2 else { throw .invalidArgument(name: "size", message: "must be at least 2, got \(size)") }
        guard values.count == 3 * size else {
            throw .invalidArgument(name: "values", message: "needs \(3 * size) values (size x 3), got \(values.count)")
        }
        if isHalfDomain, size != 65536 {
            throw .invalidArgument(name: "size", message: "a half-domain LUT has 65536 entries, got \(size)")
        }
        guard !isHalfDomain ? all(domainMax .> domainMin) : true else {
            throw .invalidArgument(name: "domain", message: "max must be above min in every channel")
        }
        self.size = size
        self.values = values
        self.domainMin = domainMin
        self.domainMax = domainMax
        self.isHalfDomain = isHalfDomain
    }

    /// The identity on [0, 1] with `size` points.
    public static func identity(size: Int) throws(VFXError) -> Lut1D {
        try Lut1D(size: size, values: (0..<size).flatMap { i -> [Float] in
            let x = Float(i) / Float(size - 1)
            return [x, x, x]
        })
    }

    /// A display-encoding gamma curve: x → x^(1/gamma) on [0, 1].
    public static func gamma(size: Int, gamma: Float) throws(VFXError) -> Lut1D {
        guard gamma > 0, gamma.isFinite else {
            throw .invalidArgument(name: "gamma", message: "must be a positive number, got \(gamma)")
        }
        return try Lut1D(size: size, values: (0..<size).flatMap { i -> [Float] in
            let y = Float(pow(Double(i) / Double(size - 1), 1 / Double(gamma)))
            return [y, y, y]
        })
    }

    /// The curve of channel `channel` at input `x` (linear interpolation, input clamped
    /// to the domain). Renderers use the same arithmetic.
    public func evaluate(_ x: Float, channel: Int) -> Float {
        let (a, b) = LutDomain.normalization(domainMin, domainMax)
        return values.withUnsafeBufferPointer { table in
            Lut1DRenderer.lookup(x, channel, table.baseAddress!, size, a[channel], b[channel])
        }
    }
}

/// Applies a `Lut1D` on RGB.
public struct Lut1DOp: ColorOperation, Equatable {
    public var lut: Lut1D
    public init(_ lut: Lut1D) { self.lut = lut }
    public var name: String { "lut1d" }

    public func makeCPURenderer() -> any CPURenderer {
        lut.isHalfDomain ? HalfDomainLut1DRenderer(lut: lut) : Lut1DRenderer(lut: lut)
    }
}

/// Runs `vfx_lut1d_rgb` (CPixelKernels: 64-bit gathers on AVX2 / AVX-512, the same bits
/// as `lookup`) with the table repacked once per channel as (entry, difference) pairs, or
/// `vfx_lut1d_stored` straight on f16, u8 and u16 pixels.
struct Lut1DRenderer: StoredPixelRenderer {
    /// Per channel, size pairs (entry i, entry i + 1 − entry i), as vfx_lut1d_rgb reads them.
    let planar: [Float]
    let size: Int
    /// x * a + b maps the domain onto [0, 1].
    let a: SIMD3<Float>
    let b: SIMD3<Float>

    var channelBehavior: ChannelBehavior { .perChannelCheap }

    init(lut: Lut1D) {
        size = lut.size
        (a, b) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        var planar = [Float](repeating: 0, count: 6 * lut.size)
        for c in 0..<3 {
            for i in 0..<lut.size {
                let here = lut.values[3 * i + c]
                let next = i + 1 < lut.size ? lut.values[3 * (i + 1) + c] : here
                planar[2 * (c * lut.size + i)] = here
                planar[2 * (c * lut.size + i) + 1] = next - here
            }
        }
        self.planar = planar
    }

    /// Linear interpolation in channel `c` of an interleaved RGB table, at the position
    /// `(x * a + b) * (size - 1)` clamped to the table; NaN → entry 0.
    @inline(__always)
    static func lookup(_ x: Float, _ c: Int, _ table: UnsafePointer<Float>, _ size: Int, _ a: Float,
                       _ b: Float) -> Float {
        let last = Float(size - 1)
        var t = (x * a + b) * last
        t = t > 0 ? (t < last ? t : last) : 0
        let i = Int(t)
        let next = i + 1 < size ? i + 1 : i
        let f = t - Float(i)
        let a = table[3 * i + c]
        let b = table[3 * next + c]
        return a + f * (b - a)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let scale = [a.x, a.y, a.z], offset = [b.x, b.y, b.z]
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: Float.self, capacity: 4 * count) { floats in
            planar.withUnsafeBufferPointer { table in
                vfx_lut1d_rgb(floats, count, table.baseAddress, Int32(size), scale, offset)
            }
        }
    }

    func apply(from source: UnsafeRawPointer, format sourceFormat: PixelFormat, channels sourceChannels: Int,
               to destination: UnsafeMutableRawPointer, format destinationFormat: PixelFormat,
               channels destinationChannels: Int, count: Int) {
        let scale = [a.x, a.y, a.z], offset = [b.x, b.y, b.z]
        planar.withUnsafeBufferPointer { table in
            vfx_lut1d_stored(source, sourceFormat.kernelFormat, Int32(sourceChannels), destination,
                             destinationFormat.kernelFormat, Int32(destinationChannels), count,
                             table.baseAddress, Int32(size), scale, offset)
        }
    }
}

/// A half-domain LUT: the input's half bit pattern indexes the table; inputs between
/// two halves interpolate linearly between their entries.
struct HalfDomainLut1DRenderer: CPURenderer {
    let table: [Float]

    init(lut: Lut1D) { table = lut.values }

    /// A scalar loop: dearer than a gather from a baked table.
    var channelBehavior: ChannelBehavior { .perChannelCostly }

    @inline(__always)
    static func lookup(_ x: Float, _ c: Int, _ t: UnsafePointer<Float>) -> Float {
        let h = Float16(x)
        let bits = Int(h.bitPattern)
        let hv = Float(h)
        if hv == x || !h.isFinite { return t[3 * bits + c] }
        // the neighbouring half on the other side of x
        let other = x > hv ? h.nextUp : h.nextDown
        let ov = Float(other)
        let a = t[3 * bits + c]
        let b = t[3 * Int(other.bitPattern) + c]
        let f = (x - hv) / (ov - hv)
        return a + f * (b - a)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        table.withUnsafeBufferPointer { buffer in
            guard let t = buffer.baseAddress else { return }
            for i in 0..<count {
                var p = pixels[i]
                p.x = Self.lookup(p.x, 0, t)
                p.y = Self.lookup(p.y, 1, t)
                p.z = Self.lookup(p.z, 2, t)
                pixels[i] = p
            }
        }
    }
}

/// How LUT renderers map a domain onto the table: `x * a + b` onto [0, 1], then times
/// (size - 1), with a = 1 / (max - min) and b = -min / (max - min) computed in double and
/// rounded to float — OpenColorIO's arithmetic (a MatrixTransform before a LUT on [0, 1]),
/// so positions, and results, agree with it bit for bit. The [0, 1] domain gives a = 1,
/// b = 0: the input itself.
enum LutDomain {
    static func normalization(_ low: SIMD3<Float>, _ high: SIMD3<Float>) -> (SIMD3<Float>, SIMD3<Float>) {
        var a = SIMD3<Float>(), b = SIMD3<Float>()
        for c in 0..<3 {
            let span = Double(high[c]) - Double(low[c])
            a[c] = Float(1 / span)
            b[c] = Float(-Double(low[c]) / span)
        }
        return (a, b)
    }
}
