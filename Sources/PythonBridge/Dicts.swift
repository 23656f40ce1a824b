import CPython

/// Builds a new Python dict of `entries` (str keys, in order; a repeated key keeps the
/// last value).
public func makeDict(_ entries: [(String, PyRef)]) throws(PythonException) -> PyRef {
    let dict = try PyRef(owned: PyDict_New())
    for (key, value) in entries {
        guard PyDict_SetItemString(dict.pointer, key, value.pointer) == 0 else { throw .alreadySet }
    }
    return dict
}

/// A new dict with the items of `dict` (a shallow copy).
public func copyDict(_ dict: PyPointer) throws(PythonException) -> PyRef {
    try PyRef(owned: PyDict_Copy(dict))
}

/// The keys and values of a dict, in dict order (new references: they stay valid even
/// if code run meanwhile changes the dict).
public func dictEntries(_ dict: PyPointer) -> [(key: PyRef, value: PyRef)] {
    var entries: [(key: PyRef, value: PyRef)] = []
    var position = 0
    var key: PyPointer?
    var value: PyPointer?
    while PyDict_Next(dict, &position, &key, &value) != 0 {
        if let key, let value { entries.append((PyRef(borrowed: key), PyRef(borrowed: value))) }
    }
    return entries
}

/// The items of a dict whose keys must all be `str` (borrowed values, in dict order);
/// a non-str key raises `TypeError` with `keysMessage`.
public func dictItems(_ dict: PyPointer, keysMessage: String) throws(PythonException) -> [(String, PyPointer)] {
    var items: [(String, PyPointer)] = []
    var position = 0
    var key: PyPointer?
    var value: PyPointer?
    while PyDict_Next(dict, &position, &key, &value) != 0 {
        guard let key, let value, let name = String(python: key) else { throw .typeError(keysMessage) }
        items.append((name, value))
    }
    return items
}

/// True for a `dict` (or subclass).
public func isDict(_ object: PyPointer) -> Bool { vfx_is_dict(object) != 0 }
