import CPython

extension String {
    /// The text of a Python `str`, or nil for any other object.
    public init?(python object: PyPointer) {
        guard vfx_is_unicode(object) != 0 else { return nil }
        var size = 0
        guard let utf8 = PyUnicode_AsUTF8AndSize(object, &size) else {
            PyErr_Clear()
            return nil
        }
        let bytes = UnsafeRawBufferPointer(start: utf8, count: size)
        self = String(decoding: bytes, as: UTF8.self)
    }

    /// A new Python `str`.
    public func toPython() throws(PythonException) -> PyRef {
        try PyRef(owned: PyUnicode_FromStringAndSize(self, utf8.count))
    }
}

extension Int {
    /// A new Python `int`.
    public func toPython() throws(PythonException) -> PyRef {
        try PyRef(owned: PyLong_FromLongLong(Int64(self)))
    }
}

extension Double {
    /// A new Python `float`.
    public func toPython() throws(PythonException) -> PyRef {
        try PyRef(owned: PyFloat_FromDouble(self))
    }
}

extension Bool {
    /// Python's `True` or `False`.
    public func toPython() -> PyRef {
        PyRef(borrowed: self ? vfx_true() : vfx_false())
    }
}

/// Builds a new Python tuple of `items`.
public func makeTuple(_ items: [PyRef]) throws(PythonException) -> PyRef {
    let tuple = try PyRef(owned: PyTuple_New(items.count))
    for (index, item) in items.enumerated() {
        PyTuple_SetItem(tuple.pointer, index, item.release())
    }
    return tuple
}

/// Builds a new Python list of `items`.
public func makeList(_ items: [PyRef]) throws(PythonException) -> PyRef {
    let list = try PyRef(owned: PyList_New(items.count))
    for (index, item) in items.enumerated() {
        PyList_SetItem(list.pointer, index, item.release())
    }
    return list
}

/// `list.insert(index, item)`.
public func insertIntoList(_ list: PyPointer, at index: Int, _ item: PyRef) throws(PythonException) {
    guard PyList_Insert(list, index, item.pointer) == 0 else { throw .alreadySet }
    withExtendedLifetime(item) {}
}

/// The items of a list or tuple (borrowed, valid while `sequence` lives), or nil for
/// anything else. Other iterables are read through `PySequence_Fast`.
public func sequenceItems(_ sequence: PyPointer) throws(PythonException) -> [PyRef]? {
    if vfx_is_unicode(sequence) != 0 || vfx_is_bytes(sequence) != 0 { return nil }
    guard PySequence_Check(sequence) != 0 else { return nil }
    let count = PySequence_Size(sequence)
    guard count >= 0 else { throw .alreadySet }
    var items: [PyRef] = []
    items.reserveCapacity(count)
    for index in 0..<count {
        items.append(try PyRef(owned: PySequence_GetItem(sequence, index)))
    }
    return items
}

/// Converts one Python value to a Swift `Int`, accepting anything with `__index__`
/// (numpy integers too). Messages name the argument.
public func convertInt(_ object: PyPointer, name: String) throws(PythonException) -> Int {
    guard vfx_is_float(object) == 0, let index = PyNumber_Index(object) else {
        PyErr_Clear()
        throw .typeError("\(name) must be an int, not \(pythonTypeName(object))")
    }
    defer { Py_DecRef(index) }
    var overflow: Int32 = 0
    let value = PyLong_AsLongLongAndOverflow(index, &overflow)
    if overflow != 0 {
        throw .valueError("\(name) is out of range: \(PyRef(borrowed: index).text)")
    }
    if value == -1, PyErr_Occurred() != nil { throw .alreadySet }
    return Int(value)
}

/// Converts one Python value to a `Double`, accepting ints, floats and numpy scalars.
public func convertDouble(_ object: PyPointer, name: String) throws(PythonException) -> Double {
    if vfx_is_unicode(object) != 0 || vfx_is_bytes(object) != 0 {
        throw .typeError("\(name) must be a number, not \(pythonTypeName(object))")
    }
    let value = PyFloat_AsDouble(object)
    if value == -1, PyErr_Occurred() != nil {
        PyErr_Clear()
        throw .typeError("\(name) must be a number, not \(pythonTypeName(object))")
    }
    return value
}

/// Converts one Python value to a `String`; only `str` is accepted.
public func convertString(_ object: PyPointer, name: String) throws(PythonException) -> String {
    guard let text = String(python: object) else {
        throw .typeError("\(name) must be a str, not \(pythonTypeName(object))")
    }
    return text
}

/// Python truth of a value (`bool(x)`).
public func convertBool(_ object: PyPointer, name: String) throws(PythonException) -> Bool {
    let truth = PyObject_IsTrue(object)
    if truth < 0 { throw .alreadySet }
    return truth == 1
}

/// The bytes of a `bytes` object (copied).
public func convertBytes(_ object: PyPointer) throws(PythonException) -> [UInt8] {
    var base: UnsafeMutablePointer<CChar>?
    var size = 0
    guard PyBytes_AsStringAndSize(object, &base, &size) == 0, let base else { throw .alreadySet }
    return Array(UnsafeRawBufferPointer(start: base, count: size))
}

/// A `str` in the file system encoding, with Python's surrogate escapes turned back into
/// the bytes they stand for (`os.fsencode`).
public func fileSystemBytes(_ object: PyPointer) throws(PythonException) -> [UInt8] {
    let encoded = try PyRef(owned: PyUnicode_EncodeFSDefault(object))
    return try withExtendedLifetime(encoded) { () throws(PythonException) in try convertBytes(encoded.pointer) }
}

// What kind of object a value is, for bindings that accept several (exact C API checks,
// subclasses included; `bool` is also an `int`).
public func isNone(_ object: PyPointer) -> Bool { object == vfx_none() }
public func isBool(_ object: PyPointer) -> Bool { vfx_is_bool(object) != 0 }
public func isInt(_ object: PyPointer) -> Bool { vfx_is_long(object) != 0 }
public func isFloat(_ object: PyPointer) -> Bool { vfx_is_float(object) != 0 }
public func isStr(_ object: PyPointer) -> Bool { vfx_is_unicode(object) != 0 }
public func isBytes(_ object: PyPointer) -> Bool { vfx_is_bytes(object) != 0 }
public func isList(_ object: PyPointer) -> Bool { vfx_is_list(object) != 0 }
public func isTuple(_ object: PyPointer) -> Bool { vfx_is_tuple(object) != 0 }
/// True when the object has `__index__` (ints, numpy integers).
public func hasIndex(_ object: PyPointer) -> Bool { PyIndex_Check(object) != 0 }
