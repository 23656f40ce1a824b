import VFXColor
import VFXCore

/// A parsed CLF / CTF file: its metadata, a description of each node, and the color
/// pipeline that applies it (normalized values throughout).
public struct CLFDocument: Sendable {
    public var path: String
    public var id: String?
    public var name: String?
    /// The ProcessList's `Description` elements, in order.
    public var descriptions: [String]
    public var inputDescriptor: String?
    public var outputDescriptor: String?
    /// `compCLFversion` (CLF) or `version` (CTF), as written.
    public var version: String?
    public var nodes: [CLFNode]
    public var pipeline: ColorPipeline
}

/// One process node of a CLF file, as written (for listings; the math is in the ops).
public struct CLFNode: Sendable {
    /// The element name as written: "LUT1D", "LUT3D", "Matrix", "Range", "Log", "Exponent", "ASC_CDL", "InvLUT1D", ...
    public var type: String
    public var id: String?
    public var name: String?
    public var inBitDepth: CLFBitDepth
    public var outBitDepth: CLFBitDepth
    public var descriptions: [String]
    /// The line of the element in the file.
    public var line: Int
    /// Key parameters, normalized where the op normalizes them (e.g. "style", "size", "matrix").
    public var parameters: [(String, CLFValue)]
}

/// A parameter value in a node description.
public enum CLFValue: Sendable, Equatable {
    case text(String)
    case number(Double)
    case integer(Int)
    case flag(Bool)
    case numbers([Double])
}
