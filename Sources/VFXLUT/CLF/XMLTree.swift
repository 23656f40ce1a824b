import CXML
import VFXCore

/// An XML element as the CLF reader sees it: name, attributes, text, children and the
/// line where it starts (for error messages).
final class XMLTreeElement {
    let name: String
    let attributes: [String: String]
    let line: Int
    var text = ""
    var children: [XMLTreeElement] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// Frees the subtree with a loop: the default release of a deeply nested document
    /// (50,000 levels of `<a>`) recursed once per level and overflowed the stack.
    deinit {
        var pending = children
        children = []
        while let element = pending.popLast() {
            pending.append(contentsOf: element.children)
            element.children = []
        }
    }

    func children(named name: String) -> [XMLTreeElement] { children.filter { $0.name == name } }
    func child(named name: String) -> XMLTreeElement? { children.first { $0.name == name } }
}

/// Parses a whole XML document into an `XMLTreeElement` tree with libxml2's SAX parser
/// (through the small CXML target). Malformed XML → `VFXError.format` naming the file
/// and the line.
enum XMLTree {
    static func parse(_ data: [UInt8], path: String) throws(VFXError) -> XMLTreeElement {
        var result = vfx_xml_result()
        defer { vfx_xml_free(&result) }
        let status = data.withUnsafeBytes { bytes in
            vfx_xml_parse(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &result)
        }
        if status == VFX_XML_UNAVAILABLE {
            throw .unsupported(withUnsafeBytes(of: result.error_message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            })
        }
        if status != 0 {
            let line = max(Int(result.error_line), 1)
            let code = Int(result.error_code)
            throw .format(path: path, message: "line \(line): malformed XML: \(describe(code))")
        }
        let events = UnsafeRawBufferPointer(start: result.events, count: result.length)
        var reader = EventReader(events: events)
        var root: XMLTreeElement?
        var stack: [XMLTreeElement] = []
        while let kind = reader.byte() {
            switch kind {
            case UInt8(ascii: "S"):
                let line = Int(reader.int32())
                let name = reader.string()
                var attributes: [String: String] = [:]
                for _ in 0..<max(0, Int(reader.int32())) {
                    let key = reader.string()
                    attributes[key] = reader.string()
                }
                let element = XMLTreeElement(name: name, attributes: attributes, line: line)
                if let parent = stack.last {
                    parent.children.append(element)
                } else if root == nil {
                    root = element
                }
                stack.append(element)
            case UInt8(ascii: "E"):
                _ = stack.popLast()
            default:
                stack.last?.text += reader.string()
            }
        }
        guard let root, stack.isEmpty else {
            throw .format(path: path, message: "line 1: malformed XML: the XML ends before its root element closes")
        }
        return root
    }

    /// libxml2's error numbers (xmlerror.h): the common ones in words.
    private static func describe(_ code: Int) -> String {
        let words: [Int: String] = [
            4: "no start tag (the file is empty or not XML)",
            5: "the document ends early, or has content after its root element",
            9: "an invalid character",
            23: "a '<' inside an attribute value",
            39: "an attribute value without quotes",
            40: "an attribute value that is not closed",
            41: "an attribute without a value",
            65: "a space is required",
            68: "a name is required",
            73: "'>' expected",
            76: "an end tag does not match its start tag",
            77: "an element is not closed before the end of the file",
        ]
        return "\(words[code] ?? "XML error") (libxml2 code \(code))"
    }
}

/// Reads the event records `vfx_xml_parse` wrote (see CXML.h).
private struct EventReader {
    let events: UnsafeRawBufferPointer
    var offset = 0

    mutating func byte() -> UInt8? {
        guard offset < events.count else { return nil }
        defer { offset += 1 }
        return events[offset]
    }

    mutating func int32() -> Int32 {
        guard offset + 4 <= events.count else { offset = events.count; return 0 }
        defer { offset += 4 }
        return events.loadUnaligned(fromByteOffset: offset, as: Int32.self)
    }

    mutating func string() -> String {
        let start = offset
        while offset < events.count, events[offset] != 0 { offset += 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: events[start..<offset]), as: UTF8.self)
        offset = min(offset + 1, events.count)
        return text
    }
}
