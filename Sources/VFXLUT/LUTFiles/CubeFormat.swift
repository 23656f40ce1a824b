import VFXColor
import VFXCore

/// Resolve and Iridas `.cube` reader.
///
/// Keywords (before the table): `TITLE "…"`, `LUT_1D_SIZE n` (2…65536), `LUT_3D_SIZE n`
/// (2…256), `DOMAIN_MIN r g b` / `DOMAIN_MAX r g b` (Iridas: the domain of the LUT, or of
/// both LUTs in a shaper + cube file), `LUT_1D_INPUT_RANGE min max` /
/// `LUT_3D_INPUT_RANGE min max` (Resolve: the domain of that LUT only; a range for a LUT
/// the file does not have is ignored, as OpenColorIO does). `#` starts a comment line.
/// Then the rows, three numbers each: the 1D entries first, then the 3D entries with red
/// changing fastest. A file with both is a shaper followed by a cube (two steps).
enum CubeReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var title: String?
        var comments: [String] = []
        var size1D: Int?
        var size3D: Int?
        var domainMin: SIMD3<Float>?
        var domainMax: SIMD3<Float>?
        var range1D: (Float, Float)?
        var range3D: (Float, Float)?
        var rows: [Float] = []
        var firstDataLine = 0
        var seen: Set<String> = []
        var domainLine = 0

        for (number, line, fields) in text.contentLines(comments: &comments) {
            let word = String(fields[0])
            if let first = word.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
               Float(word) == nil {
                guard firstDataLine == 0 else {
                    throw text.error(line: number, "keyword \(word) after the table rows began (line \(firstDataLine))")
                }
                guard !seen.contains(word) else { throw text.error(line: number, "\(word) is given twice") }
                seen.insert(word)
                let arguments = Array(fields.dropFirst())
                switch word {
                case "TITLE":
                    title = try parseTitle(line, text: text, line: number)
                case "LUT_1D_SIZE":
                    size1D = try size(arguments, text: text, line: number, keyword: word, range: 2...65536)
                case "LUT_3D_SIZE":
                    size3D = try size(arguments, text: text, line: number, keyword: word, range: 2...256)
                case "DOMAIN_MIN":
                    domainMin = try triple(arguments, text: text, line: number, keyword: word)
                    domainLine = number
                case "DOMAIN_MAX":
                    domainMax = try triple(arguments, text: text, line: number, keyword: word)
                    domainLine = number
                case "LUT_1D_INPUT_RANGE":
                    range1D = try range(arguments, text: text, line: number, keyword: word)
                case "LUT_3D_INPUT_RANGE":
                    range3D = try range(arguments, text: text, line: number, keyword: word)
                default:
                    throw text.error(line: number, "unknown keyword '\(word.prefix(40))'")
                }
                continue
            }
            guard fields.count == 3 else {
                throw text.error(line: number, "a table row needs 3 numbers, got \(fields.count)")
            }
            if firstDataLine == 0 {
                firstDataLine = number
                guard size1D != nil || size3D != nil else {
                    throw text.error(line: number, "table rows before LUT_1D_SIZE or LUT_3D_SIZE")
                }
                rows.reserveCapacity(3 * ((size1D ?? 0) + (size3D.map { $0 * $0 * $0 } ?? 0)))
            }
            let expected = (size1D ?? 0) + (size3D.map { $0 * $0 * $0 } ?? 0)
            guard rows.count / 3 < expected else {
                throw text.error(line: number, "more table rows than the \(expected) the sizes announce")
            }
            for field in fields { rows.append(try text.number(field, line: number)) }
        }
        guard size1D != nil || size3D != nil else {
            throw text.error(line: text.endLine, "no LUT_1D_SIZE or LUT_3D_SIZE keyword")
        }
        let expected = (size1D ?? 0) + (size3D.map { $0 * $0 * $0 } ?? 0)
        guard rows.count == 3 * expected else {
            throw text.error(line: text.endLine, "the file ends after \(rows.count / 3) table rows, expected \(expected)")
        }
        if (domainMin == nil) != (domainMax == nil) {
            throw text.error(line: domainLine, "DOMAIN_MIN and DOMAIN_MAX must be given together")
        }
        let domain = (domainMin ?? .zero, domainMax ?? .one)
        guard all(domain.1 .> domain.0) else {
            throw text.error(line: domainLine, "DOMAIN_MAX must be above DOMAIN_MIN in every channel")
        }

        var steps: [LUTFile.Step] = []
        var offset = 0
        if let size1D {
            let (low, high) = range1D.map { (SIMD3(repeating: $0.0), SIMD3(repeating: $0.1)) } ?? domain
            let values = Array(rows[0..<(3 * size1D)])
            offset = 3 * size1D
            steps.append(.lut1D(try text.atEnd { () throws(VFXError) in
                try Lut1D(size: size1D, values: values, domainMin: low, domainMax: high)
            }))
        }
        if let size3D {
            let (low, high) = range3D.map { (SIMD3(repeating: $0.0), SIMD3(repeating: $0.1)) } ?? domain
            let values = Array(rows[offset...])
            steps.append(.lut3D(try text.atEnd { () throws(VFXError) in
                try Lut3D(size: size3D, values: values, domainMin: low, domainMax: high)
            }))
        }
        return LUTFile(title: title, comments: comments, steps: steps)
    }

    private static func parseTitle(_ line: Substring, text: LUTText, line number: Int) throws(VFXError) -> String {
        let rest = LUTText.trimmed(line.dropFirst("TITLE".count))
        guard rest.hasPrefix("\"") else { return String(rest) }
        let inner = rest.dropFirst()
        guard let close = inner.lastIndex(of: "\"") else {
            throw text.error(line: number, "TITLE has no closing quote")
        }
        guard LUTText.trimmed(inner[inner.index(after: close)...]).isEmpty else {
            throw text.error(line: number, "text after the TITLE's closing quote")
        }
        return String(inner[..<close])
    }

    private static func size(_ arguments: [Substring], text: LUTText, line: Int, keyword: String,
                             range: ClosedRange<Int>) throws(VFXError) -> Int {
        guard arguments.count == 1 else { throw text.error(line: line, "\(keyword) needs one size, got \(arguments.count) values") }
        let value = try text.integer(arguments[0], line: line, what: keyword)
        guard range.contains(value) else {
            throw text.error(line: line, "\(keyword) \(value) is out of range (\(range.lowerBound)...\(range.upperBound))")
        }
        return value
    }

    private static func triple(_ arguments: [Substring], text: LUTText, line: Int,
                               keyword: String) throws(VFXError) -> SIMD3<Float> {
        guard arguments.count == 3 else { throw text.error(line: line, "\(keyword) needs 3 numbers, got \(arguments.count)") }
        let values = try text.numbers(arguments, line: line)
        return SIMD3(values[0], values[1], values[2])
    }

    private static func range(_ arguments: [Substring], text: LUTText, line: Int,
                              keyword: String) throws(VFXError) -> (Float, Float) {
        guard arguments.count == 2 else { throw text.error(line: line, "\(keyword) needs 2 numbers (min max), got \(arguments.count)") }
        let values = try text.numbers(arguments, line: line)
        guard values[1] > values[0] else { throw text.error(line: line, "\(keyword) max must be above min") }
        return (values[0], values[1])
    }
}

