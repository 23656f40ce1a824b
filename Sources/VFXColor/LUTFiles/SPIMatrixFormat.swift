import VFXCore

/// Sony Pictures Imageworks `.spimtx`: 12 numbers, three rows of `m0 m1 m2 offset`; the
/// offsets are in 16-bit code values (divided by 65535), as OpenColorIO reads them.
enum SPIMatrixReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var values: [Float] = []
        var lastLine = 1
        for (index, raw) in text.lines.enumerated() {
            let number = index + 1
            let line = LUTText.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            for field in LUTText.fields(line) {
                guard values.count < 12 else { throw text.error(line: number, "more than 12 numbers") }
                values.append(try text.number(field, line: number))
            }
            lastLine = number
        }
        guard values.count == 12 else {
            throw text.error(line: lastLine, "a .spimtx holds 12 numbers (3 rows of 4), found \(values.count)")
        }
        let matrix = [values[0], values[1], values[2], values[4], values[5], values[6], values[8], values[9], values[10]]
        let offset = SIMD3(values[3], values[7], values[11]) / 65535
        return LUTFile(steps: [.matrix(MatrixOp(rgb: matrix, offset: offset))])
    }
}

/// `.spimtx` writer: one 3×3 matrix + offset on RGB.
enum SPIMatrixWriter {
    static func text(_ file: LUTFile) throws(VFXError) -> String {
        guard file.steps.count == 1, case .matrix(let m) = file.steps[0], m.keepsAlpha else {
            throw .invalidArgument(name: "lut", message: "must be one 3x3 matrix (+ offset) to write a .spimtx")
        }
        var out = ""
        for r in 0..<3 {
            let row = m.rows[r]
            out += "\(LUTNumber.triple(row.x, row.y, row.z)) \(LUTNumber.text(m.offset[r] * 65535))\n"
        }
        return out
    }
}
