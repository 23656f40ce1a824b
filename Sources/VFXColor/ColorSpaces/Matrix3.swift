/// A 3×3 matrix in Double, row-major (`rows[i]` dotted with a column vector gives
/// component i): the precision color-space matrices are derived in before the renderer
/// gets them as Float.
public struct Matrix3: Sendable, Equatable {
    public var rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    public init(_ r0: SIMD3<Double>, _ r1: SIMD3<Double>, _ r2: SIMD3<Double>) {
        rows = (r0, r1, r2)
    }

    /// From 9 row-major values.
    public init(_ values: [Double]) {
        precondition(values.count == 9, "a 3x3 matrix has 9 values")
        self.init(SIMD3(values[0], values[1], values[2]), SIMD3(values[3], values[4], values[5]),
                  SIMD3(values[6], values[7], values[8]))
    }

    public static let identity = Matrix3(SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))

    public static func diagonal(_ d: SIMD3<Double>) -> Matrix3 {
        Matrix3(SIMD3(d.x, 0, 0), SIMD3(0, d.y, 0), SIMD3(0, 0, d.z))
    }

    /// From three column vectors.
    public init(columns c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>) {
        self.init(SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z))
    }

    /// 9 row-major values.
    public var values: [Double] {
        [rows.0.x, rows.0.y, rows.0.z, rows.1.x, rows.1.y, rows.1.z, rows.2.x, rows.2.y, rows.2.z]
    }

    public static func == (lhs: Matrix3, rhs: Matrix3) -> Bool { lhs.values == rhs.values }

    public static func * (m: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.rows.0 * v).sum(), (m.rows.1 * v).sum(), (m.rows.2 * v).sum())
    }

    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        let c0 = a * SIMD3(b.rows.0.x, b.rows.1.x, b.rows.2.x)
        let c1 = a * SIMD3(b.rows.0.y, b.rows.1.y, b.rows.2.y)
        let c2 = a * SIMD3(b.rows.0.z, b.rows.1.z, b.rows.2.z)
        return Matrix3(columns: c0, c1, c2)
    }

    public var determinant: Double {
        let (a, b, c) = rows
        return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }

    /// The inverse (adjugate / determinant), nil when singular.
    public var inverse: Matrix3? {
        let det = determinant
        guard det != 0, det.isFinite else { return nil }
        let (a, b, c) = rows
        let r0 = SIMD3(b.y * c.z - b.z * c.y, a.z * c.y - a.y * c.z, a.y * b.z - a.z * b.y)
        let r1 = SIMD3(b.z * c.x - b.x * c.z, a.x * c.z - a.z * c.x, a.z * b.x - a.x * b.z)
        let r2 = SIMD3(b.x * c.y - b.y * c.x, a.y * c.x - a.x * c.y, a.x * b.y - a.y * b.x)
        return Matrix3(r0 / det, r1 / det, r2 / det)
    }

    /// As a color op on RGB (alpha untouched), rounded to Float.
    public var operation: MatrixOp {
        MatrixOp(rgb: values.map { Float($0) })
    }
}