/// `.cube` writer. One LUT: Iridas style (`LUT_1D_SIZE` or `LUT_3D_SIZE`, `DOMAIN_MIN/MAX`
/// when the domain is not [0, 1]). A 1D shaper then a 3D cube: Resolve style
/// (`LUT_1D_INPUT_RANGE` / `LUT_3D_INPUT_RANGE`, which need the same range in R, G, B).
/// Numbers: the shortest decimal that reads back as the same float32.
enum CubeWriter {
    static func text(_ file: LUTFile) throws(VFXError) -> String {
        var out = ""
        if let title = file.title {
            guard !title.contains("\"") && !title.contains("\n") else {
                throw .invalidArgument(name: "title", message: "must not contain quotes or line breaks")
            }
            out += "TITLE \"\(title)\"\n"
        }
        for comment in file.comments {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        }
        switch file.steps.count {
        case 1:
            switch file.steps[0] {
            case .lut1D(let lut):
                try checkPlain(lut)
                out += "LUT_1D_SIZE \(lut.size)\n"
                out += domain(lut.domainMin, lut.domainMax)
                out += rows(lut.values)
            case .lut3D(let lut):
                out += "LUT_3D_SIZE \(lut.size)\n"
                out += domain(lut.domainMin, lut.domainMax)
                out += rows(lut.values)
            default:
                throw .invalidArgument(name: "lut", message: "must be a Lut1D or Lut3D to write a .cube")
            }
        case 2:
            guard case .lut1D(let shaper) = file.steps[0], case .lut3D(let cube) = file.steps[1] else {
                throw .invalidArgument(name: "lut", message: "a two-step .cube is a Lut1D shaper then a Lut3D")
            }
            try checkPlain(shaper)
            out += "LUT_1D_SIZE \(shaper.size)\n"
            out += try inputRange("LUT_1D_INPUT_RANGE", shaper.domainMin, shaper.domainMax)
            out += "LUT_3D_SIZE \(cube.size)\n"
            out += try inputRange("LUT_3D_INPUT_RANGE", cube.domainMin, cube.domainMax)
            out += rows(shaper.values)
            out += rows(cube.values)
        default:
            throw .invalidArgument(name: "lut", message: "a .cube holds one LUT, or a Lut1D shaper then a Lut3D")
        }
        return out
    }

    static func checkPlain(_ lut: Lut1D) throws(VFXError) {
        guard !lut.isHalfDomain else {
            throw .invalidArgument(name: "lut", message: "is a half-domain LUT, which .cube cannot hold")
        }
    }

    private static func domain(_ low: SIMD3<Float>, _ high: SIMD3<Float>) -> String {
        guard low != .zero || high != .one else { return "" }
        return "DOMAIN_MIN \(LUTNumber.triple(low.x, low.y, low.z))\nDOMAIN_MAX \(LUTNumber.triple(high.x, high.y, high.z))\n"
    }

    private static func inputRange(_ keyword: String, _ low: SIMD3<Float>, _ high: SIMD3<Float>) throws(VFXError) -> String {
        guard low == SIMD3(repeating: low.x), high == SIMD3(repeating: high.x) else {
            throw .invalidArgument(name: "lut", message: "needs the same domain in R, G and B for \(keyword)")
        }
        guard low.x != 0 || high.x != 1 else { return "" }
        return "\(keyword) \(LUTNumber.text(low.x)) \(LUTNumber.text(high.x))\n"
    }

    static func rows(_ values: [Float]) -> String {
        var out = ""
        out.reserveCapacity(values.count * 10)
        for i in stride(from: 0, to: values.count, by: 3) {
            out += LUTNumber.triple(values[i], values[i + 1], values[i + 2])
            out += "\n"
        }
        return out
    }
}
