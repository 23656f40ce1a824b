import PythonBridge
import VFXCore

/// `vfxpy.Image`: a Python handle on a `VFXCore.Image`, its metadata dict attached.
enum ImageBinding {
    nonisolated(unsafe) static var type: PythonType?

    static let doc = """
        Image(arr, copy=False)

        An image in memory: height x width pixels of interleaved channels stored as
        u8, u16, f16 or f32. Built from a numpy array of shape (H, W, C) or (H, W) with
        dtype uint8, uint16, float16 or float32, the image is a zero-copy view of the
        array's memory when the array is C-contiguous and writable (copy=False);
        otherwise, or with copy=True, it holds a copy (float64 is copied to float32).
        img.numpy() and np.asarray(img) are views of the same memory.
        """

    static func build() throws(PythonException) -> PythonType {
        var builder = TypeBuilder(qualifiedName: "vfxpy.Image", doc: doc)
        builder.new = imageNew
        builder.repr = imageRepr
        builder.getBuffer = imageGetBuffer
        builder.releaseBuffer = imageReleaseBuffer
        builder.methods = ImageMethods.table
        builder.properties = ImageProperties.table
        let built = try builder.build()
        type = built
        return built
    }

    /// The Swift image behind a Python object, or a `TypeError` naming the argument,
    /// with its host memory current: pixels a GPU op left on the device are read back
    /// first (`Image.synchronizeHost()`). Every binding that reads or writes pixels
    /// unwraps through here.
    static func image(_ object: PyPointer?, name: String = "self") throws(PythonException) -> Image {
        let image = try residentImage(object, name: name)
        if image.residency != nil {
            try releasingGIL { () throws(VFXError) in try image.synchronizeHost() }
        }
        return image
    }

    /// The Swift image without a host sync: for the GPU backend (which works on the
    /// device copy) and for what never reads pixels (size, format, repr).
    static func residentImage(_ object: PyPointer?, name: String = "self") throws(PythonException) -> Image {
        guard let type, let image = BridgedObject.object(object, of: type, as: Image.self) else {
            let given = object.map(pythonTypeName) ?? "nothing"
            throw .typeError("\(name) must be a vfxpy.Image, not \(given)")
        }
        return image
    }

    /// A new Python image for `image`, with `metadata` (a dict, copied) or an empty dict.
    static func wrap(_ image: Image, metadataFrom source: PyPointer? = nil) throws(PythonException) -> PyRef {
        guard let type else { throw .runtimeError("vfxpy.Image is not initialized") }
        let metadata: PyRef
        if let source, let existing = BridgedObject.attached(source) {
            metadata = try copyDict(existing)
        } else {
            metadata = try makeDict([])
        }
        return try BridgedObject.make(type, holding: image, attached: metadata)
    }

    /// The image's metadata dict, created on first use.
    static func metadata(_ object: PyPointer) throws(PythonException) -> PyPointer {
        if let existing = BridgedObject.attached(object) { return existing }
        let dict = try makeDict([])
        BridgedObject.setAttached(object, dict)
        return withExtendedLifetime(dict) { dict.pointer }
    }
}

/// `Image(arr, copy=False)`.
private let imageNew: NewFunction = { subtype, args, kwargs in
    bridged {
        guard let subtype else { throw PythonException.runtimeError("no type") }
        let arguments = try Arguments(function: "Image()", args: args, kwargs: kwargs,
                                      names: ["arr", "copy"], required: 1)
        guard let array = arguments["arr"] else {
            throw PythonException.typeError("arr must be a numpy array, not None")
        }
        let forceCopy = try arguments.bool("copy", default: false)
        let image = try ArrayImport.image(from: array, forceCopy: forceCopy)
        let metadata = try makeDict([])
        return try BridgedObject.make(subtype, holding: image, attached: metadata).release()
    }
}

private let imageRepr: ReprFunction = { object in
    bridged {
        let image = try ImageBinding.residentImage(object)
        let names = image.channelNames.count <= 8
            ? image.channelNames.joined(separator: ",")
            : "\(image.channels) channels"
        let memory = image.pixels.isOwned ? "" : ", borrowed memory"
        let text = "<vfxpy.Image \(image.width)x\(image.height) \(names) \(image.format.rawValue), "
            + "\(ByteCount(image.byteCount)) on \(image.residency.map { "GPU (\($0.deviceName))" } ?? "CPU")\(memory)>"
        return try text.toPython().release()
    }
}

private let imageGetBuffer: GetBufferFunction = { object, view, flags in
    guard let object, let image = try? ImageBinding.residentImage(object) else {
        PythonException.bufferError("not a vfxpy.Image").raise()
        return -1
    }
    do throws(PythonException) {
        _ = try ImageBinding.image(object)  // pixels a GPU op left on the device come back first
    } catch {
        error.raise()  // a device failure: vfxpy.VfxError
        return -1
    }
    // the view reads host memory directly: counted, so GPU runs read results back at once
    image.noteExport(1)
    let layout = BufferLayout(baseAddress: image.pixels.baseAddress, itemSize: image.format.bytesPerComponent,
                              formatCode: image.format.bufferFormatCode,
                              shape: [image.height, image.width, image.channels])
    let status = exportBuffer(view, exporter: object, layout: layout, flags: flags)
    if status != 0 { image.noteExport(-1) }
    return status
}

private let imageReleaseBuffer: ReleaseBufferFunction = { object, view in
    (try? ImageBinding.residentImage(object))?.noteExport(-1)
    releaseExportedBuffer(view)
}
