import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// The text of a LUT file as numbered lines, and the error helpers every reader shares:
/// each malformed-file error names the file and the 1-based line.
struct LUTText {
    /// The most bytes a LUT file may have (a 256³ cube as text is ~600 MB; 512 MB is far
    /// beyond any real LUT and keeps a wrong path from exhausting memory).
    static let maxBytes = 512 << 20

    let path: String
    /// The lines without their line endings; `lines[i]` is line `i + 1`.
    let lines: [Substring]

    /// Reads `path`; file-system failures are `VFXError.io`, non-text content `.format`.
    init(path: String) throws(VFXError) {
        let bytes = try Self.readBytes(path)
        if let nul = bytes.firstIndex(of: 0) {
            throw .format(path: path, message: "line \(Self.lineNumber(bytes, nul)): not a text LUT file (a NUL byte)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let decoded = String(decoding: bytes, as: UTF8.self)
            let line = decoded.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("\u{FFFD}") }.map { $0 + 1 } ?? 1
            throw .format(path: path, message: "line \(line): not a text LUT file (not valid UTF-8)")
        }
        self.init(path: path, text: text)
    }

    /// The lines that are neither blank nor `#` comments, with their 1-based numbers,
    /// trimmed text and whitespace-separated fields; comment texts are appended to
    /// `comments` in order.
    func contentLines(comments: inout [String]) -> [(number: Int, line: Substring, fields: [Substring])] {
        var content: [(number: Int, line: Substring, fields: [Substring])] = []
        for (index, raw) in lines.enumerated() {
            let line = Self.trimmed(raw)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                comments.append(String(Self.trimmed(line.dropFirst())))
                continue
            }
            content.append((index + 1, line, Self.fields(line)))
        }
        return content
    }

    init(path: String, text: String) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    func error(line: Int, _ message: String) -> VFXError {
        .format(path: path, message: "line \(line): \(message)")
    }

    /// The last line with content (for "the file ends early" errors).
    var endLine: Int {
        (lines.lastIndex { !Self.trimmed($0).isEmpty } ?? 0) + 1
    }

    /// Runs the initializer of the table read (a Lut1D, a Lut3D); its errors become format
    /// errors at `endLine`, where the table ends.
    func atEnd<T>(_ body: () throws(VFXError) -> T) throws(VFXError) -> T {
        do {
            return try body()
        } catch {
            throw self.error(line: endLine, error.description)
        }
    }

    /// Whitespace-separated fields of a line.
    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{0B}" || $0 == "\u{0C}" })
    }

    static func trimmed(_ line: Substring) -> Substring {
        var s = line
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }

    /// One finite number, or a `FormatError` naming the line.
    func number(_ field: Substring, line: Int) throws(VFXError) -> Float {
        guard let value = Float(field), value.isFinite else {
            throw error(line: line, "'\(field.prefix(40))' is not a finite number")
        }
        return value
    }

    func numbers(_ fields: [Substring], line: Int) throws(VFXError) -> [Float] {
        var values: [Float] = []
        values.reserveCapacity(fields.count)
        for field in fields { values.append(try number(field, line: line)) }
        return values
    }

    /// A non-negative integer (sizes, counts).
    func integer(_ field: Substring, line: Int, what: String) throws(VFXError) -> Int {
        guard let value = Int(field), value >= 0 else {
            throw error(line: line, "\(what) must be a whole number, got '\(field.prefix(40))'")
        }
        return value
    }

    static func lineNumber(_ bytes: [UInt8], _ index: Int) -> Int {
        bytes[..<index].reduce(1) { $1 == 10 ? $0 + 1 : $0 }
    }

    static func readBytes(_ path: String) throws(VFXError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            let code = errno
            throw .io(path: path, message: "cannot open: \(String(cString: strerror(code)))", code: code)
        }
        defer { fclose(file) }
        var info = stat()
        if fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw .io(path: path, message: "cannot read: it is a folder", code: EISDIR)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if bytes.count > maxBytes {
                throw .format(path: path, message: "too large for a LUT file (over \(maxBytes >> 20) MB)")
            }
            if count < chunk.count {
                if ferror(file) != 0 {
                    let code = errno
                    throw .io(path: path, message: "cannot read: \(String(cString: strerror(code)))", code: code)
                }
                break
            }
        }
        return bytes
    }
}

/// How LUT writers print numbers: the shortest decimal that reads back as the same
/// float32 (Swift's `description`, e.g. 0.1, 1e-05), so writing then reading is lossless.
enum LUTNumber {
    static func text(_ value: Float) -> String {
        if value == 0 { return "0" }  // also turns -0 into 0
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func triple(_ a: Float, _ b: Float, _ c: Float) -> String {
        "\(text(a)) \(text(b)) \(text(c))"
    }
}
