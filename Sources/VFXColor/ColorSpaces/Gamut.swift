/// An RGB gamut: three primaries and a white point. Its RGB→XYZ matrix follows SMPTE
/// RP 177: the primaries' XYZ (Y = 1) as columns, each scaled so that RGB (1, 1, 1) maps
/// to the white's XYZ with Y = 1.
public struct Gamut: Sendable, Equatable {
    public let name: String
    public let red: Chromaticity
    public let green: Chromaticity
    public let blue: Chromaticity
    public let white: Chromaticity

    public init(name: String, red: Chromaticity, green: Chromaticity, blue: Chromaticity, white: Chromaticity) {
        self.name = name
        self.red = red
        self.green = green
        self.blue = blue
        self.white = white
    }

    public var rgbToXYZ: Matrix3 {
        let primaries = Matrix3(columns: red.xyz, green.xyz, blue.xyz)
        // Primaries that are not independent cannot occur in the catalog; identity keeps it total.
        guard let inverse = primaries.inverse else { return .identity }
        return primaries * Matrix3.diagonal(inverse * white.xyz)
    }

    public var xyzToRGB: Matrix3 { rgbToXYZ.inverse ?? .identity }
}

/// The gamuts of the catalog.
public enum Gamuts {
    typealias C = Chromaticity

    public static let rec709 = Gamut(name: "Rec.709", red: C(0.64, 0.33), green: C(0.30, 0.60),
                                     blue: C(0.15, 0.06), white: WhitePoints.d65)
    public static let rec2020 = Gamut(name: "Rec.2020", red: C(0.708, 0.292), green: C(0.170, 0.797),
                                      blue: C(0.131, 0.046), white: WhitePoints.d65)
    public static let dciP3 = Gamut(name: "DCI-P3", red: C(0.680, 0.320), green: C(0.265, 0.690),
                                    blue: C(0.150, 0.060), white: WhitePoints.dci)
    public static let p3D65 = Gamut(name: "P3-D65", red: C(0.680, 0.320), green: C(0.265, 0.690),
                                    blue: C(0.150, 0.060), white: WhitePoints.d65)
    public static let ap0 = Gamut(name: "AP0", red: C(0.7347, 0.2653), green: C(0.0, 1.0),
                                  blue: C(0.0001, -0.0770), white: WhitePoints.aces)
    public static let ap1 = Gamut(name: "AP1", red: C(0.713, 0.293), green: C(0.165, 0.830),
                                  blue: C(0.128, 0.044), white: WhitePoints.aces)
    public static let awg3 = Gamut(name: "ARRI Wide Gamut 3", red: C(0.6840, 0.3130), green: C(0.2210, 0.8480),
                                   blue: C(0.0861, -0.1020), white: WhitePoints.d65)
    public static let awg4 = Gamut(name: "ARRI Wide Gamut 4", red: C(0.7347, 0.2653), green: C(0.1424, 0.8576),
                                   blue: C(0.0991, -0.0308), white: WhitePoints.d65)
    public static let sGamut3 = Gamut(name: "S-Gamut3", red: C(0.730, 0.280), green: C(0.140, 0.855),
                                      blue: C(0.100, -0.050), white: WhitePoints.d65)
    public static let sGamut3Cine = Gamut(name: "S-Gamut3.Cine", red: C(0.766, 0.275), green: C(0.225, 0.800),
                                          blue: C(0.089, -0.087), white: WhitePoints.d65)
    public static let vGamut = Gamut(name: "V-Gamut", red: C(0.730, 0.280), green: C(0.165, 0.840),
                                     blue: C(0.100, -0.030), white: WhitePoints.d65)
    public static let cinemaGamut = Gamut(name: "Cinema Gamut", red: C(0.740, 0.270), green: C(0.170, 1.140),
                                          blue: C(0.080, -0.100), white: WhitePoints.d65)
    public static let redWideGamut = Gamut(name: "REDWideGamutRGB", red: C(0.780308, 0.304253),
                                           green: C(0.121595, 1.493994), blue: C(0.095612, -0.084589),
                                           white: WhitePoints.d65)
    /// CIE XYZ itself (with D65 as its reference white), for conversions to and from XYZ.
    public static let xyzD65 = Gamut(name: "CIE-XYZ-D65", red: C(1, 0), green: C(0, 1), blue: C(0, 0),
                                     white: WhitePoints.d65)

    public static let all: [Gamut] = [rec709, rec2020, dciP3, p3D65, ap0, ap1, awg3, awg4, sGamut3, sGamut3Cine,
                                      vGamut, cinemaGamut, redWideGamut]
}
