import VFXCore

/// The exact inverse of a 3D LUT under tetrahedral interpolation (CTF's InverseLUT3D).
///
/// Tetrahedral interpolation is affine on each of the six tetrahedra of every grid
/// cube, so a value the LUT produces is inverted exactly: find the tetrahedron whose
/// image holds it (a uniform grid over the output space lists the candidates) and solve
/// its 3×3 affine map.
///
/// Values outside the LUT's output gamut follow OpenColorIO's InvLut3D: the input is
/// clamped to [0, 1]; the grid is extended by one layer of entries pushed away from the
/// middle (`(v − 0.5) · 4 + 0.5` of the border entry), so that the extended image covers
/// the clamped values; the solution found there is clamped back to the LUT's domain.
/// A value no tetrahedron holds maps to the domain's start.
public struct InverseLut3DOp: ColorOperation, Equatable {
    public let lut: Lut3D
    /// Built once (tetrahedra and the search grid), shared by every apply.
    private let renderer: InverseLut3DRenderer

    public init(_ lut: Lut3D) {
        self.lut = lut
        renderer = InverseLut3DRenderer(lut: lut)
    }

    public var name: String { "inverse_lut3d" }

    public func makeCPURenderer() -> any CPURenderer { renderer }

    public static func == (a: InverseLut3DOp, b: InverseLut3DOp) -> Bool { a.lut == b.lut }
}

