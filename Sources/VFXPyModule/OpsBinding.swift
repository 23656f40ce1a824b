import PythonBridge
import VFXCore
import VFXGPU
import VFXOps

/// The native functions behind `vfxpy.ops` (stdlib/vfxpy/ops.py gives them their
/// Python signatures and docstrings). Each parses its arguments, runs the VFXOps call
/// with the GIL released, and wraps the new image with a copy of the input's metadata.
enum OpsBinding {
    static var functions: [MethodDefinition] {
        geometryFunctions + OpsCompositingBinding.functions + OpsFilterBinding.functions
    }

    /// Parses `function(args)`, runs `body` and wraps its image (metadata from `source`).
    static func call(_ function: String, _ args: PyPointer?, _ kwargs: PyPointer?, names: [String], required: Int,
                     metadataFrom source: String = "img",
                     _ body: (Arguments) throws(PythonException) -> () throws(VFXError) -> Image) -> PyPointer? {
        bridged {
            let arguments = try Arguments(function: function, args: args, kwargs: kwargs, names: names, required: required)
            let work = try body(arguments)
            let image = try releasingGIL(work)
            return try ImageBinding.wrap(image, metadataFrom: arguments[source]).release()
        }
    }

    /// The one-image ops without parameters, served by `ops_unary(img, op)`.
    static let unaryOps: [String: @Sendable (Image) throws(VFXError) -> Image] = [
        "rotate90": Geometry.rotate90, "rotate180": Geometry.rotate180, "rotate270": Geometry.rotate270,
        "transpose": Geometry.transpose,
        "premultiply": Compositing.premultiply, "unpremultiply": Compositing.unpremultiply,
    ]

    static func image(_ a: Arguments, _ name: String = "img") throws(PythonException) -> Image {
        try ImageBinding.image(a[name], name: name)
    }

    /// An image argument without a host sync, for ops that run on the device when their
    /// input is resident there (`onDeviceOrHost`).
    static func residentImage(_ a: Arguments, _ name: String = "img") throws(PythonException) -> Image {
        try ImageBinding.residentImage(a[name], name: name)
    }

    /// `device()` (a `GPUOps` call) when an input's newest pixels are on a Vulkan device:
    /// the result stays there. Else, or when the op is not for the device (nil), `host()`
    /// after a host sync of every input.
    static func onDeviceOrHost(_ images: [Image], device: () throws(VFXError) -> Image?,
                               host: () throws(VFXError) -> Image) throws(VFXError) -> Image {
        if images.contains(where: { $0.residency != nil }), let result = try device() { return result }
        for image in images { try image.synchronizeHost() }
        return try host()
    }

    static func filter(_ a: Arguments, default fallback: ResampleFilter) throws(PythonException) -> ResampleFilter {
        guard let object = a["filter"] else { return fallback }
        let name = try convertString(object, name: "filter")
        guard let filter = ResampleFilter(name: name) else {
            throw .valueError("filter must be one of \(ResampleFilter.validNames); got '\(name)'")
        }
        return filter
    }

    /// A size argument: an int of at least 1.
    static func size(_ a: Arguments, _ name: String) throws(PythonException) -> Int? {
        guard let object = a[name] else { return nil }
        let value = try convertInt(object, name: name)
        guard value >= 1 else { throw .valueError("\(name) must be at least 1, got \(value)") }
        return value
    }

    static func fill(_ a: Arguments, channels: Int) throws(PythonException) -> [Float] {
        guard let object = a["fill"] else { return Array(repeating: 0, count: channels) }
        let values = try ImageMethods.fillValues(object, name: "fill")
        guard values.count == 1 || values.count == channels else {
            throw .valueError("fill needs 1 or \(channels) values, got \(values.count)")
        }
        return values.count == 1 ? Array(repeating: values[0], count: channels) : values
    }

    /// The output size of `resize`: width/height (one may be omitted: the aspect ratio
    /// is kept) or scale.
    static func resizeSize(_ a: Arguments, _ image: Image) throws(PythonException) -> (Int, Int) {
        let width = try size(a, "width"), height = try size(a, "height")
        if let scaleObject = a["scale"] {
            guard width == nil, height == nil else { throw .typeError("resize() takes scale or width/height, not both") }
            let scale = try convertDouble(scaleObject, name: "scale")
            guard scale > 0, scale.isFinite else { throw .valueError("scale must be positive, got \(scale)") }
            return (max(1, Int((Double(image.width) * scale).rounded())), max(1, Int((Double(image.height) * scale).rounded())))
        }
        switch (width, height) {
        case let (w?, h?): return (w, h)
        case let (w?, nil): return (w, max(1, Int((Double(image.height) * Double(w) / Double(image.width)).rounded())))
        case let (nil, h?): return (max(1, Int((Double(image.width) * Double(h) / Double(image.height)).rounded())), h)
        case (nil, nil): throw .typeError("resize() needs width, height or scale")
        }
    }

