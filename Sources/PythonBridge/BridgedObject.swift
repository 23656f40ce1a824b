import CPython

/// Python instances that carry a Swift object, with the `VfxObject` layout.
public enum BridgedObject {
    /// A new instance of `type` holding `object` (retained) and `attached` (a new
    /// reference is taken; pass nil for none).
    public static func make(_ type: PythonType, holding object: AnyObject,
                            attached: PyRef?) throws(PythonException) -> PyRef {
        guard let alloc = type.pointee.tp_alloc else { throw .runtimeError("type cannot be instantiated") }
        let instance = try PyRef(owned: alloc(type, 0))
        instance.pointer.withMemoryRebound(to: VfxObject.self, capacity: 1) { raw in
            raw.pointee.swift_object = Unmanaged.passRetained(object).toOpaque()
            raw.pointee.attached = attached?.release()
        }
        return instance
    }

    /// The Swift object an instance holds, if `instance` is of `type` (or a subclass)
    /// and holds a `T`.
    public static func object<T: AnyObject>(_ instance: PyPointer?, of type: PythonType,
                                            as _: T.Type) -> T? {
        guard let instance, vfx_is_type(instance, type) != 0 else { return nil }
        let raw = instance.withMemoryRebound(to: VfxObject.self, capacity: 1) { $0.pointee.swift_object }
        guard let raw else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as? T
    }

    /// The attached Python reference (borrowed), if any.
    public static func attached(_ instance: PyPointer) -> PyPointer? {
        instance.withMemoryRebound(to: VfxObject.self, capacity: 1) { $0.pointee.attached }
    }

    /// Replaces the attached Python reference.
    public static func setAttached(_ instance: PyPointer, _ value: PyRef?) {
        replaceAttached(instance, value?.release())
    }

    /// Replaces the attached Python reference with a borrowed object (a new reference is taken).
    public static func setAttached(_ instance: PyPointer, borrowed value: PyPointer?) {
        if let value { Py_IncRef(value) }
        replaceAttached(instance, value)
    }

    /// Stores `value` (an owned reference) and drops the previous one.
    private static func replaceAttached(_ instance: PyPointer, _ value: PyPointer?) {
        let old = instance.withMemoryRebound(to: VfxObject.self, capacity: 1) { raw -> PyPointer? in
            let old = raw.pointee.attached
            raw.pointee.attached = value
            return old
        }
        if let old { Py_DecRef(old) }
    }
}

let bridgedDealloc: destructor = { instance in
    guard let instance else { return }
    let type = vfx_type(instance)
    PyObject_GC_UnTrack(instance)
    let (swift, attached, weakrefs) = instance.withMemoryRebound(to: VfxObject.self, capacity: 1) { raw in
        let values = (raw.pointee.swift_object, raw.pointee.attached, raw.pointee.weakreflist)
        raw.pointee.swift_object = nil
        raw.pointee.attached = nil
        return values
    }
    if weakrefs != nil { PyObject_ClearWeakRefs(instance) }
    if let swift { Unmanaged<AnyObject>.fromOpaque(swift).release() }
    if let attached { Py_DecRef(attached) }
    type?.pointee.tp_free?(UnsafeMutableRawPointer(instance))
    if let type { type.withMemoryRebound(to: PyObject.self, capacity: 1) { Py_DecRef($0) } }
}

let bridgedTraverse: traverseproc = { instance, visit, arg in
    guard let instance, let visit else { return 0 }
    if let attached = BridgedObject.attached(instance) {
        let result = visit(attached, arg)
        if result != 0 { return result }
    }
    // Heap types must visit their type (Python 3.9+).
    return vfx_type(instance).withMemoryRebound(to: PyObject.self, capacity: 1) { visit($0, arg) }
}

let bridgedClear: inquiry = { instance in
    guard let instance else { return 0 }
    BridgedObject.setAttached(instance, borrowed: nil)
    return 0
}
