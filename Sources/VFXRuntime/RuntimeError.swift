import CPython
import PythonBridge

/// A failure of code run through `Runtime`: the Python exception, with its traceback.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// The exception's class name (`ValueError`, `KeyboardInterrupt`, ...), or `vfxrun`
    /// for failures of the runtime itself (start-up, a missing stdlib).
    public let kind: String
    /// `str(exception)`.
    public let message: String
    /// The formatted traceback, as Python prints it (empty when there is none).
    public let traceback: String
    /// For `SystemExit` with a non-zero status: that status.
    public let exitStatus: Int32?

    public init(kind: String, message: String, traceback: String = "", exitStatus: Int32? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
        self.exitStatus = exitStatus
    }

    public var description: String {
        traceback.isEmpty ? "\(kind): \(message)" : traceback
    }

    /// Takes the exception set in the interpreter (clearing it) and formats it with
    /// Python's `traceback` module. Hold the GIL.
    static func fetch() -> RuntimeError {
        var type: PyPointer?
        var value: PyPointer?
        var trace: PyPointer?
        PyErr_Fetch(&type, &value, &trace)
        PyErr_NormalizeException(&type, &value, &trace)
        guard let type else { return RuntimeError(kind: "vfxrun", message: "unknown Python error") }
        let typeRef = try? PyRef(owned: type)
        let valueRef = try? PyRef(owned: value)
        let traceRef = try? PyRef(owned: trace)
        if let valueRef, let traceRef { PyException_SetTraceback(valueRef.pointer, traceRef.pointer) }
        let kind = typeName(type)
        let message = valueRef?.text ?? ""
        var status: Int32?
        if kind == "SystemExit", let valueRef, let code = try? valueRef.attribute("code") {
            status = code.pointer == vfx_none() ? 0 : Int32(truncatingIfNeeded: PyLong_AsLong(code.pointer))
            if PyErr_Occurred() != nil { PyErr_Clear(); status = 1 }
        }
        var text = ""
        if let valueRef,
           let format = try? importModule("traceback").attribute("format_exception"),
           let lines = try? format.call([valueRef]),
           let joined = try? "".toPython().attribute("join").call([lines]) {
            text = joined.text
        }
        PyErr_Clear()
        withExtendedLifetime((typeRef, traceRef)) {}
        return RuntimeError(kind: kind, message: message, traceback: text, exitStatus: status)
    }

    private static func typeName(_ type: PyPointer) -> String {
        type.withMemoryRebound(to: PyTypeObject.self, capacity: 1) { type in
            guard let name = type.pointee.tp_name else { return "Exception" }
            let full = String(cString: name)
            return full.split(separator: ".").last.map(String.init) ?? full
        }
    }
}
