import PythonBridge
import VFXCore

/// Attributes of `vfxpy.Image`.
enum ImageProperties {
    static var table: [PropertyDefinition] { [
        property("width", doc: "Width in pixels.", get: { object, _ in
            bridged { try ImageBinding.residentImage(object).width.toPython().release() }
        }),
        property("height", doc: "Height in pixels.", get: { object, _ in
            bridged { try ImageBinding.residentImage(object).height.toPython().release() }
        }),
        property("channels", doc: "Number of channels.", get: { object, _ in
            bridged { try ImageBinding.residentImage(object).channels.toPython().release() }
        }),
        property("format", doc: "Storage format: 'u8', 'u16', 'f16' or 'f32'.", get: { object, _ in
            bridged { try ImageBinding.residentImage(object).format.rawValue.toPython().release() }
        }),
        property("dtype", doc: "The numpy dtype of the pixels.", get: { object, _ in
            bridged { try Numpy.dtype(ImageBinding.residentImage(object).format).release() }
        }),
        property("shape", doc: "(height, width, channels), as numpy shows the pixels.", get: { object, _ in
            bridged {
                let image = try ImageBinding.residentImage(object)
                return try makeTuple([image.height.toPython(), image.width.toPython(),
                                      image.channels.toPython()]).release()
            }
        }),
        property("channel_names", doc: """
            One name per channel, e.g. ['R', 'G', 'B', 'A'] or a file's 'diffuse.R'.
            Settable with a sequence of as many strings as there are channels.
            """, get: { object, _ in
            bridged {
                try makeList(ImageBinding.residentImage(object).channelNames.map { name throws(PythonException) in
                    try name.toPython()
                }).release()
            }
        }, set: { object, value, _ in
            bridgedStatus {
                let image = try ImageBinding.image(object)
                guard let value, let items = try sequenceItems(value) else {
                    throw PythonException.typeError("channel_names must be a list of str")
                }
                guard items.count == image.channels else {
                    throw PythonException.valueError(
                        "channel_names needs \(image.channels) names, got \(items.count)")
                }
                var names: [String] = []
                for (index, item) in items.enumerated() {
                    names.append(try convertString(item.pointer, name: "channel_names[\(index)]"))
                }
                image.channelNames = names
            }
        }),
        property("metadata", doc: """
            A dict of file attributes (EXR header attributes, DPX fields, ...). Read from
            files, written back by vfxpy.write; edit it freely.
            """, get: { object, _ in
            bridged {
                _ = try ImageBinding.image(object)
                guard let object else { throw PythonException.runtimeError("no image") }
                return PyRef(borrowed: try ImageBinding.metadata(object)).release()
            }
        }, set: { object, value, _ in
            bridgedStatus {
                _ = try ImageBinding.image(object)
                guard let object, let value, isDict(value) else {
                    throw PythonException.typeError("metadata must be a dict")
                }
                BridgedObject.setAttached(object, borrowed: value)
            }
        }),
    ] }
}
