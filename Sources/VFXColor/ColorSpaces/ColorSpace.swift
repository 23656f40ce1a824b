/// A named RGB color space: a gamut and the transfer curve its values are encoded with
/// (nil for scene-linear spaces).
public struct ColorSpace: Sendable {
    public let name: String
    public let aliases: [String]
    public let gamut: Gamut
    /// A curve name of `TransferCurves` and its parameters.
    public let curve: String?
    public let curveParameters: [String: TransferParameterValue]

    public init(_ name: String, aliases: [String] = [], gamut: Gamut, curve: String? = nil,
                curveParameters: [String: TransferParameterValue] = [:]) {
        self.name = name
        self.aliases = aliases
        self.gamut = gamut
        self.curve = curve
        self.curveParameters = curveParameters
    }

    func decodeOp() throws(TransferCurveError) -> TransferOp? {
        guard let curve else { return nil }
        return try TransferOp(curve: curve, direction: .decode, parameters: curveParameters)
    }

    func encodeOp() throws(TransferCurveError) -> TransferOp? {
        guard let curve else { return nil }
        return try TransferOp(curve: curve, direction: .encode, parameters: curveParameters)
    }
}

/// Why a conversion could not be built; the binding turns these into `ValueError`.
public enum ColorSpaceError: Error, Equatable, CustomStringConvertible {
    case unknownSpace(argument: String, name: String)
    case unknownGamut(argument: String, name: String)
    case unknownAdaptation(String)

