import VFXColor
import VFXCore

/// Sony Pictures Imageworks `.spi3d` reader:
/// ```
/// SPILUT 1.0
/// 3 3
/// <n> <n> <n>
/// <r index> <g index> <b index> <R> <G> <B>     (n³ lines, any order)
/// ```
/// The domain is [0, 1]; every grid point must appear exactly once.
enum SPI3DReader {
    static func read(_ text: LUTText) throws(VFXError) -> LUTFile {
        var header: [(Int, [Substring])] = []
        var values: [Float] = []
        var filled: [Bool] = []
        var size = 0
        var count = 0
        for (index, raw) in text.lines.enumerated() {
            let number = index + 1
            let line = LUTText.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = LUTText.fields(line)
            if header.count < 3 {
                header.append((number, fields))
                if header.count == 1 {
                    guard fields.first?.uppercased() == "SPILUT" else {
                        throw text.error(line: number, "expected 'SPILUT 1.0'")
                    }
                } else if header.count == 2 {
                    guard fields == ["3", "3"] else {
                        throw text.error(line: number, "expected '3 3' (3 inputs, 3 outputs), got '\(line.prefix(40))'")
                    }
                } else {
                    guard fields.count == 3 else { throw text.error(line: number, "expected the grid size 'n n n'") }
                    let sizes = [try text.integer(fields[0], line: number, what: "the grid size"),
                                 try text.integer(fields[1], line: number, what: "the grid size"),
                                 try text.integer(fields[2], line: number, what: "the grid size")]
                    guard sizes[0] == sizes[1], sizes[1] == sizes[2] else {
                        throw text.error(line: number, "a grid of \(sizes[0])x\(sizes[1])x\(sizes[2]) is not a cube (unsupported)")
                    }
                    guard (2...256).contains(sizes[0]) else {
                        throw text.error(line: number, "grid size \(sizes[0]) is out of range (2...256)")
                    }
                    size = sizes[0]
                    values = [Float](repeating: 0, count: 3 * size * size * size)
                    filled = [Bool](repeating: false, count: size * size * size)
                }
                continue
            }
            guard fields.count == 6 else { throw text.error(line: number, "a row needs 6 values (r g b R G B), got \(fields.count)") }
            var grid = [0, 0, 0]
            for axis in 0..<3 {
                guard let i = Int(fields[axis]), (0..<size).contains(i) else {
                    throw text.error(line: number, "grid index '\(fields[axis].prefix(20))' is not a whole number in 0...\(size - 1)")
                }
                grid[axis] = i
            }
            let entry = (grid[2] * size + grid[1]) * size + grid[0]
            guard !filled[entry] else {
                throw text.error(line: number, "grid point \(grid[0]) \(grid[1]) \(grid[2]) is given twice")
            }
            filled[entry] = true
            for c in 0..<3 { values[3 * entry + c] = try text.number(fields[3 + c], line: number) }
            count += 1
        }
        guard header.count == 3 else { throw text.error(line: text.endLine, "the header ends early (SPILUT 1.0 / 3 3 / n n n)") }
        guard count == size * size * size else {
            throw text.error(line: text.endLine, "the file has \(count) grid points, expected \(size * size * size)")
        }
        return LUTFile(steps: [.lut3D(try text.atEnd { () throws(VFXError) in try Lut3D(size: size, values: values) })])
    }
}

/// `.spi3d` writer: one Lut3D on the [0, 1] domain, blue changing fastest (as
/// OpenColorIO writes them).
enum SPI3DWriter {
    static func text(_ file: LUTFile) throws(VFXError) -> String {
        guard file.steps.count == 1, case .lut3D(let lut) = file.steps[0] else {
            throw .invalidArgument(name: "lut", message: "must be one Lut3D to write a .spi3d")
        }
        guard lut.domainMin == .zero, lut.domainMax == .one else {
            throw .invalidArgument(name: "lut", message: "must have the domain [0, 1] for .spi3d (the format has no domain)")
        }
        let n = lut.size
        var out = "SPILUT 1.0\n3 3\n\(n) \(n) \(n)\n"
        for r in 0..<n {
            for g in 0..<n {
                for b in 0..<n {
                    let e = 3 * ((b * n + g) * n + r)
                    out += "\(r) \(g) \(b) \(LUTNumber.triple(lut.values[e], lut.values[e + 1], lut.values[e + 2]))\n"
                }
            }
        }
        return out
    }
}
