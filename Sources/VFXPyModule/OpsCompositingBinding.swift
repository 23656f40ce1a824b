import PythonBridge
import VFXCore
import VFXGPU
import VFXOps

/// `vfxpy.ops` compositing: Porter-Duff operators, premultiply/unpremultiply, blend.
enum OpsCompositingBinding {
    static func offset(_ a: Arguments) throws(PythonException) -> (x: Int, y: Int) {
        guard let object = a["offset"] else { return (0, 0) }
        guard let items = try sequenceItems(object), items.count == 2 else {
            throw .typeError("offset must be (x, y), not \(pythonTypeName(object))")
        }
        return (try convertInt(items[0].pointer, name: "offset[0]"), try convertInt(items[1].pointer, name: "offset[1]"))
    }

    static var functions: [MethodDefinition] { [
        Method.keywords("ops_composite", doc: "Native Porter-Duff operators of vfxpy.ops.", { _, args, kwargs in
            OpsBinding.call("composite()", args, kwargs, names: ["op", "fg", "bg", "offset"], required: 3,
                            metadataFrom: "bg") { a throws(PythonException) in
                let name = try a.string("op", default: "")
                guard let op = Compositing.Operator(rawValue: name) else { throw .valueError("unknown operator '\(name)'") }
                let fg = try OpsBinding.residentImage(a, "fg"), bg = try OpsBinding.residentImage(a, "bg")
                let offset = try OpsCompositingBinding.offset(a)
                return { () throws(VFXError) in
                    try OpsBinding.onDeviceOrHost([fg, bg]) { () throws(VFXError) in
                        try GPUOps.composite(op, foreground: fg, background: bg, offset: offset)
                    } host: { () throws(VFXError) in
                        try Compositing.composite(op, foreground: fg, background: bg, offset: offset)
                    }
                }
            }
        }),
        Method.keywords("ops_blend", doc: "Native vfxpy.ops.blend.", { _, args, kwargs in
            OpsBinding.call("blend()", args, kwargs, names: ["fg", "bg", "mode", "opacity", "offset"], required: 2,
                            metadataFrom: "bg") { a throws(PythonException) in
                let fg = try OpsBinding.residentImage(a, "fg"), bg = try OpsBinding.residentImage(a, "bg")
                let name = try a.string("mode", default: "normal")
                guard let mode = Blend.Mode(rawValue: name.lowercased()) else {
                    throw .valueError("mode must be one of " + Blend.Mode.allCases.map(\.rawValue).joined(separator: ", ")
                                      + "; got '\(name)'")
                }
                let opacity = try a.double("opacity", default: 1)
                let offset = try OpsCompositingBinding.offset(a)
                return { () throws(VFXError) in
                    try OpsBinding.onDeviceOrHost([fg, bg]) { () throws(VFXError) in
                        try GPUOps.blend(foreground: fg, background: bg, mode: mode, opacity: Float(opacity), offset: offset)
                    } host: { () throws(VFXError) in
                        try Blend.blend(foreground: fg, background: bg, mode: mode, opacity: Float(opacity), offset: offset)
                    }
                }
            }
        }),
    ] }
}
