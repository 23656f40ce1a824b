import PythonBridge
import VFXColor
import VFXCore

/// `_vfxpy.Lut1D` and `_vfxpy.Lut3D`: native LUTs whose entries numpy views through the
/// buffer protocol. `vfxpy.lut.Lut1D`/`Lut3D` (stdlib/vfxpy/lut.py) wrap them.
enum LutBinding {
    nonisolated(unsafe) static var lut1DType: PythonType?
    nonisolated(unsafe) static var lut3DType: PythonType?

    static func build() throws(PythonException) -> [(String, PythonType)] {
        var one = TypeBuilder(qualifiedName: "vfxpy._Lut1D", doc: """
            _Lut1D(data, domain_min, domain_max, half_domain=False, inverse=False)

            Native 1D LUT: data is a C-contiguous float32 array of shape (size, 3), copied.
            The buffer protocol exposes the entries (writable). Use vfxpy.lut.Lut1D.
            """)
        one.new = { subtype, args, kwargs in bridged { try LutBinding.new1D(subtype, args, kwargs) } }
        one.getBuffer = lutGetBuffer
        one.releaseBuffer = { _, view in releaseExportedBuffer(view) }
        one.properties = LutProperties.common + LutProperties.oneD
        one.methods = [
            Method.noArguments("inverted", doc: "inverted() -> _Lut1D: a copy applying the exact inverse (or back).", { object, _ in
                bridged {
                    let box = try LutBinding.box(object)
                    guard box.kind == .oneD else { throw PythonException.typeError("only a 1D LUT has an inverse here") }
                    let inverse = box.copy(isInverse: !box.isInverse)
                    if inverse.isInverse { _ = try releasingGIL { () throws(VFXError) in try inverse.operation() } }
                    return try LutBinding.wrap(inverse).release()
                }
            }),
        ]
        let built1D = try one.build()
        lut1DType = built1D

        var three = TypeBuilder(qualifiedName: "vfxpy._Lut3D", doc: """
            _Lut3D(data, domain_min, domain_max, interpolation="tetrahedral")

            Native 3D LUT: data is a C-contiguous float32 array of shape (size, size, size, 3)
            indexed [b, g, r] (red fastest in memory, the .cube order), copied. The buffer
            protocol exposes the entries (writable). Use vfxpy.lut.Lut3D.
            """)
        three.new = { subtype, args, kwargs in bridged { try LutBinding.new3D(subtype, args, kwargs) } }
        three.getBuffer = lutGetBuffer
        three.releaseBuffer = { _, view in releaseExportedBuffer(view) }
        three.properties = LutProperties.common + LutProperties.threeD
        let built3D = try three.build()
        lut3DType = built3D
        return [("_Lut1D", built1D), ("_Lut3D", built3D)]
    }

    static func box(_ object: PyPointer?) throws(PythonException) -> LutBox {
        if let type = lut1DType, let box = BridgedObject.object(object, of: type, as: LutBox.self) { return box }
        if let type = lut3DType, let box = BridgedObject.object(object, of: type, as: LutBox.self) { return box }
        throw .typeError("expected a vfxpy LUT, not \(object.map(pythonTypeName) ?? "nothing")")
    }

    static func isLut(_ object: PyPointer) -> Bool { (try? box(object)) != nil }

    static func wrap(_ box: LutBox) throws(PythonException) -> PyRef {
        guard let type = box.kind == .oneD ? lut1DType : lut3DType else { throw .runtimeError("LUT types not initialized") }
        return try BridgedObject.make(type, holding: box, attached: nil)
    }

    /// The float32 entries of a C-contiguous buffer of `shape`, or a ValueError naming data.
    static func entries(_ object: PyPointer?, shape expected: [Int]?) throws(PythonException) -> (BufferView, [Int]) {
        guard let object else { throw .typeError("data must be a numpy array, not None") }
        let view = try BufferView(object, writable: false, name: "data")
        var code = view.formatCode
        if let first = code.first, "@=<".contains(first) { code.removeFirst() }
        guard code == "f", view.itemSize == 4, view.isCContiguous else {
            throw .typeError("data must be a C-contiguous float32 array (format '\(view.formatCode)')")
        }
        if let expected, view.shape != expected {
            throw .valueError("data must have shape \(expected), got \(view.shape)")
        }
        return (view, view.shape)
    }

    static func domain(_ arguments: Arguments) throws(PythonException) -> (SIMD3<Float>, SIMD3<Float>) {
        let low = try ColorArguments.rgb(arguments["domain_min"], name: "domain_min", default: .zero)
        let high = try ColorArguments.rgb(arguments["domain_max"], name: "domain_max", default: .one)
        guard all(high .> low) else {
            throw .valueError("domain_max must be above domain_min in every channel, got \(low) and \(high)")
        }
        return (low, high)
    }

