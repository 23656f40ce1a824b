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