    static var geometryFunctions: [MethodDefinition] { [
        Method.keywords("ops_resize", doc: "Native vfxpy.ops.resize.", { _, args, kwargs in
            OpsBinding.call("resize()", args, kwargs, names: ["img", "width", "height", "scale", "filter", "premultiplied"], required: 1) { a throws(PythonException) in
                let image = try OpsBinding.residentImage(a)
                let (width, height) = try OpsBinding.resizeSize(a, image)
                let filter = try OpsBinding.filter(a, default: .lanczos3)
                let straight = try !a.bool("premultiplied", default: true)
                return { () throws(VFXError) in
                    try OpsBinding.onDeviceOrHost([image]) { () throws(VFXError) in
                        try GPUOps.resize(image, width: width, height: height, filter: filter, straightAlpha: straight)
                    } host: { () throws(VFXError) in
                        try Resize.resize(image, width: width, height: height, filter: filter, straightAlpha: straight)
                    }
                }
            }
        }),
        Method.keywords("ops_fit", doc: "Native vfxpy.ops.fit.", { _, args, kwargs in
            OpsBinding.call("fit()", args, kwargs, names: ["img", "width", "height", "filter", "fill", "premultiplied"], required: 3) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                guard let width = try OpsBinding.size(a, "width") else { throw .typeError("fit() missing required argument 'width'") }
                guard let height = try OpsBinding.size(a, "height") else { throw .typeError("fit() missing required argument 'height'") }
                let filter = try OpsBinding.filter(a, default: .lanczos3)
                let fill = try OpsBinding.fill(a, channels: image.channels)
                let straight = try !a.bool("premultiplied", default: true)
                return { () throws(VFXError) in
                    try Resize.fit(image, width: width, height: height, filter: filter, fill: fill, straightAlpha: straight)
                }
            }
        }),
        Method.keywords("ops_rotate", doc: "Native vfxpy.ops.rotate.", { _, args, kwargs in
            OpsBinding.call("rotate()", args, kwargs, names: ["img", "angle", "expand", "filter", "center"], required: 2) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                guard let angleObject = a["angle"] else { throw .typeError("angle must be a number, not None") }
                let angle = try convertDouble(angleObject, name: "angle")
                let expand = try a.bool("expand", default: false)
                let filter = try OpsBinding.filter(a, default: .lanczos3)
                var center: (x: Double, y: Double)?
                if let object = a["center"] {
                    guard let items = try sequenceItems(object), items.count == 2 else {
                        throw .typeError("center must be (x, y), not \(pythonTypeName(object))")
                    }
                    center = (try convertDouble(items[0].pointer, name: "center[0]"), try convertDouble(items[1].pointer, name: "center[1]"))
                    guard center!.x.isFinite, center!.y.isFinite else { throw .valueError("center must be finite") }
                }
                return { () throws(VFXError) in try Warp.rotate(image, degrees: angle, expand: expand, filter: filter, center: center) }
            }
        }),
        Method.keywords("ops_translate", doc: "Native vfxpy.ops.translate.", { _, args, kwargs in
            OpsBinding.call("translate()", args, kwargs, names: ["img", "dx", "dy", "filter"], required: 3) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                let dx = try a.double("dx", default: 0), dy = try a.double("dy", default: 0)
                let filter = try OpsBinding.filter(a, default: .lanczos3)
                return { () throws(VFXError) in try Warp.translate(image, dx: dx, dy: dy, filter: filter) }
            }
        }),
        Method.keywords("ops_unary", doc: "Native vfxpy.ops one-image ops without parameters, by name.", { _, args, kwargs in
            OpsBinding.call("ops_unary()", args, kwargs, names: ["img", "op"], required: 2) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                let name = try a.string("op", default: "")
                guard let op = OpsBinding.unaryOps[name] else {
                    throw .valueError("op must be one of \(OpsBinding.unaryOps.keys.sorted()), got '\(name)'")
                }
                return { () throws(VFXError) in try op(image) }
            }
        }),
        Method.keywords("ops_flip", doc: "Native vfxpy.ops.flip.", { _, args, kwargs in
            OpsBinding.call("flip()", args, kwargs, names: ["img", "axis"], required: 2) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                let name = try a.string("axis", default: "")
                guard let axis = Geometry.FlipAxis(rawValue: name.lowercased()) else {
                    throw .valueError("axis must be 'horizontal' or 'vertical', got '\(name)'")
                }
                return { () throws(VFXError) in try Geometry.flip(image, axis) }
            }
        }),
        Method.keywords("ops_crop", doc: "Native vfxpy.ops.crop.", { _, args, kwargs in
            OpsBinding.call("crop()", args, kwargs, names: ["img", "x", "y", "width", "height"], required: 5) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                let x = try a.int("x", default: 0), y = try a.int("y", default: 0)
                let width = try a.int("width", default: 0), height = try a.int("height", default: 0)
                return { () throws(VFXError) in try Geometry.crop(image, x: x, y: y, width: width, height: height) }
            }
        }),
        Method.keywords("ops_pad", doc: "Native vfxpy.ops.pad.", { _, args, kwargs in
            OpsBinding.call("pad()", args, kwargs, names: ["img", "left", "top", "right", "bottom", "fill", "mode"], required: 1) { a throws(PythonException) in
                let image = try OpsBinding.image(a)
                let left = try a.int("left", default: 0), top = try a.int("top", default: 0)
                let right = try a.int("right", default: 0), bottom = try a.int("bottom", default: 0)
                let modeName = try a.string("mode", default: "constant")
                let mode: Geometry.Padding
                switch modeName.lowercased() {
                case "constant": mode = .constant(try OpsBinding.fill(a, channels: image.channels))
                case "edge": mode = .edge
                default: throw .valueError("mode must be 'constant' or 'edge', got '\(modeName)'")
                }
                return { () throws(VFXError) in try Geometry.pad(image, left: left, top: top, right: right, bottom: bottom, mode: mode) }
            }
        }),
    ] }
}
