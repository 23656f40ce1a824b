import VFXCore

/// A Cinespace (`.csp`) pre-LUT: per channel, points `inputs[c][i] → outputs[c][i]`
/// (inputs strictly increasing) joined by the cubic segments of the format's reference
/// interpolator (Rising Sun Research's, as in OpenColorIO's csp reader; two points give a
/// straight line). Inputs below the first point give the first output, above the last
/// the last output; NaN gives the first output.
public struct CSPPrelut: Sendable, Equatable {
    public var inputs: [[Float]]
    public var outputs: [[Float]]

    public init(inputs: [[Float]], outputs: [[Float]]) throws(VFXError) {
        guard inputs.count == 3, outputs.count == 3 else {
            throw .invalidArgument(name: "prelut", message: "needs 3 channels")
        }
        for c in 0..<3 {
            guard inputs[c].count >= 2, inputs[c].count == outputs[c].count else {
                throw .invalidArgument(name: "prelut", message: "channel \(c) needs at least 2 points and as many outputs as inputs")
            }
            guard inputs[c].allSatisfy(\.isFinite), outputs[c].allSatisfy(\.isFinite) else {
                throw .invalidArgument(name: "prelut", message: "channel \(c) has values that are not finite")
            }
            for i in 1..<inputs[c].count where !(inputs[c][i] > inputs[c][i - 1]) {
                throw .invalidArgument(name: "prelut", message: "channel \(c) inputs must increase strictly")
            }
        }
        self.inputs = inputs
        self.outputs = outputs
    }

    /// A straight line from [low, high] to [0, 1] per channel (a LUT's domain as a pre-LUT).
    public static func domain(_ low: SIMD3<Float>, _ high: SIMD3<Float>) throws(VFXError) -> CSPPrelut {
        try CSPPrelut(inputs: (0..<3).map { [low[$0], high[$0]] }, outputs: [[0, 1], [0, 1], [0, 1]])
    }

    /// True when every channel maps its points onto themselves (within 1e-6 relative),
    /// which readers drop, as OpenColorIO does.
    public var isIdentity: Bool {
        (0..<3).allSatisfy { c in
            zip(inputs[c], outputs[c]).allSatisfy { a, b in
                abs(a - b) <= 1e-6 * max(abs(a), abs(b)) || a == b
            }
        }
    }
}

/// Applies a `CSPPrelut` on RGB.
public struct CSPPrelutOp: ColorOperation, Equatable {
    public var prelut: CSPPrelut
    public init(_ prelut: CSPPrelut) { self.prelut = prelut }
    public var name: String { "prelut" }
    public func makeCPURenderer() -> any CPURenderer { CSPPrelutRenderer(prelut) }
}

/// One channel's cubic segments: on segment i, z = (x - stims[i]) / (stims[i+1] - stims[i]),
/// y = a + z (b + z (c + d z)). Coefficients as the format's reference code computes them.
struct CSPSpline: Sendable {
    let stims: [Float]
    /// 5 per segment: 1/delta, a, b, c, d.
    let parameters: [Float]
    let minValue: Float
    let maxValue: Float

    init(stims: [Float], values: [Float]) {
        let n = stims.count
        self.stims = stims
        minValue = values[0]
        maxValue = values[n - 1]
        var p: [Float] = []
        p.reserveCapacity(5 * (n - 1))
        if n == 2 {
            p = [1 / (stims[1] - stims[0]), values[0], values[1] - values[0], 0, 0]
        } else {
            for i in 0..<(n - 1) {
                let f0 = values[i], f1 = values[i + 1]
                let delta = stims[i + 1] - stims[i]
                p.append(1 / delta)
                if i == 0 {
                    let delta2 = (stims[i + 2] - stims[i + 1]) / delta
                    let dfdx1 = (values[i + 2] - f0) / (1 + delta2)
                    p += [f0, -2 * f0 + 2 * f1 - dfdx1, f0 - f1 + dfdx1, 0]
                } else if i == n - 2 {
                    let delta1 = (stims[i] - stims[i - 1]) / delta
                    let dfdx0 = (f1 - values[i - 1]) / (1 + delta1)
                    p += [f0, dfdx0, -f0 + f1 - dfdx0, 0]
                } else {
                    let delta1 = (stims[i] - stims[i - 1]) / delta
                    let delta2 = (stims[i + 2] - stims[i + 1]) / delta
                    let dfdx0 = (f1 - values[i - 1]) / (1 + delta1)
                    let dfdx1 = (values[i + 2] - f0) / (1 + delta2)
                    p += [f0, dfdx0, -3 * f0 - 2 * dfdx0 + 3 * f1 - dfdx1, 2 * f0 + dfdx0 - 2 * f1 + dfdx1]
                }
            }
        }
        parameters = p
    }

    @inline(__always)
    func evaluate(_ x: Float) -> Float {
        guard !x.isNaN else { return minValue }
        if x <= stims[0] { return x < stims[0] ? minValue : parameters[1] }
        let n = stims.count
        if x > stims[n - 1] { return maxValue }
        // the segment i with stims[i] <= x <= stims[i+1]
        var low = 0, high = n - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if x < stims[mid] { high = mid } else { low = mid }
        }
        let s = 5 * low
        let z = (x - stims[low]) * parameters[s]
        return parameters[s + 1] + z * (parameters[s + 2] + z * (parameters[s + 3] + parameters[s + 4] * z))
    }
}

struct CSPPrelutRenderer: CPURenderer {
    let channels: [CSPSpline]

    init(_ prelut: CSPPrelut) {
        channels = (0..<3).map { CSPSpline(stims: prelut.inputs[$0], values: prelut.outputs[$0]) }
    }

    var channelBehavior: ChannelBehavior { .perChannelCostly }

    func apply(_ pixels: UnsafeMutablePointer<RGBA>, count: Int) {
        let (r, g, b) = (channels[0], channels[1], channels[2])
        applyChannelCurves(pixels, count: count, r.evaluate, g.evaluate, b.evaluate)
    }
}
