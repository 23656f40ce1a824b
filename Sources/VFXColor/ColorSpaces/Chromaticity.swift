/// A CIE 1931 xy chromaticity.
public struct Chromaticity: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    /// XYZ with Y = 1.
    public var xyz: SIMD3<Double> { SIMD3(x / y, 1, (1 - x - y) / y) }
}

/// White points by name, as xy.
public enum WhitePoints {
    /// CIE D65 as ITU-R BT.709/2020 and sRGB state it.
    public static let d65 = Chromaticity(0.3127, 0.3290)
    /// The ACES white (≈ D60), SMPTE ST 2065-1.
    public static let aces = Chromaticity(0.32168, 0.33767)
    /// The DCI projector white, SMPTE RP 431-2.
    public static let dci = Chromaticity(0.314, 0.351)
    /// CIE D50 (ICC).
    public static let d50 = Chromaticity(0.3457, 0.3585)
    /// Equal energy.
    public static let e = Chromaticity(1.0 / 3.0, 1.0 / 3.0)

    public static let named: [(name: String, white: Chromaticity)] = [
        ("D65", d65), ("ACES", aces), ("D60", aces), ("DCI", dci), ("D50", d50), ("E", e),
    ]

    public static func named(_ name: String) -> Chromaticity? {
        named.first { $0.name.lowercased() == name.lowercased() }?.white
    }
}
