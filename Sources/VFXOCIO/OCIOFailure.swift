import COCIO
import VFXCore

/// An error from OpenColorIO (through the COCIO shim) or from the file system.
public enum OCIOFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// OpenColorIO refused: an unparsable config, an unknown name, a bad LUT file. The
    /// message is OCIO's.
    case ocio(String)
    /// A vfxpy error (a missing config file: `.io` with errno; bad arguments).
    case vfx(VFXError)

    public var description: String {
        switch self {
        case .ocio(let message): message
        case .vfx(let error): error.description
        }
    }

    /// The failure a COCIO status reports; `path` names the file for file-system errors.
    static func from(_ status: Int32, _ error: COCIOError, path: String = "") -> OCIOFailure {
        let message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch Int(status) {
        case Int(COCIO_IO_ERROR): return .vfx(.io(path: path, message: message, code: error.code))
        case Int(COCIO_OUT_OF_MEMORY): return .vfx(.outOfMemory(message))
        case Int(COCIO_INVALID_ARGUMENT): return .vfx(.invalidArgument(name: "argument", message: message))
        case Int(COCIO_UNAVAILABLE): return .vfx(.unsupported(message))
        default: return .ocio(message)
        }
    }
}

/// Calls a COCIO function that reports through a COCIOError; throws its failure.
@inline(__always)
func checked(path: String = "", _ body: (UnsafeMutablePointer<COCIOError>) -> Int32) throws(OCIOFailure) {
    var error = COCIOError()
    let status = body(&error)
    guard status == Int32(COCIO_OK) else { throw OCIOFailure.from(status, error, path: path) }
}

/// A malloc'd C string from the shim as a Swift string (freed).
func taken(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    defer { cocio_free(pointer) }
    return String(cString: pointer)
}
