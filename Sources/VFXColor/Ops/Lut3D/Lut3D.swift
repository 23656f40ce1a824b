import VFXCore

/// A 3D LUT: `size`³ RGB entries over a cube domain, red changing fastest (the `.cube`
/// order): entry (r, g, b) is at `3 * ((b * size + g) * size + r)`.
public struct Lut3D: Sendable, Equatable {
    public enum Interpolation: String, Sendable, CaseIterable {
        case trilinear, tetrahedral
    }

    public var size: Int
    public var values: [Float]
    public var domainMin: SIMD3<Float>
    public var domainMax: SIMD3<Float>

    public init(size: Int, values: [Float], domainMin: SIMD3<Float> = .zero,
                domainMax: SIMD3<Float> = .one) throws(VFXError) {
        guard (2...256).contains(size) else {
            throw .invalidArgument(name: "size", message: "must be between 2 and 256, got \(size)")
        }
        guard values.count == 3 * size * size * size else {
            throw .invalidArgument(name: "values", message: "needs \(3 * size * size * size) values (size^3 x 3), got \(values.count)")
        }
        guard all(domainMax .> domainMin) else {
            throw .invalidArgument(name: "domain", message: "max must be above min in every channel")
        }
        self.size = size
        self.values = values
        self.domainMin = domainMin
        self.domainMax = domainMax
    }

    /// The identity cube with `size` points per axis on [0, 1].
    public static func identity(size: Int) throws(VFXError) -> Lut3D {
        guard (2...256).contains(size) else {
            throw .invalidArgument(name: "size", message: "must be between 2 and 256, got \(size)")
        }
        var values = [Float](repeating: 0, count: 3 * size * size * size)
        let step = 1 / Float(size - 1)
        for b in 0..<size {
            for g in 0..<size {
                for r in 0..<size {
                    let index = 3 * ((b * size + g) * size + r)
                    values[index] = Float(r) * step
                    values[index + 1] = Float(g) * step
                    values[index + 2] = Float(b) * step
                }
            }
        }
        return try Lut3D(size: size, values: values)
    }
}

/// Applies a `Lut3D` on RGB with trilinear or tetrahedral interpolation; inputs are
/// clamped to the domain.
public struct Lut3DOp: ColorOperation, Equatable {
    public var lut: Lut3D
    public var interpolation: Lut3D.Interpolation

    public init(_ lut: Lut3D, interpolation: Lut3D.Interpolation = .tetrahedral) {
        self.lut = lut
        self.interpolation = interpolation
    }

    public var name: String { "lut3d" }

    public func makeCPURenderer() -> any CPURenderer {
        Lut3DRenderer(lut: lut, tetrahedral: interpolation == .tetrahedral)
    }
}

struct Lut3DRenderer: CPURenderer {
    /// RGBA-padded entries so one SIMD load reads a whole entry.
    let table: [RGBA]
    let size: Int
    /// p * a + b maps the domain onto [0, 1] (`LutDomain`).
    let a: RGBA
    let b: RGBA
    let step: Float
    let tetrahedral: Bool

    init(lut: Lut3D, tetrahedral: Bool) {
        table = (0..<(lut.size * lut.size * lut.size)).map {
            RGBA(lut.values[3 * $0], lut.values[3 * $0 + 1], lut.values[3 * $0 + 2], 0)
        }
        size = lut.size
        let (a3, b3) = LutDomain.normalization(lut.domainMin, lut.domainMax)
        a = RGBA(a3, 0)
        b = RGBA(b3, 0)
        step = Float(lut.size - 1)
        self.tetrahedral = tetrahedral
    }

    /// floor(x) and x - floor(x) for 0 <= x <= 256, exactly, without a trapping
    /// float-to-int conversion: x + 2^23 puts round(x) in the low mantissa bits.
    @inline(__always)
    static func split(_ x: Float) -> (Int, Float) {
        let y = x + 8_388_608
        let nearest = y - 8_388_608
        let i = Int(truncatingIfNeeded: y.bitPattern & 0x7F_FFFF)
        let f = x - nearest
        let below = f < 0
        return (below ? i &- 1 : i, below ? f + 1 : f)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        table.withUnsafeBufferPointer { buffer in
            guard let t = buffer.baseAddress else { return }
            let last = step
            let n = size
            let strideG = n
            let strideB = n &* n
            for i in 0..<count {
                let p = pixels[i]
                // position in the grid, clamped (NaN → 0): max(0, x) and min(last, x)
                // keep the non-NaN operand as x86's maxss/minss do
                let q = (p * a + b) * step
                let (r0, fr) = Self.split(Swift.min(last, Swift.max(0, q.x)))
                let (g0, fg) = Self.split(Swift.min(last, Swift.max(0, q.y)))
                let (b0, fb) = Self.split(Swift.min(last, Swift.max(0, q.z)))
                let dr = r0 < n &- 1 ? 1 : 0
                let dg = g0 < n &- 1 ? strideG : 0
                let db = b0 < n &- 1 ? strideB : 0
                let base = b0 &* strideB &+ g0 &* strideG &+ r0
                let c000 = t[base]
                let c111 = t[base &+ dr &+ dg &+ db]
                var out: RGBA
                if tetrahedral {
                    // OpenColorIO's tetrahedral split of the unit cube by the order of the
                    // fractions, without branches (they mispredict on real images): the
                    // walk goes base → +largest axis → +middle axis → c111, and
                    // out = c0 + f1 (c1 - c0) + f2 (c2 - c1) + f3 (c111 - c2), the same
                    // arithmetic as OCIO's six cases. The largest and smallest axes are
                    // picked with opposite tie preferences so they are never the same.
                    let f1 = max(fr, max(fg, fb))
                    let f3 = min(fr, min(fg, fb))
                    let f2 = max(min(fr, fg), min(max(fr, fg), fb))
                    let first = fr >= fg && fr >= fb ? dr : (fg >= fb ? dg : db)
                    let smallest = fb <= fg && fb <= fr ? db : (fg <= fr ? dg : dr)
                    let c1 = t[base &+ first]
                    let c2 = t[base &+ dr &+ dg &+ db &- smallest]
                    out = c000 + f1 * (c1 - c000) + f2 * (c2 - c1) + f3 * (c111 - c2)
                } else {
                    let c100 = t[base &+ dr], c010 = t[base &+ dg], c110 = t[base &+ dr &+ dg]
                    let c001 = t[base &+ db], c101 = t[base &+ dr &+ db], c011 = t[base &+ dg &+ db]
                    let x00 = c000 + fr * (c100 - c000)
                    let x10 = c010 + fr * (c110 - c010)
                    let x01 = c001 + fr * (c101 - c001)
                    let x11 = c011 + fr * (c111 - c011)
                    let y0 = x00 + fg * (x10 - x00)
                    let y1 = x01 + fg * (x11 - x01)
                    out = y0 + fb * (y1 - y0)
                }
                out.w = p.w
                pixels[i] = out
            }
        }
    }
}