    static func new1D(_ subtype: PythonType?, _ args: PyPointer?,
                      _ kwargs: PyPointer?) throws(PythonException) -> PyPointer {
        guard let subtype else { throw PythonException.runtimeError("no type") }
        let a = try Arguments(function: "Lut1D()", args: args, kwargs: kwargs,
                              names: ["data", "domain_min", "domain_max", "half_domain", "inverse"], required: 1)
        let (view, shape) = try entries(a["data"], shape: nil)
        guard shape.count == 2, shape[1] == 3 else { throw .valueError("data must have shape (size, 3), got \(shape)") }
        let (low, high) = try domain(a)
        let half = try a.bool("half_domain", default: false)
        guard let base = view.baseAddress else { throw .valueError("data has no memory") }
        let values = UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: 3 * shape[0])
        _ = try releasingGIL { () throws(VFXError) in
            try Lut1D(size: shape[0], values: Array(values), domainMin: low, domainMax: high, isHalfDomain: half)
        }
        let box = LutBox(kind: .oneD, size: shape[0], values: values, domainMin: low, domainMax: high,
                         isHalfDomain: half, isInverse: try a.bool("inverse", default: false))
        view.release()
        if box.isInverse { _ = try releasingGIL { () throws(VFXError) in try box.operation() } }
        return try BridgedObject.make(subtype, holding: box, attached: nil).release()
    }

    static func new3D(_ subtype: PythonType?, _ args: PyPointer?,
                      _ kwargs: PyPointer?) throws(PythonException) -> PyPointer {
        guard let subtype else { throw PythonException.runtimeError("no type") }
        let a = try Arguments(function: "Lut3D()", args: args, kwargs: kwargs,
                              names: ["data", "domain_min", "domain_max", "interpolation"], required: 1)
        let (view, shape) = try entries(a["data"], shape: nil)
        guard shape.count == 4, shape[3] == 3, shape[0] == shape[1], shape[1] == shape[2] else {
            throw .valueError("data must have shape (size, size, size, 3), got \(shape)")
        }
        guard (2...256).contains(shape[0]) else { throw .valueError("data size must be between 2 and 256, got \(shape[0])") }
        let (low, high) = try domain(a)
        let interpolation = try LutProperties.interpolation(a["interpolation"])
        guard let base = view.baseAddress else { throw .valueError("data has no memory") }
        let n = shape[0]
        let values = UnsafeBufferPointer(start: base.assumingMemoryBound(to: Float.self), count: 3 * n * n * n)
        let box = LutBox(kind: .threeD, size: n, values: values, domainMin: low, domainMax: high,
                         interpolation: interpolation)
        view.release()
        return try BridgedObject.make(subtype, holding: box, attached: nil).release()
    }
}

private let lutGetBuffer: GetBufferFunction = { object, view, flags in
    guard let object, let box = try? LutBinding.box(object), let base = box.storage.baseAddress else {
        PythonException.bufferError("not a vfxpy LUT").raise()
        return -1
    }
    let layout = BufferLayout(baseAddress: UnsafeMutableRawPointer(base), itemSize: 4, formatCode: "f", shape: box.shape)
    return exportBuffer(view, exporter: object, layout: layout, flags: flags)
}

/// Attributes of the native LUT types.
enum LutProperties {
    static func tuple(_ v: SIMD3<Float>) throws(PythonException) -> PyPointer {
        try makeTuple([Double(v.x).toPython(), Double(v.y).toPython(), Double(v.z).toPython()]).release()
    }

    static func interpolation(_ object: PyPointer?) throws(PythonException) -> Lut3D.Interpolation {
        guard let object else { return .tetrahedral }
        let name = try convertString(object, name: "interpolation")
        guard let value = Lut3D.Interpolation(rawValue: name.lowercased()) else {
            throw .valueError("interpolation must be 'trilinear' or 'tetrahedral', got '\(name)'")
        }
        return value
    }

    static var common: [PropertyDefinition] { [
        property("size", doc: "Entries per axis.", get: { object, _ in
            bridged { try LutBinding.box(object).size.toPython().release() }
        }),
        property("domain_min", doc: "(r, g, b): the input mapped to the first entry.", get: { object, _ in
            bridged { try LutProperties.tuple(LutBinding.box(object).domainMin) }
        }),
        property("domain_max", doc: "(r, g, b): the input mapped to the last entry.", get: { object, _ in
            bridged { try LutProperties.tuple(LutBinding.box(object).domainMax) }
        }),
    ] }

    static var oneD: [PropertyDefinition] { [
        property("half_domain", doc: "True for a half-domain LUT (65536 entries indexed by half bit patterns).",
                 get: { object, _ in bridged { try LutBinding.box(object).isHalfDomain.toPython().release() } }),
        property("is_inverse", doc: "True when the LUT applies the exact inverse of its curve.",
                 get: { object, _ in bridged { try LutBinding.box(object).isInverse.toPython().release() } }),
    ] }

    static var threeD: [PropertyDefinition] { [
        property("interpolation", doc: "'tetrahedral' (default) or 'trilinear'.", get: { object, _ in
            bridged { try LutBinding.box(object).interpolation.rawValue.toPython().release() }
        }, set: { object, value, _ in
            bridgedStatus {
                guard let value else { throw PythonException.typeError("interpolation cannot be deleted") }
                try LutBinding.box(object).interpolation = try LutProperties.interpolation(value)
            }
        }),
    ] }
}
