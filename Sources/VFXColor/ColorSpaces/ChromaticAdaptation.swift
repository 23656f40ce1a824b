/// Von Kries chromatic adaptation in a cone-like space: `M⁻¹ · diag(LMS_dst / LMS_src) · M`
/// with LMS = M · XYZ of each white (Y = 1).
public enum ChromaticAdaptation: String, Sendable, CaseIterable {
    /// Bradford (Lam 1985), as OCIO's ACES configs and ICC use.
    case bradford
    /// CIECAM02's CAT02, as ARRI's and Sony's published IDT matrices use.
    case cat02
    /// No adaptation: XYZ passes through (for whites that already match).
    case none

    public var coneMatrix: Matrix3 {
        switch self {
        case .bradford:
            Matrix3([0.8951, 0.2664, -0.1614, -0.7502, 1.7135, 0.0367, 0.0389, -0.0685, 1.0296])
        case .cat02:
            Matrix3([0.7328, 0.4296, -0.1624, -0.7036, 1.6975, 0.0061, 0.0030, 0.0136, 0.9834])
        case .none:
            .identity
        }
    }

    /// XYZ under `source` white → XYZ under `destination` white (both as XYZ).
    public func matrix(from source: SIMD3<Double>, to destination: SIMD3<Double>) -> Matrix3 {
        let cone = coneMatrix
        guard self != .none, let inverse = cone.inverse else { return .identity }
        let ratio = (cone * destination) / (cone * source)
        return inverse * Matrix3.diagonal(ratio) * cone
    }

    public func matrix(from source: Chromaticity, to destination: Chromaticity) -> Matrix3 {
        matrix(from: source.xyz, to: destination.xyz)
    }
}
