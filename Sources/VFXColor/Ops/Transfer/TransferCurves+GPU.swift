/// Each curve's number and parameter words in transfer.glsl (the Vulkan backend's
/// float64 port of these formulas). Constants the host computes with libm (HLG's c,
/// ACEScc's codes) or from parameters are passed as doubles, so both sides use the
/// same values.
extension SRGBCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (0, []) }
}

extension Rec709Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (1, []) }
}

extension GammaCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (2, words([direction == .encode ? inverse : exponent]) + [mirrored ? 1 : 0])
    }
}

extension PQCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (3, words([toPeak, fromPeak]))
    }
}

extension HLGCurve {
    /// 4 without the OOTF; 14 with it (then the luminance exponent of that direction, as
    /// HLGOOTFRenderer and HLGInverseOOTFRenderer compute it).
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        guard ootf else { return (4, words([Self.c])) }
        let gamma = Double(systemGamma)
        return (14, words([Self.c, direction == .decode ? gamma - 1 : (1 - gamma) / gamma]))
    }
}

extension CineonCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (5, words([black, logScale, expScale, whiteCode, blackScale, Double(Float.leastNormalMagnitude)]))
    }
}

extension LogC3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (6, []) }
}

extension LogC4Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (7, words([Self.a, Self.b, Self.c, Self.s, Self.t]))
    }
}

extension SLog3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (8, []) }
}

extension VLogCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (9, []) }
}

extension ACESccCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (10, words([Self.zeroCode, Self.lowCode, Self.highCode]))
    }
}

extension ACEScctCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (11, words([ACESccCurve.highCode]))
    }
}

extension CanonLog3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? {
        (12, words([Self.lowCode, Self.highCode]))
    }
}

extension Log3G10Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: UInt32, parameters: [UInt32])? { (13, []) }
}
