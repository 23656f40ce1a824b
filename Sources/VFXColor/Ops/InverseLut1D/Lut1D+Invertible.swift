import VFXCore

extension Lut1D {
    /// Throws unless every channel is finite and monotonic (non-decreasing or
    /// non-increasing, not constant): the curves `InverseLut1DOp` inverts exactly
    /// without flattening anything (`Lut1D.inverse()` in Python asks this first).
    public func checkInvertible() throws(VFXError) {
        let lut = self
        guard !lut.isHalfDomain else {
            throw .unsupported("the inverse of a half-domain LUT is not implemented")
        }
        for c in 0..<3 {
            var rising = false, falling = false
            for i in 1..<lut.size {
                let a = lut.values[3 * (i - 1) + c], b = lut.values[3 * i + c]
                guard a.isFinite, b.isFinite else {
                    throw .invalidArgument(name: "lut", message: "has values that are not finite (channel \(c))")
                }
                if b > a { rising = true }
                if b < a { falling = true }
            }
            guard rising != falling else {
                throw .invalidArgument(name: "lut", message: rising
                    ? "is not monotonic in channel \(c), so it has no inverse"
                    : "is constant in channel \(c), so it has no inverse")
            }
        }
    }
}
