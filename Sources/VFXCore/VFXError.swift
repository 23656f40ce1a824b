/// Errors raised by the vfxrun libraries. The Python bridge maps each case onto a Python
/// exception (`ValueError`, `TypeError`, `MemoryError`, `vfxpy.FormatError`,
/// `vfxpy.IOError`, `vfxpy.UnsupportedError`, `vfxpy.VfxError` for device failures).
public enum VFXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument has the right type but a value that cannot be used.
    case invalidArgument(name: String, message: String)
    /// An argument has a type that cannot be used.
    case wrongType(name: String, message: String)
    /// The memory the request needs cannot or must not be allocated.
    case outOfMemory(String)
    /// A file's content is unreadable or not what its format promises.
    case format(path: String, message: String)
    /// The file system refused an operation; `code` is the errno when there is one.
    case io(path: String, message: String, code: Int32 = 0)
    /// A valid request that this build does not implement.
    case unsupported(String)
    /// The user cancelled a running operation.
    case cancelled
    /// A compute device failed (device lost, out of device memory, a driver error).
    case device(String)

    public var description: String {
        switch self {
        case let .invalidArgument(name, message): "\(name) \(message)"
        case let .wrongType(name, message): "\(name) \(message)"
        case let .outOfMemory(message): message
        case let .format(path, message): "\(path): \(message)"
        case let .io(path, message, _): "\(path): \(message)"
        case let .unsupported(message): message
        case .cancelled: "cancelled"
        case let .device(message): message
        }
    }
}
