import PythonBridge
import VFXCore

/// Methods of `vfxpy.Image`. Each parses its arguments, runs the Swift work with the GIL
/// released, and converts the result.
enum ImageMethods {
    static var table: [MethodDefinition] { [
        Method.keywords("new", doc: """
            Image.new(width, height, channels=4, format="f32", fill=0.0) -> Image

            A new image of the given size, channel count and format ('u8', 'u16', 'f16',
            'f32'), every pixel set to fill (one value, or one per channel; normalized, so
            1.0 is 255 in u8). Sizes beyond vfxpy.max_image_bytes() raise MemoryError.
            """, isClassMethod: true, imageNewClassMethod),
        Method.keywords("numpy", doc: """
            numpy(copy=False) -> numpy.ndarray

            The pixels as an (H, W, C) array. Without copy it is a view of the image's own
            memory: writes through it change the image, and it keeps the image alive.
            """, imageNumpy),
        Method.noArguments("copy", doc: "copy() -> Image\n\nA deep copy with its own memory (metadata copied too).", imageCopy),
        Method.keywords("astype", doc: """
            astype(format) -> Image

            A copy in another format ('u8', 'u16', 'f16', 'f32' or a numpy dtype). Integers
            are normalized (u8 255 <-> 1.0, u16 65535 <-> 1.0); floats going to integers are
            clamped to [0, 1], NaN becomes 0, and values round half up; f32 -> f16 rounds
            to nearest even and overflows to infinity.
            """, imageAstype),
        Method.noArguments("to_f32", doc: "to_f32() -> Image\n\nThe same as astype('f32').", imageToF32),
        Method.keywords("fill", doc: """
            fill(value) -> Image

            Sets every pixel to value (one number, or one per channel; normalized) in
            place and returns the image.
            """, imageFill),
    ] }

    /// Parses a pixel format given as a name ('f32', 'half', ...) or a numpy dtype.
    static func format(_ object: PyPointer, name: String) throws(PythonException) -> PixelFormat {
        if let text = String(python: object) {
            guard let format = PixelFormat(name: text) else {
                throw .valueError("\(name) must be one of 'u8', 'u16', 'f16', 'f32', got '\(text)'")
            }
            return format
        }
        let dtypeName: String
        do {
            dtypeName = try Numpy.module().attribute("dtype").call([PyRef(borrowed: object)]).attribute("name").text
        } catch {
            clearPythonError()
            throw .typeError("\(name) must be a format name or a numpy dtype, not \(pythonTypeName(object))")
        }
        guard let format = PixelFormat(name: dtypeName) else {
            throw .valueError("\(name) must be uint8, uint16, float16 or float32, got \(dtypeName)")
        }
        return format
    }

    /// Parses a fill value: one number or a sequence of numbers.
    static func fillValues(_ object: PyPointer, name: String) throws(PythonException) -> [Float] {
        if let items = try sequenceItems(object) {
            guard !items.isEmpty else { throw .valueError("\(name) must not be empty") }
            var values: [Float] = []
            for (index, item) in items.enumerated() {
                values.append(Float(try convertDouble(item.pointer, name: "\(name)[\(index)]")))
            }
            return values
        }
        return [Float(try convertDouble(object, name: name))]
    }
}

private let imageNewClassMethod: KeywordFunction = { cls, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "Image.new()", args: args, kwargs: kwargs,
                                      names: ["width", "height", "channels", "format", "fill"], required: 2)
        let width = try arguments.int("width", default: 0)
        let height = try arguments.int("height", default: 0)
        let channels = try arguments.int("channels", default: 4)
        let format = try arguments["format"].map { obj throws(PythonException) in
            try ImageMethods.format(obj, name: "format")
        } ?? .f32
        let fill = try arguments["fill"].map { obj throws(PythonException) in
            try ImageMethods.fillValues(obj, name: "fill")
        } ?? [0]
        guard fill.count == 1 || fill.count == channels else {
            throw PythonException.valueError("fill needs 1 or \(channels) values, got \(fill.count)")
        }
        let image = try releasingGIL { () throws(VFXError) -> Image in
            let image = try Image(width: width, height: height, channels: channels, format: format)
            if fill.contains(where: { $0 != 0 }) || fill.count != 1 {
                try image.fill(fill)
            }
            return image
        }
        return try ImageBinding.wrap(image).release()
    }
}

private let imageNumpy: KeywordFunction = { object, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "numpy()", args: args, kwargs: kwargs, names: ["copy"])
        _ = try ImageBinding.image(object)
        guard let object else { throw PythonException.runtimeError("no image") }
        if try arguments.bool("copy", default: false) {
            return try Numpy.module().attribute("array").call([PyRef(borrowed: object)]).release()
        }
        return try Numpy.asarray().call([PyRef(borrowed: object)]).release()
    }
}

private let imageCopy: PlainFunction = { object, _ in
    bridged {
        let image = try ImageBinding.image(object)
        let copy = try releasingGIL { () throws(VFXError) in try image.copy() }
        return try ImageBinding.wrap(copy, metadataFrom: object).release()
    }
}

private func convert(_ object: PyPointer?, to format: PixelFormat) throws(PythonException) -> PyPointer {
    let image = try ImageBinding.image(object)
    let converted = try releasingGIL { () throws(VFXError) in try image.converted(to: format) }
    return try ImageBinding.wrap(converted, metadataFrom: object).release()
}

private let imageAstype: KeywordFunction = { object, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "astype()", args: args, kwargs: kwargs,
                                      names: ["format"], required: 1)
        guard let formatObject = arguments["format"] else {
            throw PythonException.typeError("format must be a format name, not None")
        }
        return try convert(object, to: ImageMethods.format(formatObject, name: "format"))
    }
}

private let imageToF32: PlainFunction = { object, _ in
    bridged { try convert(object, to: .f32) }
}

private let imageFill: KeywordFunction = { object, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "fill()", args: args, kwargs: kwargs,
                                      names: ["value"], required: 1)
        guard let value = arguments["value"] else { throw PythonException.typeError("value must be a number, not None") }
        let values = try ImageMethods.fillValues(value, name: "value")
        let image = try ImageBinding.image(object)
        try releasingGIL { () throws(VFXError) in
            try image.changingPixels { () throws(VFXError) in
                try image.synchronizeHost()
                try image.fill(values)
            }
        }
        guard let object else { throw PythonException.runtimeError("no image") }
        return PyRef(borrowed: object).release()
    }
}
