import CPython

/// Registers a built-in module before the interpreter starts (`PyImport_AppendInittab`).
public func registerBuiltinModule(_ name: String,
                                  _ initialize: @escaping @convention(c) () -> PyPointer?) -> Bool {
    PyImport_AppendInittab(permanentCString(name), initialize) == 0
}
