import CEXR

/// The ten EXR compressions by their usual names.
public enum EXRCompression: String, CaseIterable, Sendable {
    case none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa, dwab

    /// The Imf::Compression value.
    public var code: Int32 {
        Int32(EXRCompression.allCases.firstIndex(of: self) ?? 0)
    }

    public init?(code: Int32) {
        guard code >= 0, Int(code) < EXRCompression.allCases.count else { return nil }
        self = EXRCompression.allCases[Int(code)]
    }

    /// Scanlines per chunk in a scanline part.
    public var linesPerChunk: Int {
        switch self {
        case .none, .rle, .zips: 1
        case .zip, .pxr24: 16
        case .piz, .b44, .b44a, .dwaa: 32
        case .dwab: 256
        }
    }

    public static var names: [String] { allCases.map(\.rawValue) }
}
