import PythonBridge
import VFXCore

/// numpy, imported on first use so that `import vfxpy` stays fast.
enum Numpy {
    nonisolated(unsafe) private static var cached: PyRef?

    static func module() throws(PythonException) -> PyRef {
        if let cached { return cached }
        let module = try importModule("numpy")
        cached = module
        return module
    }

    nonisolated(unsafe) private static var cachedAsarray: PyRef?

    /// `numpy.asarray`, looked up once (`Image.numpy()` calls it on every call).
    static func asarray() throws(PythonException) -> PyRef {
        if let cachedAsarray { return cachedAsarray }
        let function = try module().attribute("asarray")
        cachedAsarray = function
        return function
    }

    /// `numpy.dtype` of a pixel format.
    static func dtype(_ format: PixelFormat) throws(PythonException) -> PyRef {
        let name = switch format {
        case .u8: "uint8"
        case .u16: "uint16"
        case .f16: "float16"
        case .f32: "float32"
        }
        return try module().attribute("dtype").call([name.toPython()])
    }
}
