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
        guard let caught = CaughtException.take() else {
            return RuntimeError(kind: "vfxrun", message: "unknown Python error")
        }
        let kind = caught.typeName
        let message = caught.value?.text ?? ""
        var status: Int32?
        if kind == "SystemExit", let value = caught.value, let code = try? value.attribute("code") {
            if isNone(code.pointer) {
                status = 0
            } else if let number = try? convertInt(code.pointer, name: "code") {
                status = Int32(truncatingIfNeeded: number)
            } else {
                clearPythonError()
                status = 1
            }
        }
        var text = ""
        if let value = caught.value,
           let format = try? importModule("traceback").attribute("format_exception"),
           let lines = try? format.call([value]),
           let joined = try? "".toPython().attribute("join").call([lines]) {
            text = joined.text
        }
        clearPythonError()
        return RuntimeError(kind: kind, message: message, traceback: text, exitStatus: status)
    }
}
