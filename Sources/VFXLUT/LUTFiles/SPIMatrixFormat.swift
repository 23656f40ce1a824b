import VFXColor
import VFXCore

/// Sony Pictures Imageworks `.spimtx`: 12 numbers, three rows of `m0 m1 m2 offset`; the
/// offsets are in 16-bit code values (divided by 65535), as OpenColorIO reads them.
enum SPIMatrixReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var values: [Float] = []
        var offsets: [Double] = []
        var lastLine = 1
        for (index, raw) in text.lines.enumerated() {
            let number = index + 1
            let line = LUTText.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            for field in LUTText.fields(line) {
                guard values.count < 12 else { throw text.error(line: number, "more than 12 numbers") }
                let value = try text.number(field, line: number)
                values.append(value)
                // offsets in double, so that a written offset (o * 65535, exact in double)
                // reads back as exactly o
                if values.count % 4 == 0 { offsets.append(Double(field) ?? Double(value)) }
            }
            lastLine = number
        }
        guard values.count == 12 else {
            throw text.error(line: lastLine, "a .spimtx holds 12 numbers (3 rows of 4), found \(values.count)")
        }
        let matrix = [values[0], values[1], values[2], values[4], values[5], values[6], values[8], values[9], values[10]]
        let offset = SIMD3(Float(offsets[0] / 65535), Float(offsets[1] / 65535), Float(offsets[2] / 65535))
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
            let offset = Double(m.offset[r]) * 65535  // exact in double
            out += "\(LUTNumber.triple(row.x, row.y, row.z)) \(offset == 0 ? "0" : offset.description)\n"
        }
        return out
    }
}
