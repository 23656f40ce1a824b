import PythonBridge
import VFXCore

/// The exception classes of `vfxpy`, created when the native module loads.
enum VfxExceptions {
    nonisolated(unsafe) static var base: ExceptionType?
    nonisolated(unsafe) static var format: ExceptionType?
    nonisolated(unsafe) static var io: ExceptionType?
    nonisolated(unsafe) static var unsupported: ExceptionType?

    static func create() throws(PythonException) -> [(String, ExceptionType)] {
        let base = try ExceptionType.create(
            qualifiedName: "vfxpy.VfxError",
            doc: "Base class of every error vfxpy raises about images, files and processing.",
            bases: [ExceptionType.exception.pointer])
        let format = try ExceptionType.create(
            qualifiedName: "vfxpy.FormatError",
            doc: "A file's content is unreadable, corrupt or in an unsupported variant of its format.",
            bases: [base.pointer])
        let io = try ExceptionType.create(
            qualifiedName: "vfxpy.IOError",
            doc: "The file system refused an operation (missing file, permission, full disk). "
                + "Also an OSError, so `except OSError` catches it.",
            bases: [base.pointer, ExceptionType.osError.pointer])
        let unsupported = try ExceptionType.create(
            qualifiedName: "vfxpy.UnsupportedError",
            doc: "A valid request that this build of vfxpy does not implement.",
            bases: [base.pointer])
        Self.base = base
        Self.format = format
        Self.io = io
        Self.unsupported = unsupported
        return [("VfxError", base), ("FormatError", format), ("IOError", io), ("UnsupportedError", unsupported)]
    }
}

extension VFXError: PythonExceptionConvertible {
    public var pythonException: PythonException {
        func custom(_ type: ExceptionType?, _ message: String) -> PythonException {
            guard let type else { return .runtimeError(message) }
            return .custom(type: type, message: message)
        }
        switch self {
        case .invalidArgument: return .valueError(description)
        case .wrongType: return .typeError(description)
        case .outOfMemory(let message): return .memoryError(message)
        case .format: return custom(VfxExceptions.format, description)
        case let .io(path, message, code):
            guard code != 0, let type = VfxExceptions.io else { return custom(VfxExceptions.io, description) }
            return .osError(type: type, code: code, message: message, path: path)
        case .unsupported(let message): return custom(VfxExceptions.unsupported, message)
        case .cancelled: return .keyboardInterrupt
        case .device(let message): return custom(VfxExceptions.base, message)
        }
    }
}
