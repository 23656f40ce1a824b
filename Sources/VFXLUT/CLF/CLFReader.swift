import VFXColor
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads Academy Common LUT Format 3.0 files (and the common subset of Autodesk CTF):
/// a ProcessList of LUT1D, LUT3D, Matrix, Range, Log, Exponent, ASC_CDL, InvLUT1D and
/// InvLUT3D nodes (CTF's InverseLUT1D, InverseLUT3D and Gamma too, and the FixedFunction
/// styles of the ACES 1.0 output transforms), with bit-depth scaling between them.
///
/// Errors: the file system → `VFXError.io`; malformed XML, missing or bad attributes,
/// wrong element counts, non-numbers, unknown elements, bad or mismatched bit depths →
/// `VFXError.format` naming the file and the line; valid nodes this reader does not
/// implement (IndexMap, CTF-only ops such as ExposureContrast) → `VFXError.unsupported`.
public enum CLFReader {
    /// The process-node elements this reader implements.
    static let nodeTypes: Set<String> = ["LUT1D", "LUT3D", "Matrix", "Range", "Log", "Exponent", "ASC_CDL", "InvLUT1D",
                                         "InverseLUT1D", "Gamma", "InvLUT3D", "InverseLUT3D", "FixedFunction"]
    /// Valid CTF nodes it does not implement.
    static let unsupportedNodeTypes: Set<String> = ["ExposureContrast", "GradingPrimary",
                                                    "GradingRGBCurve", "GradingTone", "Gamma", "Reference", "Dither",
                                                    "Function", "LogCurve", "ACES"]
    static let metadataElements: Set<String> = ["Description", "InputDescriptor", "OutputDescriptor", "Info"]

    public static func read(path: String) throws(VFXError) -> CLFDocument {
        try parse(readBytes(path), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(VFXError) -> CLFDocument {
        let root = try XMLTree.parse(bytes, path: path)
        let context = CLFContext(path: path)
        guard root.name == "ProcessList" else {
            throw context.error(root, "the root element is <\(root.name)>, expected <ProcessList>")
        }
        var document = CLFDocument(path: path, id: root.attributes["id"], name: root.attributes["name"],
                                   descriptions: [], inputDescriptor: nil, outputDescriptor: nil,
                                   version: root.attributes["compCLFversion"] ?? root.attributes["version"],
                                   nodes: [], pipeline: ColorPipeline())
        if let version = document.version, let major = Double(version.split(separator: ".").first ?? ""),
           root.attributes["compCLFversion"] != nil, major > 3 {
            throw context.error(root, "compCLFversion \(version) is newer than CLF 3")
        }
        var previousOut: CLFBitDepth?
        for element in root.children {
            switch element.name {
            case "Description": document.descriptions.append(trimmed(element.text))
            case "InputDescriptor": document.inputDescriptor = trimmed(element.text)
            case "OutputDescriptor": document.outputDescriptor = trimmed(element.text)
            case "Info": break
            case _ where nodeTypes.contains(element.name):
                let (node, operations) = try CLFNodeReader(context: context, element: element).read()
                if let previousOut, previousOut != node.inBitDepth {
                    throw context.error(element, "bit-depth mismatch: the previous node's outBitDepth is "
                                        + "'\(previousOut.rawValue)' and this node's inBitDepth is '\(node.inBitDepth.rawValue)'")
                }
                previousOut = node.outBitDepth
                document.nodes.append(node)
                for operation in operations { document.pipeline.append(operation) }
            case _ where unsupportedNodeTypes.contains(element.name):
                throw .unsupported("\(path): line \(element.line): <\(element.name)> is not supported by this CLF reader")
            default:
                throw context.error(element, "unknown element <\(element.name)> in <ProcessList>")
            }
        }
        return document
    }

    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    static func readBytes(_ path: String) throws(VFXError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno)), code: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: String(cString: strerror(errno)), code: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}

/// What node readers need to report errors.
struct CLFContext {
    let path: String

    func error(_ element: XMLTreeElement, _ message: String) -> VFXError {
        .format(path: path, message: "line \(element.line): \(message)")
    }

    func error(line: Int, _ message: String) -> VFXError {
        .format(path: path, message: "line \(line): \(message)")
    }
}
