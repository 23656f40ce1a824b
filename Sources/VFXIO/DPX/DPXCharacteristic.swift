/// The transfer and colorimetric characteristic codes of SMPTE 268M.
package enum DPXCharacteristic {
    /// Code → OpenImageIO's text (also the source of the option names).
    static let names: [(code: Int, name: String)] = [
        (0, "User defined"), (1, "Printing density"), (2, "Linear"), (3, "Logarithmic"),
        (4, "Unspecified video"), (5, "SMPTE 274M"), (6, "ITU-R 709-4"),
        (7, "ITU-R 601-5 system B or G"), (8, "ITU-R 601-5 system M"),
        (9, "NTSC composite video"), (10, "PAL composite video"), (11, "Z depth linear"),
        (12, "Z depth homogeneous"), (13, "ADX"), (255, "Undefined"),
    ]

    /// Short names accepted besides the full ones.
    static let aliases: [String: Int] = [
        "log": 3, "unspecified": 4, "rec709": 6, "itu_r_709": 6, "bt709": 6,
        "itu_r_601_5_bg": 7, "itu_r_601_5_m": 8, "ntsc": 9, "pal": 10,
        "z_linear": 11, "z_homogeneous": 12,
    ]

    /// The option names users pass: "printing_density", "linear", "itu_r_709_4", ...
    static var optionNames: [String] { names.map { DPXNames.normalized($0.name) } }

    static func name(ofCode code: Int) -> String {
        names.first { $0.code == code }?.name ?? "Undefined"
    }

    /// The code of an option name, an alias or OpenImageIO's text ("Printing density").
    package static func code(named text: String) -> Int? {
        let key = DPXNames.normalized(text)
        if let alias = aliases[key] { return alias }
        return names.first { DPXNames.normalized($0.name) == key }?.code
    }
}

/// The video signal standard codes, with OpenImageIO's "dpx:Signal" texts.
enum DPXSignal {
    static let names: [(code: Int, name: String)] = [
        (0, "Undefined"), (1, "NTSC"), (2, "PAL"), (3, "PAL-M"), (4, "SECAM"),
        (50, "YCbCr ITU-R 601-5 525i, 4:3"), (51, "YCbCr ITU-R 601-5 625i, 4:3"),
        (100, "YCbCr ITU-R 601-5 525i, 16:9"), (101, "YCbCr ITU-R 601-5 625i, 16:9"),
        (150, "YCbCr 1050i, 16:9"), (151, "YCbCr 1125i, 16:9 (SMPTE 274M)"),
        (152, "YCbCr 1250i, 16:9"), (153, "YCbCr 1125i, 16:9 (SMPTE 240M)"),
        (200, "YCbCr 525p, 16:9"), (201, "YCbCr 625p, 16:9"),
        (202, "YCbCr 750p, 16:9 (SMPTE 296M)"), (203, "YCbCr 1125p, 16:9 (SMPTE 274M)"),
    ]

    static func name(ofCode code: Int) -> String? {
        if code == 255 { return nil }
        return names.first { $0.code == code }?.name ?? "Undefined \(code)"
    }

    static func code(named text: String) -> Int? {
        if let known = names.first(where: { $0.name == text }) { return known.code }
        if text.hasPrefix("Undefined "), let number = Int(text.dropFirst(10)), (0...254).contains(number) {
            return number
        }
        return nil
    }
}

enum DPXNames {
    /// "ITU-R 709-4" → "itu_r_709_4": lower case, runs of other characters as "_".
    static func normalized(_ text: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSeparator, !result.isEmpty { result.append("_") }
                pendingSeparator = false
                result.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return result
    }
}