    public var description: String {
        switch self {
        case .unknownSpace(let argument, let name):
            "\(argument): unknown color space '\(name)'; valid: \(ColorSpaces.names.joined(separator: ", "))"
        case .unknownGamut(let argument, let name):
            "\(argument): unknown gamut or color space '\(name)'; valid gamuts: "
                + Gamuts.all.map(\.name).joined(separator: ", ") + "; or any color space"
        case .unknownAdaptation(let name):
            "adaptation: unknown method '\(name)'; valid: "
                + ChromaticAdaptation.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}

/// The color spaces `vfxpy.color.convert` knows, and conversions between them.
public enum ColorSpaces {
    public static let all: [ColorSpace] = [
        ColorSpace("ACES2065-1", aliases: ["ACES", "Linear AP0"], gamut: Gamuts.ap0),
        ColorSpace("ACEScg", aliases: ["Linear AP1"], gamut: Gamuts.ap1),
        ColorSpace("ACEScc", gamut: Gamuts.ap1, curve: "acescc"),
        ColorSpace("ACEScct", gamut: Gamuts.ap1, curve: "acescct"),
        ColorSpace("Linear Rec.709", aliases: ["linear_srgb", "Linear sRGB", "lin_rec709", "scene_linear"],
                   gamut: Gamuts.rec709),
        ColorSpace("sRGB", aliases: ["sRGB - Display", "srgb_display"], gamut: Gamuts.rec709, curve: "srgb"),
        ColorSpace("Rec.1886 Rec.709", aliases: ["Rec.709", "Rec.1886 Rec.709 - Display"], gamut: Gamuts.rec709,
                   curve: "bt1886"),
        ColorSpace("Rec.709 OETF", aliases: ["Rec.709 camera"], gamut: Gamuts.rec709, curve: "rec709"),
        ColorSpace("Linear Rec.2020", gamut: Gamuts.rec2020),
        ColorSpace("Rec.2020", aliases: ["Rec.1886 Rec.2020", "Rec.1886 Rec.2020 - Display"], gamut: Gamuts.rec2020,
                   curve: "bt1886"),
        ColorSpace("Rec.2100 PQ", aliases: ["Rec.2100-PQ - Display"], gamut: Gamuts.rec2020, curve: "pq"),
        ColorSpace("Rec.2100 HLG", aliases: ["Rec.2100-HLG"], gamut: Gamuts.rec2020, curve: "hlg"),
        ColorSpace("Linear P3-D65", gamut: Gamuts.p3D65),
        ColorSpace("Display P3", aliases: ["P3-D65 sRGB"], gamut: Gamuts.p3D65, curve: "srgb"),
        ColorSpace("P3-D65", aliases: ["P3-D65 - Display"], gamut: Gamuts.p3D65, curve: "gamma",
                   curveParameters: ["gamma": .number(2.6)]),
        ColorSpace("Linear DCI-P3", gamut: Gamuts.dciP3),
        ColorSpace("DCI-P3", aliases: ["P3-DCI", "P3-DCI - Display"], gamut: Gamuts.dciP3, curve: "gamma",
                   curveParameters: ["gamma": .number(2.6)]),
        ColorSpace("CIE-XYZ-D65", aliases: ["XYZ", "CIE XYZ"], gamut: Gamuts.xyzD65),
        ColorSpace("Linear ARRI Wide Gamut 3", aliases: ["Linear AWG3"], gamut: Gamuts.awg3),
        ColorSpace("ARRI LogC3 (AWG3)", aliases: ["LogC3", "ARRI LogC3 (EI800)"], gamut: Gamuts.awg3, curve: "logc3"),
        ColorSpace("Linear ARRI Wide Gamut 4", aliases: ["Linear AWG4"], gamut: Gamuts.awg4),
        ColorSpace("ARRI LogC4 (AWG4)", aliases: ["LogC4"], gamut: Gamuts.awg4, curve: "logc4"),
        ColorSpace("Linear S-Gamut3", gamut: Gamuts.sGamut3),
        ColorSpace("S-Log3 S-Gamut3", gamut: Gamuts.sGamut3, curve: "slog3"),
        ColorSpace("Linear S-Gamut3.Cine", gamut: Gamuts.sGamut3Cine),
        ColorSpace("S-Log3 S-Gamut3.Cine", gamut: Gamuts.sGamut3Cine, curve: "slog3"),
        ColorSpace("Linear V-Gamut", gamut: Gamuts.vGamut),
        ColorSpace("V-Log V-Gamut", gamut: Gamuts.vGamut, curve: "vlog"),
        ColorSpace("Linear Cinema Gamut", gamut: Gamuts.cinemaGamut),
        ColorSpace("Canon Log 3 Cinema Gamut", aliases: ["CLog3 Cinema Gamut"], gamut: Gamuts.cinemaGamut,
                   curve: "clog3"),
        ColorSpace("Linear REDWideGamutRGB", gamut: Gamuts.redWideGamut),
        ColorSpace("Log3G10 REDWideGamutRGB", gamut: Gamuts.redWideGamut, curve: "log3g10"),
    ]

    public static var names: [String] { all.map(\.name) }

    private static func key(_ name: String) -> String { name.lowercased() }

    /// A space by name or alias, case-insensitive.
    public static func space(named name: String, argument: String = "name") throws(ColorSpaceError) -> ColorSpace {
        let wanted = key(name)
        guard let found = all.first(where: { key($0.name) == wanted || $0.aliases.contains { key($0) == wanted } })
        else { throw .unknownSpace(argument: argument, name: name) }
        return found
    }

    /// A gamut by its own name ('AP0', 'S-Gamut3', ...) or by any color space's name.
    public static func gamut(named name: String, argument: String = "name") throws(ColorSpaceError) -> Gamut {
        if let gamut = Gamuts.all.first(where: { key($0.name) == key(name) }) { return gamut }
        do { return try space(named: name).gamut } catch { throw .unknownGamut(argument: argument, name: name) }
    }

    /// Linear RGB of `source` → linear RGB of `destination`: source RGB → XYZ, white
    /// adaptation when the whites differ, XYZ → destination RGB.
    public static func matrix(from source: Gamut, to destination: Gamut,
                              adaptation: ChromaticAdaptation = .bradford) -> Matrix3 {
        let adapt = source.white == destination.white
            ? Matrix3.identity : adaptation.matrix(from: source.white, to: destination.white)
        return destination.xyzToRGB * adapt * source.rgbToXYZ
    }

    /// The ops converting pixel values of `source` into `destination`: decode the source
    /// curve, one 3×3 matrix, encode the destination curve (steps that change nothing
    /// are left out).
    public static func conversion(from source: String, to destination: String,
                                  adaptation: ChromaticAdaptation = .bradford) throws -> [any ColorOperation] {
        let src = try space(named: source, argument: "src")
        let dst = try space(named: destination, argument: "dst")
        if src.name == dst.name { return [] }
        var ops: [any ColorOperation] = []
        if let decode = try src.decodeOp() { ops.append(decode) }
        let matrix = matrix(from: src.gamut, to: dst.gamut, adaptation: adaptation)
        if matrix != .identity { ops.append(matrix.operation) }
        if let encode = try dst.encodeOp() { ops.append(encode) }
        return ops
    }
}
