#if canImport(Glibc)
import Glibc
#endif

/// Cineon printing density (Kodak; OCIO's usual cineon/"lg10" style): code values in
/// [0, 1] as 10-bit / 1023, reference white `refWhite` (685) ↔ linear 1, reference black
/// `refBlack` (95) ↔ linear 0, film gamma `gamma` (0.6), 0.002 density per code value.
///
///     encode(x) = (refWhite + log10(x·(1 − k) + k) · gamma / 0.002) / 1023
///     decode(y) = (10^((1023·y − refWhite) · 0.002 / gamma) − k) / (1 − k)
///     k = 10^((refBlack − refWhite) · 0.002 / gamma)
///
/// Linear values at or below −k/(1 − k) have no log: the argument is clamped to the
/// smallest normal float, as OCIO's log op does.
public struct CineonCurve: TransferFunction, Equatable {
    public let refWhite: Float
    public let refBlack: Float
    public let gamma: Float
    let black: Double
    let logScale: Double
    let expScale: Double
    let whiteCode: Double
    let blackScale: Double

    public init(refWhite: Float = 685, refBlack: Float = 95, gamma: Float = 0.6) {
        self.refWhite = refWhite
        self.refBlack = refBlack
        self.gamma = gamma
        black = pow(10, Double(refBlack - refWhite) * 0.002 / Double(gamma))
        logScale = Double(gamma) / 0.002 / 1023
        expScale = 1023 * 0.002 / Double(gamma)
        whiteCode = Double(refWhite) / 1023
        blackScale = 1 / (1 - black)
    }

    @inline(__always)
    public func encode(_ x: Lanes) -> Lanes {
        let argument = pointwiseMax(x * (1 - black) + black, Lanes(repeating: Double(Float.leastNormalMagnitude)))
        return whiteCode + VectorMath.log10(argument) * logScale
    }

    @inline(__always)
    public func decode(_ y: Lanes) -> Lanes {
        (VectorMath.exp10((y - whiteCode) * expScale) - black) * blackScale
    }
}
