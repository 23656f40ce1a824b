import VFXColor
import VFXCore

/// Cinespace `.csp` reader (Rising Sun Research), 1D and 3D:
/// ```
/// CSPLUTV100
/// 1D | 3D
/// BEGIN METADATA … END METADATA      (optional)
/// 3 × pre-LUT: <count> / <count inputs> / <count outputs>
/// 1D: <n> then n rows "R G B"  |  3D: "<n> <n> <n>" then n³ rows, red fastest
/// ```
/// Blank lines do not matter. A pre-LUT that maps every point onto itself is dropped (as
/// OpenColorIO does); otherwise it is a `CSPPrelut` step before the LUT (whose domain
/// is [0, 1]). Cubes must have the same size on every axis (2…256).
enum CSPReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var lines = text.lines.enumerated().lazy
            .map { ($0.offset + 1, LUTText.trimmed($0.element)) }
            .filter { !$0.1.isEmpty }
            .makeIterator()
        func next(_ what: String) throws(VFXError) -> (Int, Substring) {
            guard let line = lines.next() else { throw text.error(line: text.endLine, "the file ends before \(what)") }
            return line
        }
        let (firstLine, magic) = try next("the CSPLUTV100 header")
        guard magic.uppercased().hasPrefix("CSPLUTV100") else { throw text.error(line: firstLine, "expected CSPLUTV100") }
        let (typeLine, type) = try next("the LUT type (1D or 3D)")
        let is3D: Bool
        switch type.uppercased() {
        case "1D": is3D = false
        case "3D": is3D = true
        default: throw text.error(line: typeLine, "the LUT type must be 1D or 3D, got '\(type.prefix(40))'")
        }
        var comments: [String] = []
        var (number, line) = try next("the pre-LUT")
        if line.uppercased().hasPrefix("BEGIN METADATA") {
            while true {
                (number, line) = try next("END METADATA")
                if line.uppercased().hasPrefix("END METADATA") { break }
                comments.append(String(line))
            }
            (number, line) = try next("the pre-LUT")
        }
        var inputs: [[Float]] = []
        var outputs: [[Float]] = []
        for channel in 0..<3 {
            if channel > 0 { (number, line) = try next("the pre-LUT of channel \(channel)") }
            let fields = LUTText.fields(line)
            guard fields.count == 1 else { throw text.error(line: number, "expected the pre-LUT point count of channel \(channel)") }
            let count = try text.integer(fields[0], line: number, what: "the pre-LUT point count")
            guard (2...65536).contains(count) else {
                throw text.error(line: number, "the pre-LUT point count \(count) is out of range (2...65536)")
            }
            var rows: [[Float]] = []
            for which in ["inputs", "outputs"] {
                let (rowLine, row) = try next("the pre-LUT \(which) of channel \(channel)")
                let fields = LUTText.fields(row)
                guard fields.count == count else {
                    throw text.error(line: rowLine, "the pre-LUT \(which) of channel \(channel) need \(count) numbers, got \(fields.count)")
                }
                rows.append(try text.numbers(fields, line: rowLine))
            }
            for i in 1..<count where !(rows[0][i] > rows[0][i - 1]) {
                throw text.error(line: number + 1, "the pre-LUT inputs of channel \(channel) must increase strictly")
            }
            inputs.append(rows[0])
            outputs.append(rows[1])
        }
        var steps: [LUTFile.Step] = []
        let prelut = try CSPPrelut(inputs: inputs, outputs: outputs)
        if !prelut.isIdentity { steps.append(.prelut(prelut)) }

        (number, line) = try next("the LUT size")
        let sizeFields = LUTText.fields(line)
        var values: [Float] = []
        let size: Int
        if is3D {
            guard sizeFields.count == 3 else { throw text.error(line: number, "expected the cube size 'n n n'") }
            let sizes = [try text.integer(sizeFields[0], line: number, what: "the cube size"),
                         try text.integer(sizeFields[1], line: number, what: "the cube size"),
                         try text.integer(sizeFields[2], line: number, what: "the cube size")]
            guard sizes[0] == sizes[1], sizes[1] == sizes[2] else {
                throw .unsupported("\(text.path): line \(number): a \(sizes[0])x\(sizes[1])x\(sizes[2]) grid is not a cube; "
                    + "vfxpy (as OpenColorIO) reads only cubes with the same size on every axis")
            }
            size = sizes[0]
            guard (2...256).contains(size) else { throw text.error(line: number, "cube size \(size) is out of range (2...256)") }
        } else {
            guard sizeFields.count == 1 else { throw text.error(line: number, "expected the 1D LUT size") }
            size = try text.integer(sizeFields[0], line: number, what: "the 1D LUT size")
            guard (2...1_048_576).contains(size) else { throw text.error(line: number, "1D LUT size \(size) is out of range (2...1048576)") }
        }
        let rowCount = is3D ? size * size * size : size
        values.reserveCapacity(3 * rowCount)
        for row in 0..<rowCount {
            let (rowLine, text_) = try next("row \(row + 1) of \(rowCount)")
            let fields = LUTText.fields(text_)
            guard fields.count == 3 else { throw text.error(line: rowLine, "a table row needs 3 numbers, got \(fields.count)") }
            for field in fields { values.append(try text.number(field, line: rowLine)) }
        }
        if let (extraLine, _) = lines.next() {
            throw text.error(line: extraLine, "more rows than the \(rowCount) the size announces")
        }
        steps.append(try text.atEnd { () throws(VFXError) -> LUTFile.Step in
            is3D ? .lut3D(try Lut3D(size: size, values: values)) : .lut1D(try Lut1D(size: size, values: values))
        })
        return LUTFile(comments: comments, steps: steps)
    }
}

