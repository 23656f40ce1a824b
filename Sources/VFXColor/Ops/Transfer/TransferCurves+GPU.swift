/// Each curve's case and constants (`values`) in transfer.glsl (the Vulkan backend's
/// float64 port of these formulas; the cases are ColorOps.table's `transferCurve`). Constants the host computes with libm (HLG's c,
/// ACEScc's codes) or from parameters are passed as doubles, so both sides use the
/// same values.
extension SRGBCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.srgb, []) }
}

extension Rec709Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.rec709, []) }
}

extension GammaCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.gamma, [direction == .encode ? inverse : exponent, mirrored ? 1 : 0])
    }
}

extension PQCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.pq, [toPeak, fromPeak])
    }
}

extension HLGCurve {
    /// `hlg` without the OOTF; `hlgOOTF` with it (then the luminance exponent of that direction, as
    /// HLGOOTFRenderer and HLGInverseOOTFRenderer compute it).
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        guard ootf else { return (.hlg, [Self.c]) }
        let gamma = Double(systemGamma)
        return (.hlgOOTF, [Self.c, direction == .decode ? gamma - 1 : (1 - gamma) / gamma])
    }
}

extension CineonCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.cineon, [black, logScale, expScale, whiteCode, blackScale, Double(Float.leastNormalMagnitude)])
    }
}

extension LogC3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.logc3, []) }
}

extension LogC4Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.logc4, [Self.a, Self.b, Self.c, Self.s, Self.t])
    }
}

extension SLog3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.slog3, []) }
}

extension VLogCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.vlog, []) }
}

extension ACESccCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.acescc, [Self.zeroCode, Self.lowCode, Self.highCode])
    }
}

extension ACEScctCurve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.acescct, [ACESccCurve.highCode])
    }
}

extension CanonLog3Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? {
        (.clog3, [Self.lowCode, Self.highCode])
    }
}

extension Log3G10Curve {
    public func gpuCurve(_ direction: TransferDirection) -> (curve: GPUTransferCurve, values: [Double])? { (.log3g10, []) }
}
