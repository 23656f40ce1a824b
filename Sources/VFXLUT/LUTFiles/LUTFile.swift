import VFXColor
import VFXCore

/// What a LUT file holds: one or more steps applied in order (a `.cube` with a 1D shaper
/// and a 3D cube, a `.csp` pre-LUT and its LUT, a `.spimtx` matrix), with the file's
/// title and comments.
public struct LUTFile: Sendable {
    /// One step of a file.
    public enum Step: Sendable {
        case lut1D(Lut1D)
        case lut3D(Lut3D)
        /// A 3×3 matrix + offset on RGB (`.spimtx`).
        case matrix(MatrixOp)
        /// A Cinespace per-channel pre-LUT (non-uniform points, spline interpolated).
        case prelut(CSPPrelut)
    }

    public var title: String?
    public var comments: [String]
    public var steps: [Step]

    public init(title: String? = nil, comments: [String] = [], steps: [Step]) {
        self.title = title
        self.comments = comments
        self.steps = steps
    }

    /// The steps as color operations (`interpolation` for the 3D LUTs).
    public func operations(interpolation: Lut3D.Interpolation = .tetrahedral) -> [any ColorOperation] {
        steps.map { step -> any ColorOperation in
            switch step {
            case .lut1D(let lut): Lut1DOp(lut)
            case .lut3D(let lut): Lut3DOp(lut, interpolation: interpolation)
            case .matrix(let matrix): matrix
            case .prelut(let prelut): CSPPrelutOp(prelut)
            }
        }
    }
}

/// The LUT file formats vfxpy reads and writes.
public enum LUTFormat: String, Sendable, CaseIterable {
    /// Resolve and Iridas `.cube`.
    case cube
    /// Sony Pictures Imageworks 1D.
    case spi1d
    /// Sony Pictures Imageworks 3D.
    case spi3d
    /// Sony Pictures Imageworks matrix (3×4, offsets in 16-bit code values).
    case spimtx
    /// Cinespace (Rising Sun Research) `.csp`, 1D or 3D with pre-LUTs.
    case csp

    /// The format a file name's extension suggests.
    public init?(extension name: String) {
        guard let dot = name.lastIndex(of: "."), name[dot...].count > 1 else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }
}

/// Reading and writing LUT files. Readers throw `VFXError.format` naming the file and the
/// line for malformed content, `.io` when the file cannot be read.
public enum LUTFiles {
    /// Reads `path`, in `format` or the format detected from the content (then the name).
    public static func read(path: String, format: LUTFormat? = nil) throws(VFXError) -> LUTFile {
        try parse(LUTText(path: path), format: format)
    }

    /// Reads LUT file content already in memory; `path` names it in errors.
    public static func parse(_ content: String, path: String, format: LUTFormat? = nil) throws(VFXError) -> LUTFile {
        try parse(LUTText(path: path, text: content), format: format)
    }

    static func parse(_ text: LUTText, format: LUTFormat?) throws(VFXError) -> LUTFile {
        var chosen = format
        if chosen == nil { chosen = try detect(text) }
        switch chosen ?? .cube {
        case .cube: return try CubeReader.read(text)
        case .spi1d: return try SPI1DReader.read(text)
        case .spi3d: return try SPI3DReader.read(text)
        case .spimtx: return try SPIMatrixReader.read(text)
        case .csp: return try CSPReader.read(text)
        }
    }

    /// The format of a file's content: CSPLUTV100 → csp, SPILUT → spi3d, Version → spi1d,
    /// cube keywords → cube, 12 bare numbers → spimtx; else the extension.
    public static func detectFormat(path: String) throws(VFXError) -> LUTFormat {
        let text = try LUTText(path: path)
        return try detect(text)
    }

    static func detect(_ text: LUTText) throws(VFXError) -> LUTFormat {
        let meaningful = text.lines.lazy.map(LUTText.trimmed).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if let first = meaningful.first {
            let upper = first.uppercased()
            if upper.hasPrefix("CSPLUTV100") { return .csp }
            if upper.hasPrefix("SPILUT") { return .spi3d }
            if first.hasPrefix("Version") { return .spi1d }
        }
        let cubeKeywords = ["TITLE", "LUT_1D_SIZE", "LUT_3D_SIZE", "DOMAIN_MIN", "DOMAIN_MAX",
                            "LUT_1D_INPUT_RANGE", "LUT_3D_INPUT_RANGE"]
        for line in meaningful.prefix(64) {
            if let word = LUTText.fields(line).first, cubeKeywords.contains(String(word)) { return .cube }
        }
        let fields = meaningful.prefix(16).flatMap(LUTText.fields)
        if fields.count == 12, fields.allSatisfy({ Float($0) != nil }) { return .spimtx }
        if let byName = LUTFormat(extension: text.path) { return byName }
        throw .format(path: text.path, message: "not a LUT file vfxpy knows (.cube, .spi1d, .spi3d, .spimtx, .csp)")
    }

    /// The file text of `file` in `format`; `invalidArgument` when the format cannot hold
    /// these steps (say which and why).
    public static func text(of file: LUTFile, format: LUTFormat) throws(VFXError) -> String {
        switch format {
        case .cube: try CubeWriter.text(file)
        case .spi1d: try SPI1DWriter.text(file)
        case .spi3d: try SPI3DWriter.text(file)
        case .spimtx: try SPIMatrixWriter.text(file)
        case .csp: try CSPWriter.text(file)
        }
    }
}
