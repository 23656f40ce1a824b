import CPython
#if canImport(Glibc)
import Glibc
#endif

/// A C string that lives for the rest of the process: CPython keeps pointers to type,
/// method and member names and to buffer formats, so they must never be freed.
public func permanentCString(_ text: String) -> UnsafePointer<CChar> {
    guard let copy = strdup(text) else { fatalError("out of memory copying \(text)") }
    return UnsafePointer(copy)
}

/// An array that lives for the rest of the process (method and slot tables).
func permanentArray<T>(_ items: [T]) -> UnsafeMutablePointer<T> {
    let memory = UnsafeMutablePointer<T>.allocate(capacity: max(items.count, 1))
    memory.initialize(from: items, count: items.count)
    return memory
}

/// A Python type object, as the bridge builds it (`TypeBuilder`).
public typealias PythonType = UnsafeMutablePointer<PyTypeObject>
/// One entry of a method table (`Method`) and of a property table (`property`).
public typealias MethodDefinition = PyMethodDef
public typealias PropertyDefinition = PyGetSetDef

/// C signatures of the functions a binding provides.
public typealias NewFunction = newfunc
public typealias ReprFunction = reprfunc
public typealias GetBufferFunction = getbufferproc
public typealias ReleaseBufferFunction = releasebufferproc
public typealias KeywordFunction = @convention(c) (PyPointer?, PyPointer?, PyPointer?) -> PyPointer?
public typealias PlainFunction = @convention(c) (PyPointer?, PyPointer?) -> PyPointer?
public typealias Getter = @convention(c) (PyPointer?, UnsafeMutableRawPointer?) -> PyPointer?
public typealias Setter = @convention(c) (PyPointer?, PyPointer?, UnsafeMutableRawPointer?) -> Int32

/// Entries of a method table.
public enum Method {
    /// `fn(self, args, kwargs)`; `isClassMethod` for `Type.name(...)` constructors.
    public static func keywords(_ name: String, doc: String, isClassMethod: Bool = false,
                                _ function: KeywordFunction) -> PyMethodDef {
        PyMethodDef(ml_name: permanentCString(name),
                    ml_meth: unsafeBitCast(function, to: PyCFunction.self),
                    ml_flags: METH_VARARGS | METH_KEYWORDS | (isClassMethod ? METH_CLASS : 0),
                    ml_doc: permanentCString(doc))
    }

    /// `fn(self, NULL)`.
    public static func noArguments(_ name: String, doc: String, _ function: PlainFunction) -> PyMethodDef {
        PyMethodDef(ml_name: permanentCString(name), ml_meth: function, ml_flags: METH_NOARGS,
                    ml_doc: permanentCString(doc))
    }

    /// `fn(self, arg)` with exactly one positional argument.
    public static func oneArgument(_ name: String, doc: String, _ function: PlainFunction) -> PyMethodDef {
        PyMethodDef(ml_name: permanentCString(name), ml_meth: function, ml_flags: METH_O,
                    ml_doc: permanentCString(doc))
    }

    static var sentinel: PyMethodDef { PyMethodDef(ml_name: nil, ml_meth: nil, ml_flags: 0, ml_doc: nil) }
}

/// A read-only or read-write attribute.
public func property(_ name: String, doc: String, get: Getter, set: Setter? = nil) -> PyGetSetDef {
    PyGetSetDef(name: permanentCString(name), get: get, set: set, doc: permanentCString(doc), closure: nil)
}

/// Describes a heap type whose instances have the `VfxObject` layout (a retained Swift
/// object, one attached Python reference, weak references) and builds it with
/// `PyType_FromSpec`. Garbage collection, deallocation and weak references are handled
/// here; the binding supplies constructors, methods, properties and optional slots.
public struct TypeBuilder {
    public var qualifiedName: String
    public var doc: String
    public var methods: [MethodDefinition] = []
    public var properties: [PropertyDefinition] = []
    public var new: NewFunction?
    public var repr: ReprFunction?
    public var getBuffer: GetBufferFunction?
    public var releaseBuffer: ReleaseBufferFunction?

    public init(qualifiedName: String, doc: String) {
        self.qualifiedName = qualifiedName
        self.doc = doc
    }