/// `.csp` writer: a Lut1D or Lut3D, after an optional `CSPPrelut`. A LUT whose domain is
/// not [0, 1] gets a two-point (straight) pre-LUT mapping its domain onto [0, 1]; a LUT
/// with both a domain and a pre-LUT cannot be written (the format has one pre-LUT).
enum CSPWriter {
    static func text(_ file: LUTFile) throws(VFXError) -> String {
        var prelut: CSPPrelut?
        var steps = file.steps[...]
        if case .prelut(let p)? = steps.first {
            prelut = p
            steps = steps.dropFirst()
        }
        guard steps.count == 1 else {
            throw .invalidArgument(name: "lut", message: "a .csp holds one Lut1D or Lut3D, after an optional pre-LUT")
        }
        let low: SIMD3<Float>, high: SIMD3<Float>, is3D: Bool
        switch steps.first {
        case .lut1D(let lut)?:
            try CubeWriter.checkPlain(lut)
            (low, high, is3D) = (lut.domainMin, lut.domainMax, false)
        case .lut3D(let lut)?: (low, high, is3D) = (lut.domainMin, lut.domainMax, true)
        default: throw .invalidArgument(name: "lut", message: "a .csp holds one Lut1D or Lut3D, after an optional pre-LUT")
        }
        if low != .zero || high != .one {
            guard prelut == nil else {
                throw .invalidArgument(name: "lut", message: "has a pre-LUT and a domain other than [0, 1]; .csp has room for one")
            }
            prelut = try CSPPrelut.domain(low, high)
        }
        let shaper: CSPPrelut
        if let prelut { shaper = prelut } else { shaper = try CSPPrelut.domain(.zero, .one) }
        var out = "CSPLUTV100\n\(is3D ? "3D" : "1D")\n\n"
        let metadata = [file.title].compactMap { $0 } + file.comments
        if !metadata.isEmpty {
            out += "BEGIN METADATA\n"
            for entry in metadata {
                for line in entry.split(separator: "\n") where !line.uppercased().hasPrefix("END METADATA") { out += "\(line)\n" }
            }
            out += "END METADATA\n\n"
        }
        for c in 0..<3 {
            out += "\(shaper.inputs[c].count)\n"
            out += shaper.inputs[c].map(LUTNumber.text).joined(separator: " ") + "\n"
            out += shaper.outputs[c].map(LUTNumber.text).joined(separator: " ") + "\n"
        }
        out += "\n"
        switch steps.first {
        case .lut1D(let lut)?:
            out += "\(lut.size)\n" + CubeWriter.rows(lut.values)
        case .lut3D(let lut)?:
            out += "\(lut.size) \(lut.size) \(lut.size)\n" + CubeWriter.rows(lut.values)
        default: break
        }
        return out
    }
}
