import CPython

/// A Python exception to raise, as a Swift error. Bindings throw it (or an error that
/// conforms to `PythonExceptionConvertible`); `bridged` turns it into the raised
/// exception and the NULL return the C API expects.
public enum PythonException: Error, Sendable {
    /// The exception is already set in the interpreter (a C API call failed).
    case alreadySet
    case typeError(String)
    case valueError(String)
    case memoryError(String)
    case overflowError(String)
    case bufferError(String)
    case runtimeError(String)
    case keyboardInterrupt
    /// An exception of a type created by a module (such as `vfxpy.FormatError`).
    case custom(type: ExceptionType, message: String)
    /// An OSError subclass raised as `type(code, message, path)`, so `errno`,
    /// `strerror` and `filename` are set.
    case osError(type: ExceptionType, code: Int32, message: String, path: String)

    /// Sets this exception in the interpreter.
    public func raise() {
        switch self {
        case .alreadySet:
            if PyErr_Occurred() == nil {
                PyErr_SetString(vfx_exc_runtime_error(), "unknown error in vfxpy")
            }
        case .typeError(let message): PyErr_SetString(vfx_exc_type_error(), message)
        case .valueError(let message): PyErr_SetString(vfx_exc_value_error(), message)
        case .memoryError(let message): PyErr_SetString(vfx_exc_memory_error(), message)
        case .overflowError(let message): PyErr_SetString(vfx_exc_overflow_error(), message)
        case .bufferError(let message): PyErr_SetString(vfx_exc_buffer_error(), message)
        case .runtimeError(let message): PyErr_SetString(vfx_exc_runtime_error(), message)
        case .keyboardInterrupt:
            // Ctrl-C tripped Python's signal flag too: let its handler raise (and clear
            // the flag), so one KeyboardInterrupt is raised, not a second one later.
            if PyErr_CheckSignals() != 0 { return }
            PyErr_SetNone(vfx_exc_keyboard_interrupt())
        case let .custom(type, message): PyErr_SetString(type.pointer, message)
        case let .osError(type, code, message, path):
            guard let args = try? makeTuple([Int(code).toPython(), message.toPython(), path.toPython()]) else { return }
            PyErr_SetObject(type.pointer, args.pointer)
            withExtendedLifetime(args) {}
        }
    }
}

/// A Python exception class kept alive for the life of the process.
public struct ExceptionType: @unchecked Sendable {
    public let pointer: PyPointer

    /// Creates `module.Name` deriving from `bases` (a class, or a tuple of classes).
    public static func create(qualifiedName: String, doc: String, bases: [PyPointer]) throws(PythonException) -> ExceptionType {
        let baseTuple = try PyRef(owned: PyTuple_New(bases.count))
        for (index, base) in bases.enumerated() {
            Py_IncRef(base)
            PyTuple_SetItem(baseTuple.pointer, index, base)
        }
        let created = PyErr_NewExceptionWithDoc(qualifiedName, doc, baseTuple.pointer, nil)
        withExtendedLifetime(baseTuple) {}
        guard let type = created else {
            throw .alreadySet
        }
        return ExceptionType(pointer: type)
    }

    /// Python's built-in `Exception`, `OSError` and friends.
    public static var exception: ExceptionType { ExceptionType(pointer: vfx_exc_exception()) }
    public static var osError: ExceptionType { ExceptionType(pointer: vfx_exc_os_error()) }
}

/// Errors of the Swift libraries that know which Python exception they are.
public protocol PythonExceptionConvertible: Error {
    var pythonException: PythonException { get }
}

/// Runs a binding body and converts what it throws into a raised Python exception:
/// the uniform last step of every function the bridge exposes.
@inline(__always)
public func bridged(_ body: () throws -> PyPointer) -> PyPointer? {
    do {
        return try body()
    } catch {
        raise(error)
        return nil
    }
}

/// The same for slots that return an `Int32` status (0 success, -1 error).
@inline(__always)
public func bridgedStatus(_ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return 0
    } catch {
        raise(error)
        return -1
    }
}

extension PythonException {
    /// The Python exception that stands for a Swift error: itself, what a
    /// `PythonExceptionConvertible` error says, else a `RuntimeError` with its description.
    public init(mapping error: any Error) {
        if let exception = error as? PythonException {
            self = exception
        } else if let convertible = error as? PythonExceptionConvertible {
            self = convertible.pythonException
        } else {
            self = .runtimeError(String(describing: error))
        }
    }
}

/// Sets the Python exception that stands for a Swift error.
public func raise(_ error: any Error) {
    PythonException(mapping: error).raise()
}

extension PythonException {
    /// This exception as an object (to hand to a future rather than raise): the instance
    /// `raise()` would set, or nil if none could be made. Hold the GIL.
    public func instance() -> PyRef? {
        raise()
        return CaughtException.take()?.value
    }
}

/// Reports the exception set in the interpreter as unraisable (`sys.unraisablehook`, which
/// prints it) and clears it: for failures in callbacks nobody waits on. Hold the GIL.
public func reportUnraisable(_ context: PyRef?) {
    guard PyErr_Occurred() != nil else { return }
    PyErr_WriteUnraisable(context?.pointer)
}

/// Clears the exception set in the interpreter (after handling it in Swift).
public func clearPythonError() {
    PyErr_Clear()
}

/// An exception taken out of the interpreter (which no longer has one set), normalized,
/// its traceback attached to the value as `__traceback__`.
public struct CaughtException {
    /// The exception's class.
    public let type: PyRef
    /// The exception instance (nil only for a broken exception).
    public let value: PyRef?

    /// Takes the exception set in the interpreter; nil when none is set. Hold the GIL.
    public static func take() -> CaughtException? {
        var type: PyPointer?
        var value: PyPointer?
        var trace: PyPointer?
        PyErr_Fetch(&type, &value, &trace)
        PyErr_NormalizeException(&type, &value, &trace)
        guard let typeRef = try? PyRef(owned: type) else {
            if let value { Py_DecRef(value) }
            if let trace { Py_DecRef(trace) }
            return nil
        }
        let valueRef = try? PyRef(owned: value)
        let traceRef = try? PyRef(owned: trace)
        if let valueRef, let traceRef { PyException_SetTraceback(valueRef.pointer, traceRef.pointer) }
        withExtendedLifetime(traceRef) {}
        return CaughtException(type: typeRef, value: valueRef)
    }

    /// The class name without its module (`ValueError`, `SystemExit`).
    public var typeName: String {
        type.pointer.withMemoryRebound(to: PyTypeObject.self, capacity: 1) { type in
            guard let name = type.pointee.tp_name else { return "Exception" }
            let full = String(cString: name)
            return full.split(separator: ".").last.map(String.init) ?? full
        }
    }
}
