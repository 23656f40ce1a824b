/// A curve parameter's value: a number (`scale=`, `gamma=`) or a flag (`mirror=`, `ootf=`).
public enum TransferParameterValue: Sendable, Equatable {
    case number(Double)
    case flag(Bool)
}

/// Why a curve could not be made; the binding turns these into `ValueError`.
public enum TransferCurveError: Error, Equatable, CustomStringConvertible {
    case unknownCurve(String)
    case unknownParameter(curve: String, name: String, valid: [String])
    case invalidParameter(name: String, message: String)

    public var description: String {
        switch self {
        case .unknownCurve(let name):
            "unknown curve '\(name)'; valid curves: \(TransferCurves.names.joined(separator: ", "))"
        case .unknownParameter(let curve, let name, let valid):
            "curve '\(curve)' has no parameter '\(name)'; "
                + (valid.isEmpty ? "it takes none" : "valid: \(valid.joined(separator: ", "))")
        case .invalidParameter(let name, let message):
            "\(name) \(message)"
        }
    }
}

/// One named curve of the catalog: its parameters (with defaults) and how to make it.
public struct TransferCurveEntry: Sendable {
    public enum Kind: Sendable { case number(Double), flag(Bool) }

    public let name: String
    public let summary: String
    /// Parameter names and defaults, in documentation order.
    public let parameters: [(name: String, kind: Kind)]
    let build: @Sendable (Values) throws(TransferCurveError) -> any TransferFunction

    /// Parameter values by name, defaults filled in.
    struct Values {
        var numbers: [String: Double] = [:]
        var flags: [String: Bool] = [:]

        func positive(_ name: String) throws(TransferCurveError) -> Float {
            let value = numbers[name] ?? .nan
            guard value.isFinite, value > 0 else {
                throw .invalidParameter(name: name, message: "must be a positive number, got \(value)")
            }
            return Float(value)
        }
    }

    /// The curve with `parameters` (missing ones take their defaults).
    public func make(_ given: [String: TransferParameterValue] = [:])
        throws(TransferCurveError) -> any TransferFunction {
        var values = Values()
        for (name, kind) in parameters {
            switch kind {
            case .number(let fallback): values.numbers[name] = fallback
            case .flag(let fallback): values.flags[name] = fallback
            }
        }
        for (name, value) in given {
            guard let kind = parameters.first(where: { $0.name == name })?.kind else {
                throw .unknownParameter(curve: self.name, name: name, valid: parameters.map(\.name))
            }
            switch (kind, value) {
            case (.number, .number(let number)): values.numbers[name] = number
            case (.flag, .flag(let flag)): values.flags[name] = flag
            case (.number, .flag(let flag)): values.numbers[name] = flag ? 1 : 0
            case (.flag, .number):
                throw .invalidParameter(name: name, message: "must be True or False")
            }
        }
        return try build(values)
    }
}

/// The transfer functions by name ('srgb', 'pq', 'logc3', ...).
public enum TransferCurves {
    public static let all: [TransferCurveEntry] = [
        entry("srgb", "sRGB, IEC 61966-2-1 piecewise") { _ in SRGBCurve() },
        entry("rec709", "Rec.709 camera OETF, ITU-R BT.709") { _ in Rec709Curve() },
        entry("bt1886", "BT.1886 display EOTF, gamma 2.4 (Lw = 1, Lb = 0)") { _ in GammaCurve(gamma: 2.4) },
        entry("gamma", "pure power: decode y**gamma; mirror=True keeps the sign of negatives",
              [("gamma", .number(2.2)), ("mirror", .flag(false))]) { v throws(TransferCurveError) in
            GammaCurve(gamma: try v.positive("gamma"), mirrored: v.flags["mirror"] ?? false)
        },
        entry("pq", "SMPTE ST 2084; linear 1.0 = scale cd/m2 (100 as OCIO)",
              [("scale", .number(100))]) { v throws(TransferCurveError) in PQCurve(scale: try v.positive("scale")) },
        entry("hlg", "ITU-R BT.2100 HLG OETF; ootf=True adds the OOTF (system gamma 1.2, 1000 cd/m2)",
              [("ootf", .flag(false)), ("system_gamma", .number(1.2))]) { v throws(TransferCurveError) in
            HLGCurve(ootf: v.flags["ootf"] ?? false, systemGamma: try v.positive("system_gamma"))
        },
        entry("cineon", "Cineon printing density, 685/95/0.6",
              [("ref_white", .number(685)), ("ref_black", .number(95)), ("gamma", .number(0.6))]) {
            v throws(TransferCurveError) in
            let white = try v.positive("ref_white"), black = v.numbers["ref_black"] ?? 95
            guard black.isFinite, black >= 0, Float(black) < white else {
                throw .invalidParameter(name: "ref_black", message: "must be in [0, ref_white), got \(black)")
            }
            return CineonCurve(refWhite: white, refBlack: Float(black), gamma: try v.positive("gamma"))
        },
        entry("logc3", "ARRI LogC3 (ALEXA, EI 800)") { _ in LogC3Curve() },
        entry("logc4", "ARRI LogC4") { _ in LogC4Curve() },
        entry("slog3", "Sony S-Log3") { _ in SLog3Curve() },
        entry("vlog", "Panasonic V-Log") { _ in VLogCurve() },
        entry("acescc", "ACEScc, S-2014-003") { _ in ACESccCurve() },
        entry("acescct", "ACEScct, S-2016-001") { _ in ACEScctCurve() },
        entry("clog3", "Canon Log 3") { _ in CanonLog3Curve() },
        entry("log3g10", "RED Log3G10") { _ in Log3G10Curve() },
    ]

    public static var names: [String] { all.map(\.name) }

    public static func entry(named name: String) throws(TransferCurveError) -> TransferCurveEntry {
        let key = name.lowercased()
        guard let found = all.first(where: { $0.name == key }) else { throw .unknownCurve(name) }
        return found
    }

    private static func entry(_ name: String, _ summary: String,
                              _ parameters: [(name: String, kind: TransferCurveEntry.Kind)] = [],
                              _ build: @escaping @Sendable (TransferCurveEntry.Values) throws(TransferCurveError)
                                  -> any TransferFunction)
        -> TransferCurveEntry {
        TransferCurveEntry(name: name, summary: summary, parameters: parameters, build: build)
    }
}
