import PythonBridge
import VFXCore
import VFXGPU
import VFXOps

/// `vfxpy.ops` neighborhood filters: blur, box_blur, unsharp_mask, median, dilate, erode.
enum OpsFilterBinding {
    /// (radius, sigma) from `radius` and/or `sigma`: sigma alone → radius ceil(3σ);
    /// radius alone → σ = radius / 3.
    static func gaussian(_ a: Arguments, function: String) throws(PythonException) -> (Int, Double) {
        let radius: Double? = try a["radius"].map { o throws(PythonException) in try convertDouble(o, name: "radius") }
        let sigma: Double? = try a["sigma"].map { o throws(PythonException) in try convertDouble(o, name: "sigma") }
        if let radius { guard radius > 0, radius.isFinite else { throw .valueError("radius must be positive, got \(radius)") } }
        if let sigma { guard sigma > 0, sigma.isFinite else { throw .valueError("sigma must be positive, got \(sigma)") } }
        switch (radius, sigma) {
        case let (r?, s?): return (Int(r.rounded(.up)), s)
        case let (r?, nil): return (Int(r.rounded(.up)), r / 3)
        case let (nil, s?): return (Int((3 * s).rounded(.up)), s)
        case (nil, nil): throw .typeError("\(function) needs radius or sigma")
        }
    }

    /// `function(img, size=3)` for the filters over a size × size window (box_blur, median,
    /// dilate, erode): `filter` runs on the host with the GIL released.
    static func window(_ function: String, _ args: PyPointer?, _ kwargs: PyPointer?,
                       _ filter: @escaping (Image, Int) throws(VFXError) -> Image) -> PyPointer? {
        OpsBinding.call(function, args, kwargs, names: ["img", "size"], required: 1) { a throws(PythonException) in
            let image = try OpsBinding.image(a)
            let size = try a.int("size", default: 3)
            return { () throws(VFXError) in try filter(image, size) }
        }
    }

    static var functions: [MethodDefinition] { [
        Method.keywords("ops_blur", doc: "Native vfxpy.ops.blur.", { _, args, kwargs in
            OpsBinding.call("blur()", args, kwargs, names: ["img", "radius", "sigma"], required: 1) { a throws(PythonException) in
                let image = try OpsBinding.residentImage(a)
                let (radius, sigma) = try OpsFilterBinding.gaussian(a, function: "blur()")
                return { () throws(VFXError) in
                    try OpsBinding.onDeviceOrHost([image]) { () throws(VFXError) in
                        try GPUOps.blur(image, radius: radius, sigma: sigma)
                    } host: { () throws(VFXError) in
                        try Filters.blur(image, radius: radius, sigma: sigma)
                    }
                }
            }
        }),
        Method.keywords("ops_box_blur", doc: "Native vfxpy.ops.box_blur.", { _, args, kwargs in
            OpsFilterBinding.window("box_blur()", args, kwargs, Filters.boxBlur)
        }),
        Method.keywords("ops_unsharp_mask", doc: "Native vfxpy.ops.unsharp_mask.", { _, args, kwargs in
            OpsBinding.call("unsharp_mask()", args, kwargs, names: ["img", "sigma", "amount", "threshold", "radius"], required: 1) { a throws(PythonException) in
                let image = try OpsBinding.residentImage(a)
                let (radius, sigma) = try OpsFilterBinding.gaussian(a, function: "unsharp_mask()")
                let amount = try a.double("amount", default: 1), threshold = try a.double("threshold", default: 0)
                return { () throws(VFXError) in
                    try OpsBinding.onDeviceOrHost([image]) { () throws(VFXError) in
                        try GPUOps.unsharpMask(image, radius: radius, sigma: sigma, amount: Float(amount),
                                               threshold: Float(threshold))
                    } host: { () throws(VFXError) in
                        try Filters.unsharpMask(image, radius: radius, sigma: sigma, amount: Float(amount),
                                                threshold: Float(threshold))
                    }
                }
            }
        }),
        Method.keywords("ops_median", doc: "Native vfxpy.ops.median.", { _, args, kwargs in
            OpsFilterBinding.window("median()", args, kwargs, Filters.median)
        }),
        Method.keywords("ops_dilate", doc: "Native vfxpy.ops.dilate.", { _, args, kwargs in
            OpsFilterBinding.window("dilate()", args, kwargs, Filters.dilate)
        }),
        Method.keywords("ops_erode", doc: "Native vfxpy.ops.erode.", { _, args, kwargs in
            OpsFilterBinding.window("erode()", args, kwargs, Filters.erode)
        }),
    ] }
}
