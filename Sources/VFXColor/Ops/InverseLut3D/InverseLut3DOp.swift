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
    /// The LUT with one extrapolated layer on every side: `m = size + 2` entries per axis,
    /// red fastest.
    let grid: [SIMD3<Double>]
    let m: Int
    let size: Int
    /// Per grid cube (index `(b * (m-1) + g) * (m-1) + r`): the bounding box of its image.
    let cubeLower: [SIMD3<Double>]
    let cubeUpper: [SIMD3<Double>]
    /// The cubes whose image meets each search cell over [0, 1]³:
    /// `cellItems[cellStarts[c] ..< cellStarts[c + 1]]`.
    let cellStarts: [Int32]
    let cellItems: [Int32]
    let cells: Int
    let domainMin: SIMD3<Double>
    let domainStep: SIMD3<Double>

    /// The six tetrahedra of a cube, as the order in which they walk the axes.
    static let orders: [(Int, Int, Int)] = [(0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)]

    /// Builds the extended grid, the cubes' bounding boxes and the search cells. Every
    /// cell lists, in ascending cube order, each cube whose box meets it (the search
    /// tries them in that order, so which tetrahedron answers does not depend on how the
    /// work is split). The cells are filled in parallel, each worker owning a slab of
    /// them, from per-cube cell ranges computed once.
    init(lut: Lut3D) {
        let n = lut.size
        size = n
        domainMin = SIMD3<Double>(lut.domainMin)
        domainStep = (SIMD3<Double>(lut.domainMax) - domainMin) / Double(n - 1)
        let m = n + 2
        self.m = m
        grid = Self.extendedGrid(lut, m: m)
        let k = m - 1
        let cubeCount = k * k * k
        var lower = [SIMD3<Double>](repeating: .zero, count: cubeCount)
        var upper = lower
        // Inputs are clamped to [0, 1]: the search cells cover just that, one per LUT
        // interval. (Twice as fine made 4.5x the entries for a 33^3 LUT, mostly from the
        // border cubes' wide boxes, and shortened each list by less than half; the cell
        // size never changes a result, as a search tries exactly the cubes whose box
        // holds the value, in cube order.)
        let cells = max(4, min(64, n - 1))
        self.cells = cells
        // per cube: its cells' lower corner and upper corner (x, y, z), or x = -1 when
        // its box misses [0, 1]³
        var ranges = [SIMD8<Int32>](repeating: .zero, count: cubeCount)
        grid.withUnsafeBufferPointer { g in
        lower.withUnsafeMutableBufferPointer { lowerOut in
        upper.withUnsafeMutableBufferPointer { upperOut in
        ranges.withUnsafeMutableBufferPointer { rangeOut in
            let (g, lo, hi, r) = (UnsafeSendable(g.baseAddress!), UnsafeSendable(lowerOut.baseAddress!),
                                  UnsafeSendable(upperOut.baseAddress!), UnsafeSendable(rangeOut.baseAddress!))
            Parallel.forEachRange(k, grain: 1) { slabs in
                for b in slabs {
                    for gi in 0..<k {
                        for ri in 0..<k {
                            var low = SIMD3<Double>(repeating: .infinity), high = SIMD3<Double>(repeating: -.infinity)
                            for corner in 0..<8 {
                                let v = g.value[((b + (corner >> 2 & 1)) * m + gi + (corner >> 1 & 1)) * m + ri + (corner & 1)]
                                low = pointwiseMin(low, v)
                                high = pointwiseMax(high, v)
                            }
                            let cube = (b * k + gi) * k + ri
                            low -= SIMD3(repeating: 1e-9)
                            high += SIMD3(repeating: 1e-9)
                            lo.value[cube] = low
                            hi.value[cube] = high
                            if any(high .< .zero) || any(low .> .one) {
                                r.value[cube] = SIMD8(repeating: -1)
                            } else {
                                let from = Self.cell(low, cells), to = Self.cell(high, cells)
                                r.value[cube] = SIMD8(Int32(from.x), Int32(from.y), Int32(from.z), Int32(to.x),
                                                      Int32(to.y), Int32(to.z), 0, 0)
                            }
                        }
                    }
                }
            }
        }
        }
        }
        }
        cubeLower = lower
        cubeUpper = upper
        (cellStarts, cellItems) = Self.binCubes(ranges, cells: cells)
    }

    /// The LUT with one extrapolated layer on every side, red fastest.
    private static func extendedGrid(_ lut: Lut3D, m: Int) -> [SIMD3<Double>] {
        let n = lut.size
        return [SIMD3<Double>](unsafeUninitializedCapacity: m * m * m) { grid, count in
            lut.values.withUnsafeBufferPointer { values in
                for b in 0..<m {
                    let cb = min(max(b - 1, 0), n - 1)
                    for g in 0..<m {
                        let cg = min(max(g - 1, 0), n - 1)
                        for r in 0..<m {
                            let inside = (1...n).contains(r) && (1...n).contains(g) && (1...n).contains(b)
                            let i = 3 * ((cb * n + cg) * n + min(max(r - 1, 0), n - 1))
                            var v = SIMD3<Float>(values[i], values[i + 1], values[i + 2])
                            if !inside { v = (v - 0.5) * 4 + 0.5 }  // pushed away from the middle, as OCIO
                            grid.initializeElement(at: (b * m + g) * m + r, to: SIMD3<Double>(v))
                        }
                    }
                }
            }
            count = m * m * m
        }
    }

    /// The cell lists (counting sort): each worker owns a slab of cell z-planes and walks
    /// every cube in order, so each list comes out in ascending cube order.
    private static func binCubes(_ ranges: [SIMD8<Int32>], cells: Int) -> ([Int32], [Int32]) {
        let cellCount = cells * cells * cells
        var starts = [Int32](repeating: 0, count: cellCount + 1)
        let plane = cells * cells
        // every slab walks all the cubes: two slabs per worker balance the load
        let slabGrain = max(1, cells / (2 * Parallel.workerCount))
        ranges.withUnsafeBufferPointer { rangeIn in
        starts.withUnsafeMutableBufferPointer { startOut in
            let (r, counts) = (UnsafeSendable(rangeIn), UnsafeSendable(startOut.baseAddress! + 1))
            Parallel.forEachRange(cells, grain: slabGrain) { slab in
                let (zLow, zHigh) = (Int32(slab.lowerBound), Int32(slab.upperBound - 1))
                for range in r.value where range[0] >= 0 && range[2] <= zHigh && range[5] >= zLow {
                    for z in max(range[2], zLow)...min(range[5], zHigh) {
                        for y in range[1]...range[4] {
                            let row = Int(z) * plane + Int(y) * cells
                            for x in range[0]...range[3] { counts.value[row + Int(x)] &+= 1 }
                        }
                    }
                }
            }
            for c in 0..<cellCount { startOut[c + 1] &+= startOut[c] }
        }
        }
        let total = Int(starts[cellCount])
        let items = [Int32](unsafeUninitializedCapacity: total) { items, count in
            starts.withUnsafeBufferPointer { startIn in
            ranges.withUnsafeBufferPointer { rangeIn in
                let (r, s, out) = (UnsafeSendable(rangeIn), UnsafeSendable(startIn.baseAddress!),
                                   UnsafeSendable(items.baseAddress!))
                Parallel.forEachRange(cells, grain: slabGrain) { slab in
                    let (zLow, zHigh) = (Int32(slab.lowerBound), Int32(slab.upperBound - 1))
                    // this slab's cells' fill positions, from their starts
                    let first = slab.lowerBound * plane, count = slab.count * plane
                    var fill = [Int32](unsafeUninitializedCapacity: count) { fill, filled in
                        for c in 0..<count { fill.initializeElement(at: c, to: s.value[first + c]) }
                        filled = count
                    }
                    fill.withUnsafeMutableBufferPointer { fill in
                        for (cube, range) in r.value.enumerated() where range[0] >= 0 && range[2] <= zHigh
                            && range[5] >= zLow {
                            for z in max(range[2], zLow)...min(range[5], zHigh) {
                                for y in range[1]...range[4] {
                                    let row = Int(z) * plane + Int(y) * cells - first
                                    for x in range[0]...range[3] {
                                        let c = row + Int(x)
                                        out.value[Int(fill[c])] = Int32(cube)
                                        fill[c] &+= 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            }
            count = total
        }
        return (starts, items)
    }

    static func cell(_ v: SIMD3<Double>, _ cells: Int) -> SIMD3<Int> {
        let q = v * Double(cells)
        func index(_ x: Double) -> Int { x.isNaN ? 0 : Int(min(max(x, 0), Double(cells - 1))) }
        return SIMD3(index(q.x), index(q.y), index(q.z))
    }

    /// Solves `y` in tetrahedron `order` of cube `cube`: the grid coordinates (of the
    /// LUT, not the extended grid) and how far outside the tetrahedron `y` is (0 inside).
    @inline(__always)
    func solve(_ y: SIMD3<Double>, cube: Int, order: Int, _ g: UnsafePointer<SIMD3<Double>>) -> (SIMD3<Double>, Double) {
        let k = m - 1
        let r = cube % k, gi = cube / k % k, b = cube / (k * k)
        let axes = Self.orders[order]
        let strides = SIMD3(1, m, m * m)
        let base = (b * m + gi) * m + r
        let i1 = base + strides[axes.0], i2 = i1 + strides[axes.1], i3 = base + 1 + m + m * m
        let v0 = g[base], v1 = g[i1], v2 = g[i2], v3 = g[i3]
        let e1 = v1 - v0, e2 = v2 - v1, e3 = v3 - v2
        func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        }
        let c23 = cross(e2, e3)
        let det = (e1 * c23).sum()
        guard abs(det) > 1e-14 else { return (.zero, .infinity) }
        let d = y - v0
        let f1 = (d * c23).sum() / det
        let f2 = (e1 * cross(d, e3)).sum() / det
        let f3 = (e1 * cross(e2, d)).sum() / det
        let violation = max(0, -f3, f3 - f2, f2 - f1, f1 - 1)
        var f = SIMD3<Double>(Double(r - 1), Double(gi - 1), Double(b - 1))
        f[axes.0] += f1
        f[axes.1] += f2
        f[axes.2] += f3
        return (f, violation)
    }

    /// `hint`: cube · 6 + tetrahedron that held the previous pixel, tried first
    /// (neighbouring pixels of an image usually fall in the same one).
    @inline(__always)
    func invert(_ value: SIMD3<Float>, _ g: UnsafePointer<SIMD3<Double>>, hint: inout Int) -> SIMD3<Float> {
        var y = SIMD3<Double>(value)
        let zero = SIMD3<Double>.zero, one = SIMD3<Double>.one
        y = y.replacing(with: zero, where: .!(y .> zero))  // NaN → 0 too
        y = y.replacing(with: one, where: y .> one)
        if hint >= 0 {
            let (x, violation) = solve(y, cube: hint / 6, order: hint % 6, g)
            if violation <= 1e-9 { return result(x) }
        }
        let c = Self.cell(y, cells)
        let cell = (c.z * cells + c.y) * cells + c.x
        for item in Int(cellStarts[cell])..<Int(cellStarts[cell + 1]) {
            let cube = Int(cellItems[item])
            if any(y .< cubeLower[cube]) || any(y .> cubeUpper[cube]) { continue }
            for order in 0..<6 {
                let (x, violation) = solve(y, cube: cube, order: order, g)
                if violation <= 1e-9 {
                    hint = cube * 6 + order
                    return result(x)
                }
            }
        }
        return result(.zero)
    }

    /// LUT grid coordinates → the domain, clamped to it.
    @inline(__always)
    func result(_ x: SIMD3<Double>) -> SIMD3<Float> {
        let clamped = pointwiseMin(pointwiseMax(x, .zero), SIMD3(repeating: Double(size - 1)))
        return SIMD3<Float>(domainMin + clamped * domainStep)
    }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        grid.withUnsafeBufferPointer { buffer in
            guard let g = buffer.baseAddress else { return }
            var hint = -1
            for i in 0..<count {
                let p = pixels[i]
                let x = invert(SIMD3(p.x, p.y, p.z), g, hint: &hint)
                pixels[i] = RGBA(x.x, x.y, x.z, p.w)
            }
        }
    }
}
