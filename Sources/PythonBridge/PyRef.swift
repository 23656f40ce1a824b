import CPython

/// A pointer to a Python object, as the C API passes it.
public typealias PyPointer = UnsafeMutablePointer<PyObject>

/// An owned (strong) reference to a Python object; the reference is dropped when the
/// `PyRef` goes away. Create, use and drop it only while holding the GIL.
public final class PyRef: @unchecked Sendable {
    /// The object. Borrowed: valid while this `PyRef` lives.
    public let pointer: PyPointer
    private var owned: Bool

    /// Takes over a new reference (as returned by most C API calls). A NULL result means
    /// the call raised: that exception is left set and `PythonException.alreadySet` thrown.
    public init(owned pointer: PyPointer?) throws(PythonException) {
        guard let pointer else { throw .alreadySet }
        self.pointer = pointer
        owned = true
    }

    /// Adds a reference to a borrowed object.
    public init(borrowed pointer: PyPointer) {
        Py_IncRef(pointer)
        self.pointer = pointer
        owned = true
    }

    /// Hands the reference to the caller (for returning it to Python).
    public func release() -> PyPointer {
        Py_IncRef(pointer)
        return pointer
    }

    deinit {
        if owned { Py_DecRef(pointer) }
    }

    /// `getattr(self, name)`.
    public func attribute(_ name: String) throws(PythonException) -> PyRef {
        try PyRef(owned: PyObject_GetAttrString(pointer, name))
    }

    /// `self(*args)`, with keyword arguments when given.
    public func call(_ args: [PyRef] = [], keywords: [(String, PyRef)] = []) throws(PythonException) -> PyRef {
        let tuple = try PyRef(owned: PyTuple_New(args.count))
        for (index, arg) in args.enumerated() {
            PyTuple_SetItem(tuple.pointer, index, arg.release())
        }
        var kwargs: PyRef?
        if !keywords.isEmpty {
            let dict = try PyRef(owned: PyDict_New())
            for (key, value) in keywords {
                guard PyDict_SetItemString(dict.pointer, key, value.pointer) == 0 else { throw .alreadySet }
            }
            kwargs = dict
        }
        let result = PyObject_Call(pointer, tuple.pointer, kwargs?.pointer)
        withExtendedLifetime((tuple, kwargs)) {}
        return try PyRef(owned: result)
    }

    /// `str(self)`.
    public var text: String {
        guard let str = PyObject_Str(pointer) else {
            PyErr_Clear()
            return "<unprintable>"
        }
        defer { Py_DecRef(str) }
        return String(python: str) ?? "<unprintable>"
    }

    /// `type(self).__name__`.
    public var typeName: String { pythonTypeName(pointer) }
}

/// The `__name__` of an object's type, for messages.
public func pythonTypeName(_ object: PyPointer) -> String {
    guard let name = vfx_type(object).pointee.tp_name else { return "object" }
    let full = String(cString: name)
    return full.split(separator: ".").last.map(String.init) ?? full
}

/// Imports a module by name.
public func importModule(_ name: String) throws(PythonException) -> PyRef {
    try PyRef(owned: PyImport_ImportModule(name))
}

extension PyRef {
    /// A reference to `None`.
    public static var none: PyRef { PyRef(borrowed: vfx_none()) }
}

/// `None`, as a new reference.
public func newNone() -> PyPointer {
    let none = vfx_none()!
    Py_IncRef(none)
    return none
}
