/// The fixed vocabulary of SMPTE 268M (DPX): byte orders, packings, descriptors and the
/// transfer/colorimetric characteristics, with the names OpenImageIO gives them.
package enum DPXByteOrder: String, Sendable {
    case big, little

    /// "SDPX" read in the file's own byte order.
    static let magic: UInt32 = 0x5344_5058
}

/// How components sit in the file's words (image element field "packing").
package enum DPXPacking: Int, Sendable, CaseIterable {
    /// Components bit-contiguous across 32-bit words, least significant bits first.
    case packed = 0
    /// 10-bit: three per 32-bit word, two padding bits at the bottom; 12-bit: one per
    /// 16-bit word in the top bits.
    case filledA = 1
    /// 10-bit: three per 32-bit word, padding at the top; 12-bit: one per 16-bit word in
    /// the bottom bits.
    case filledB = 2

    /// OpenImageIO's "dpx:Packing" text.
    var metadataName: String {
        switch self {
        case .packed: "Packed"
        case .filledA: "Filled, method A"
        case .filledB: "Filled, method B"
        }
    }

    /// The `packing=` option's name.
    var optionName: String {
        switch self {
        case .packed: "packed"
        case .filledA: "filled_a"
        case .filledB: "filled_b"
        }
    }

    /// From an option name or OpenImageIO's metadata text.
    package init?(name: String) {
        let key = DPXNames.normalized(name)
        guard let match = DPXPacking.allCases.first(where: {
            $0.optionName == key || DPXNames.normalized($0.metadataName) == key
        }) else { return nil }
        self = match
    }
}

/// The image element descriptors vfxpy reads and writes: one component per pixel
/// (luma, a single color, alpha, depth), RGB, RGBA and ABGR.
package enum DPXDescriptor: Int, Sendable, CaseIterable {
    case red = 1, green = 2, blue = 3, alpha = 4, luma = 6, depth = 8
    case rgb = 50, rgba = 51, abgr = 52

    var componentCount: Int {
        switch self {
        case .rgb: 3
        case .rgba, .abgr: 4
        default: 1
        }
    }

    /// Channel names in memory (ABGR is reordered to RGBA on read).
    var channelNames: [String] {
        switch self {
        case .red: ["R"]
        case .green: ["G"]
        case .blue: ["B"]
        case .alpha: ["A"]
        case .luma: ["Y"]
        case .depth: ["Z"]
        case .rgb: ["R", "G", "B"]
        case .rgba, .abgr: ["R", "G", "B", "A"]
        }
    }

    /// OpenImageIO's "dpx:ImageDescriptor" text.
    var metadataName: String {
        switch self {
        case .red: "Red"
        case .green: "Green"
        case .blue: "Blue"
        case .alpha: "Alpha"
        case .luma: "Luma"
        case .depth: "Depth"
        case .rgb: "RGB"
        case .rgba: "RGBA"
        case .abgr: "ABGR"
        }
    }

    /// OpenImageIO's name for descriptors vfxpy does not decode, for error messages.
    static func name(ofCode code: Int) -> String {
        if let known = DPXDescriptor(rawValue: code) { return known.metadataName }
        switch code {
        case 0, 150...156: return "user defined"
        case 5: return "color difference (CbCr)"
        case 7: return "composite video"
        case 100: return "CbYCrY (YCbCr 4:2:2)"
        case 101: return "CbYACrYA (YCbCrA 4:2:2:4)"
        case 102: return "CbYCr (YCbCr 4:4:4)"
        case 103: return "CbYCrA (YCbCrA 4:4:4:4)"
        default: return "undefined"
        }
    }

    /// The descriptor a writer uses for an image's channels.
    static func forChannels(_ names: [String]) -> DPXDescriptor? {
        switch names.count {
        case 1:
            switch names[0].uppercased() {
            case "R": return .red
            case "G": return .green
            case "B": return .blue
            case "A": return .alpha
            case "Z": return .depth
            default: return .luma
            }
        case 3: return .rgb
        case 4: return .rgba
        default: return nil
        }
    }
}

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
