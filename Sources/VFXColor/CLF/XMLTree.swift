import Foundation
import FoundationXML
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

    func children(named name: String) -> [XMLTreeElement] { children.filter { $0.name == name } }
    func child(named name: String) -> XMLTreeElement? { children.first { $0.name == name } }
}

/// Parses a whole XML document into an `XMLTreeElement` tree with FoundationXML's
/// XMLParser. Malformed XML → `VFXError.format` naming the file and the line.
enum XMLTree {
    static func parse(_ data: [UInt8], path: String) throws(VFXError) -> XMLTreeElement {
        let builder = TreeBuilder()
        // From a stream, XMLParser feeds libxml2 in chunks; given one Data, it pushes it
        // whole and libxml2 stops at 10 MB of unparsed input ("huge input lookup"),
        // which a 65³ LUT3D in full float precision exceeds.
        let parser = XMLParser(stream: InputStream(data: Data(data)))
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure = builder.failure {
            throw .format(path: path, message: failure)
        }
        guard ok, let root = builder.root, builder.stack.isEmpty else {
            let line = max(parser.lineNumber, 1)
            let reason = parser.parserError.map { Self.describe($0) } ?? "the XML ends before its root element closes"
            throw .format(path: path, message: "line \(line): malformed XML: \(reason)")
        }
        return root
    }

    /// FoundationXML on Linux reports libxml2's error numbers (xmlerror.h); the common ones in words.
    private static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
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

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLTreeElement?
    var stack: [XMLTreeElement] = []
    var failure: String?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let element = XMLTreeElement(name: elementName, attributes: attributeDict, line: parser.lineNumber)
        if let parent = stack.last {
            parent.children.append(element)
        } else if root == nil {
            root = element
        }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
    }
}