    public func build() throws(PythonException) -> PythonType {
        var slots: [PyType_Slot] = []
        func add(_ id: Int32, _ pointer: UnsafeMutableRawPointer?) {
            if let pointer { slots.append(PyType_Slot(slot: id, pfunc: pointer)) }
        }
        add(Py_tp_doc, UnsafeMutableRawPointer(mutating: permanentCString(doc)))
        add(Py_tp_dealloc, unsafeBitCast(bridgedDealloc as destructor, to: UnsafeMutableRawPointer.self))
        add(Py_tp_traverse, unsafeBitCast(bridgedTraverse as traverseproc, to: UnsafeMutableRawPointer.self))
        add(Py_tp_clear, unsafeBitCast(bridgedClear as inquiry, to: UnsafeMutableRawPointer.self))
        if let new { add(Py_tp_new, unsafeBitCast(new, to: UnsafeMutableRawPointer.self)) }
        if let repr { add(Py_tp_repr, unsafeBitCast(repr, to: UnsafeMutableRawPointer.self)) }
        if let getBuffer { add(Py_bf_getbuffer, unsafeBitCast(getBuffer, to: UnsafeMutableRawPointer.self)) }
        if let releaseBuffer { add(Py_bf_releasebuffer, unsafeBitCast(releaseBuffer, to: UnsafeMutableRawPointer.self)) }
        add(Py_tp_methods, UnsafeMutableRawPointer(permanentArray(methods + [Method.sentinel])))
        let getSetSentinel = PyGetSetDef(name: nil, get: nil, set: nil, doc: nil, closure: nil)
        add(Py_tp_getset, UnsafeMutableRawPointer(permanentArray(properties + [getSetSentinel])))
        let members = [
            PyMemberDef(name: UnsafeMutablePointer(mutating: permanentCString("__weaklistoffset__")),
                        type: T_PYSSIZET, offset: vfx_weaklist_offset(), flags: READONLY, doc: nil),
            PyMemberDef(name: nil, type: 0, offset: 0, flags: 0, doc: nil),
        ]
        add(Py_tp_members, UnsafeMutableRawPointer(permanentArray(members)))
        slots.append(PyType_Slot(slot: 0, pfunc: nil))

        let flags = vfx_tpflags_default() | vfx_tpflags_have_gc()
        var spec = PyType_Spec(name: permanentCString(qualifiedName), basicsize: Int32(vfx_object_size()),
                               itemsize: 0, flags: UInt32(flags), slots: permanentArray(slots))
        guard let type = PyType_FromSpec(&spec) else { throw .alreadySet }
        return type.withMemoryRebound(to: PyTypeObject.self, capacity: 1) { $0 }
    }
}

/// A Python module built from a method table; the definition lives for the process.
public struct ModuleBuilder {
    public var name: String
    public var doc: String
    public var methods: [MethodDefinition] = []

    public init(name: String, doc: String) {
        self.name = name
        self.doc = doc
    }

    public func build() throws(PythonException) -> PyRef {
        let base = PyModuleDef_Base(ob_base: PyObject(ob_refcnt: 1, ob_type: nil),
                                    m_init: nil, m_index: 0, m_copy: nil)
        let definition = permanentArray([PyModuleDef(
            m_base: base, m_name: permanentCString(name), m_doc: permanentCString(doc), m_size: -1,
            m_methods: permanentArray(methods + [Method.sentinel]),
            m_slots: nil, m_traverse: nil, m_clear: nil, m_free: nil)])
        return try PyRef(owned: PyModule_Create2(definition, vfx_python_api_version()))
    }
}

/// Adds `value` to `module` under `name`.
public func addToModule(_ module: PyRef, _ name: String, _ value: PyRef) throws(PythonException) {
    try withExtendedLifetime(value) { () throws(PythonException) in try addToModule(module, name, value.pointer) }
}

/// Adds a type the bridge built (it lives for the whole process).
public func addToModule(_ module: PyRef, _ name: String, type: PythonType) throws(PythonException) {
    try type.withMemoryRebound(to: PyObject.self, capacity: 1) { object throws(PythonException) in
        try addToModule(module, name, object)
    }
}

/// Adds an object that lives for the whole process (a type, an exception class).
public func addToModule(_ module: PyRef, _ name: String, _ value: PyPointer) throws(PythonException) {
    Py_IncRef(value)
    guard PyModule_AddObject(module.pointer, name, value) == 0 else {
        Py_DecRef(value)
        throw .alreadySet
    }
}

/// A Python function object calling `function` with no arguments (for hooks).
public func makeFunction(_ name: String, doc: String, _ function: PlainFunction) throws(PythonException) -> PyRef {
    let definition = permanentArray([Method.noArguments(name, doc: doc, function)])
    return try PyRef(owned: PyCFunction_NewEx(definition, nil, nil))
}
