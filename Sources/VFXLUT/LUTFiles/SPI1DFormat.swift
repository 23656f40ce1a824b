import VFXColor
import VFXCore

/// Sony Pictures Imageworks `.spi1d` reader:
/// ```
/// Version 1
/// From <min> <max>
/// Length <n>
/// Components <1 or 3>
/// {
///   <n lines of 1 or 3 numbers>
/// }
/// ```
/// `#` lines are comments anywhere. One component means the same curve on R, G and B.
enum SPI1DReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var version: Int?
        var from: (Float, Float)?
        var length: Int?
        var components: Int?
        var values: [Float] = []
        var comments: [String] = []
        var state = 0  // 0 header, 1 table, 2 after '}'
        var openLine = 0
        for (number, _, fields) in text.contentLines(comments: &comments) {
            switch state {
            case 0:
                let arguments = Array(fields.dropFirst())
                switch fields[0] {
                case "Version":
                    guard arguments.count == 1, let v = Int(arguments[0]) else {
                        throw text.error(line: number, "Version needs one whole number")
                    }
                    guard v == 1 else { throw text.error(line: number, "unsupported Version \(v) (only 1)") }
                    version = v
                case "From":
                    guard arguments.count == 2 else {
                        throw text.error(line: number, "From needs 2 numbers (min max), got \(arguments.count)")
                    }
                    let v = try text.numbers(arguments, line: number)
                    guard v[1] > v[0] else { throw text.error(line: number, "From max must be above min") }
                    from = (v[0], v[1])
                case "Length":
                    guard arguments.count == 1 else { throw text.error(line: number, "Length needs one size") }
                    let n = try text.integer(arguments[0], line: number, what: "Length")
                    guard (2...1_048_576).contains(n) else {
                        throw text.error(line: number, "Length \(n) is out of range (2...1048576)")
                    }
                    length = n
                case "Components":
                    guard arguments.count == 1 else { throw text.error(line: number, "Components needs one count") }
                    let n = try text.integer(arguments[0], line: number, what: "Components")
                    guard n == 1 || n == 3 else { throw text.error(line: number, "Components must be 1 or 3, got \(n)") }
                    components = n
                case "{":
                    guard fields.count == 1 else { throw text.error(line: number, "text after '{'") }
                    guard version != nil else { throw text.error(line: number, "no Version line before the table") }
                    guard length != nil else { throw text.error(line: number, "no Length line before the table") }
                    state = 1
                    openLine = number
                default:
                    throw text.error(line: number, "unknown keyword '\(fields[0].prefix(40))'")
                }
            case 1:
                if fields == ["}"] {
                    state = 2
                    continue
                }
                let n = length ?? 0, c = components ?? 1
                guard fields.count == c else {
                    throw text.error(line: number, "a table row needs \(c) number\(c == 1 ? "" : "s"), got \(fields.count)")
                }
                guard values.count / c < n else {
                    throw text.error(line: number, "more rows than Length \(n) (no closing '}'?)")
                }
                for field in fields { values.append(try text.number(field, line: number)) }
            default:
                throw text.error(line: number, "text after the closing '}'")
            }
        }
        guard state == 2 else {
            throw text.error(line: text.endLine, state == 0 ? "no table ('{' … '}')" : "no closing '}' for the table opened on line \(openLine)")
        }
        let n = length ?? 0, c = components ?? 1
        guard values.count == n * c else {
            throw text.error(line: text.endLine, "the table has \(values.count / c) rows, Length says \(n)")
        }
        let rgb = c == 3 ? values : values.flatMap { [$0, $0, $0] }
        let (low, high) = from ?? (0, 1)
        let lut = try text.atEnd { () throws(VFXError) in
            try Lut1D(size: n, values: rgb, domainMin: SIMD3(repeating: low), domainMax: SIMD3(repeating: high))
        }
        return LUTFile(comments: comments, steps: [.lut1D(lut)])
    }
}

/// `.spi1d` writer: one Lut1D whose domain is the same in R, G and B; one component when
/// the three curves are equal, else three.
enum SPI1DWriter {
    static func text(_ file: LUTFile) throws(VFXError) -> String {
        guard file.steps.count == 1, case .lut1D(let lut) = file.steps[0] else {
            throw .invalidArgument(name: "lut", message: "must be one Lut1D to write a .spi1d")
        }
        try CubeWriter.checkPlain(lut)
        guard lut.domainMin == SIMD3(repeating: lut.domainMin.x), lut.domainMax == SIMD3(repeating: lut.domainMax.x) else {
            throw .invalidArgument(name: "lut", message: "needs the same domain in R, G and B for .spi1d")
        }
        let v = lut.values
        var single = true
        for i in 0..<lut.size where v[3 * i] != v[3 * i + 1] || v[3 * i] != v[3 * i + 2] { single = false }
        var out = "Version 1\nFrom \(LUTNumber.text(lut.domainMin.x)) \(LUTNumber.text(lut.domainMax.x))\n"
        out += "Length \(lut.size)\nComponents \(single ? 1 : 3)\n{\n"
        for i in 0..<lut.size {
            out += single ? " \(LUTNumber.text(lut.values[3 * i]))\n"
                : " \(LUTNumber.triple(lut.values[3 * i], lut.values[3 * i + 1], lut.values[3 * i + 2]))\n"
        }
        out += "}\n"
        for comment in [file.title].compactMap({ $0 }) + file.comments {
            for line in comment.split(separator: "\n") { out += "# \(line)\n" }
        }
        return out
    }
}