/// Immutable after init, so sharing it between threads is safe.
final class InverseLut3DRenderer: CPURenderer, @unchecked Sendable {
    /// One tetrahedron: its first vertex, the inverse of its edge matrix (rows), the
    /// grid cube it lies in and the order in which it walks the axes.
    struct Tetrahedron {
        /// The bounding box of its image (a cheap test before solving).
        let lower: SIMD3<Double>
        let upper: SIMD3<Double>
        let origin: SIMD3<Double>
        let inverse: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)
        let cube: SIMD3<Double>
        let axes: (Int, Int, Int)
    }

    let tetrahedra: [Tetrahedron]
    /// The tetrahedra whose output bounding box meets each grid cell:
    /// `cellItems[cellStarts[c] ..< cellStarts[c + 1]]`.
    let cellStarts: [Int32]
    let cellItems: [Int32]
    let grid: Int
    let low: SIMD3<Double>
    let high: SIMD3<Double>
    let cellScale: SIMD3<Double>
    let size: Int
    let domainMin: SIMD3<Double>
    let domainStep: SIMD3<Double>

    static let orders: [(Int, Int, Int)] = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]

    init(lut: Lut3D) {
        let n = lut.size
        size = n
        domainMin = SIMD3<Double>(lut.domainMin)
        domainStep = (SIMD3<Double>(lut.domainMax) - domainMin) / Double(n - 1)
        // the grid with one extrapolated layer on every side (index 0 and n + 1)
        let m = n + 2
        func entry(_ r: Int, _ g: Int, _ b: Int) -> SIMD3<Double> {
            let inside = (1...n).contains(r) && (1...n).contains(g) && (1...n).contains(b)
            let (cr, cg, cb) = (min(max(r - 1, 0), n - 1), min(max(g - 1, 0), n - 1), min(max(b - 1, 0), n - 1))
            let i = 3 * ((cb * n + cg) * n + cr)
            var v = SIMD3<Float>(lut.values[i], lut.values[i + 1], lut.values[i + 2])
            if !inside { v = (v - 0.5) * 4 + 0.5 }
            return SIMD3<Double>(v)
        }
        var low = SIMD3<Double>(repeating: .infinity), high = SIMD3<Double>(repeating: -.infinity)
        for b in 0..<m {
            for g in 0..<m {
                for r in 0..<m {
                    let v = entry(r, g, b)
                    low = pointwiseMin(low, v)
                    high = pointwiseMax(high, v)
                }
            }
        }
        // inputs are clamped to [0, 1]: the search grid needs to cover no more
        low = pointwiseMax(low, .zero)
        high = pointwiseMax(pointwiseMin(high, .one), low)
        let span = pointwiseMax(high - low, SIMD3(repeating: 1e-12))
        let grid = max(4, min(64, 2 * (n - 1)))
        self.grid = grid
        self.low = low
        self.high = high
        cellScale = SIMD3(repeating: Double(grid)) / span
        var tetrahedra: [Tetrahedron] = []
        var cells = [[Int32]](repeating: [], count: grid * grid * grid)
        for b in 0..<(m - 1) {
            for g in 0..<(m - 1) {
                for r in 0..<(m - 1) {
                    let start = SIMD3(r, g, b)
                    for axes in Self.orders {
                        var c1 = start
                        c1[axes.0] += 1
                        var c2 = c1
                        c2[axes.1] += 1
                        let v0 = entry(r, g, b), v1 = entry(c1.x, c1.y, c1.z), v2 = entry(c2.x, c2.y, c2.z)
                        let v3 = entry(r + 1, g + 1, b + 1)
                        let e1 = v1 - v0, e2 = v2 - v1, e3 = v3 - v2
                        guard let inverse = Self.invert(e1, e2, e3) else { continue }
                        let lo = pointwiseMin(pointwiseMin(v0, v1), pointwiseMin(v2, v3))
                        let hi = pointwiseMax(pointwiseMax(v0, v1), pointwiseMax(v2, v3))
                        if any(hi .< low) || any(lo .> high) { continue }  // never searched
                        let index = Int32(tetrahedra.count)
                        // grid coordinates of the extended grid, shifted back to the LUT's
                        let slack = SIMD3<Double>(repeating: 1e-9)
                        tetrahedra.append(Tetrahedron(lower: lo - slack, upper: hi + slack, origin: v0, inverse: inverse,
                                                      cube: SIMD3<Double>(Double(r - 1), Double(g - 1), Double(b - 1)),
                                                      axes: axes))
                        let from = Self.cell(lo, low, cellScale, grid), to = Self.cell(hi, low, cellScale, grid)
                        for cz in from.z...to.z {
                            for cy in from.y...to.y {
                                for cx in from.x...to.x { cells[(cz * grid + cy) * grid + cx].append(index) }
                            }
                        }
                    }
                }
            }
        }
        self.tetrahedra = tetrahedra
        var starts = [Int32](repeating: 0, count: cells.count + 1)
        for (c, items) in cells.enumerated() { starts[c + 1] = starts[c] + Int32(items.count) }
        cellStarts = starts
        cellItems = cells.flatMap { $0 }
    }

    /// The inverse of the matrix with columns a, b, c, as rows; nil when singular.
    static func invert(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>)
        -> (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)? {
        func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        }
        let bc = cross(b, c), ca = cross(c, a), ab = cross(a, b)
        let det = (a * bc).sum()
        guard abs(det) > 1e-14 else { return nil }
        return (bc / det, ca / det, ab / det)
    }

    static func cell(_ v: SIMD3<Double>, _ low: SIMD3<Double>, _ scale: SIMD3<Double>, _ grid: Int) -> SIMD3<Int> {
        let q = (v - low) * scale
        func index(_ x: Double) -> Int { x.isNaN ? 0 : Int(min(max(x, 0), Double(grid - 1))) }
        return SIMD3(index(q.x), index(q.y), index(q.z))
    }

    /// The domain point for output `y`, and how far outside its tetrahedron it is (0 inside).
    @inline(__always)
    func solve(_ y: SIMD3<Double>, _ t: Tetrahedron) -> (SIMD3<Double>, Double) {
        let d = y - t.origin
        let f1 = (t.inverse.0 * d).sum(), f2 = (t.inverse.1 * d).sum(), f3 = (t.inverse.2 * d).sum()
        let violation = max(0, -f3, f3 - f2, f2 - f1, f1 - 1)
        var f = SIMD3<Double>.zero
        f[t.axes.0] = f1
        f[t.axes.1] += f2
        f[t.axes.2] += f3
        return (t.cube + f, violation)
    }

    /// `hint`: the tetrahedron that held the previous pixel, tried first (neighbouring
    /// pixels of an image usually fall in the same one); updated when one holds `value`.
    func invert(_ value: SIMD3<Float>, _ tets: UnsafeBufferPointer<Tetrahedron>, _ starts: UnsafeBufferPointer<Int32>,
                _ items: UnsafeBufferPointer<Int32>, hint: inout Int) -> SIMD3<Float> {
        var y = SIMD3<Double>(value)
        let zero = SIMD3<Double>.zero, one = SIMD3<Double>.one
        y = y.replacing(with: zero, where: .!(y .> zero))  // NaN → 0 too
        y = y.replacing(with: one, where: y .> one)
        if hint < tets.count {
            let (x, violation) = solve(y, tets[hint])
            if violation <= 1e-9 { return result(x) }
        }
        let c = Self.cell(y, low, cellScale, grid)
        let cell = (c.z * grid + c.y) * grid + c.x
        for k in Int(starts[cell])..<Int(starts[cell + 1]) {
            let t = tets[Int(items[k])]
            if any(y .< t.lower) || any(y .> t.upper) { continue }
            let (x, violation) = solve(y, t)
            if violation <= 1e-9 {
                hint = Int(items[k])
                return result(x)
            }
        }
        return result(.zero)
    }

    /// Grid coordinates → the domain, clamped to it.
    @inline(__always)
    func result(_ x: SIMD3<Double>) -> SIMD3<Float> {
        let clamped = pointwiseMin(pointwiseMax(x, .zero), SIMD3(repeating: Double(size - 1)))
        return SIMD3<Float>(domainMin + clamped * domainStep)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        tetrahedra.withUnsafeBufferPointer { tets in
            cellStarts.withUnsafeBufferPointer { starts in
                cellItems.withUnsafeBufferPointer { items in
                    var hint = Int.max
                    for i in 0..<count {
                        let p = pixels[i]
                        let x = invert(SIMD3(p.x, p.y, p.z), tets, starts, items, hint: &hint)
                        pixels[i] = RGBA(x.x, x.y, x.z, p.w)
                    }
                }
            }
        }
    }
}
