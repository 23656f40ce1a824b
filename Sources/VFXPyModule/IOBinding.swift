import PythonBridge
import VFXCore
import VFXIO

/// `_vfxpy.read_file`, `write_file`, `file_info`, `detect_format`: thin bindings of
/// `VFXIO.ImageIO`; `stdlib/vfxpy/io` gives them their Python shape.
enum IOBinding {
    static var functions: [MethodDefinition] { [
        Method.keywords("read_file", doc: """
            read_file(path, file_format=None, pixel_format=None, layer=None, subimage=0) -> Image

            Reads an image file (format detected from its content unless file_format is
            given). Use vfxpy.read or vfxpy.io.<format>.read instead.
            """, readFile),
        Method.keywords("write_file", doc: """
            write_file(path, images, file_format=None, options=None) -> None

            Writes one or more images atomically. Use vfxpy.write instead.
            """, writeFile),
        Method.keywords("file_info", doc: """
            file_info(path, file_format=None, subimage=0) -> dict

            The header of an image file without its pixels. Use vfxpy.io.info instead.
            """, fileInfo),
        Method.keywords("detect_format", doc: """
            detect_format(path) -> str

            The file format (a name supported_formats() lists) from the file's content.
            """, detectFormat),
        Method.noArguments("supported_formats", doc: """
            supported_formats() -> list[str]

            The file formats this build reads and writes.
            """, { _, _ in
                bridged {
                    let names = FileFormat.declared.map(\.format.rawValue)
                    return try makeList(names.map { n throws(PythonException) in try n.toPython() }).release()
                }
            }),
        Method.keywords("write_options", doc: """
            write_options(file_format) -> dict[str, dict[str, str]]

            The write options a format declares, in order: {name: {"takes": what it takes,
            "default": its default}}, both in words.
            """, { _, args, kwargs in
                bridged {
                    let arguments = try Arguments(function: "write_options()", args: args, kwargs: kwargs,
                                                  names: ["file_format"], required: 1)
                    guard let format = try IOBinding.fileFormat(arguments), let declaration = format.declaration else {
                        throw PythonException.valueError("write_options() needs a file_format this build has")
                    }
                    return try makeDict(declaration.writeOptions.map { option throws(PythonException) in
                        (option.name, try makeDict([("takes", try option.summary.toPython()),
                                                    ("default", try option.defaultValue.toPython())]))
                    }).release()
                }
            }),
    ] }

    static func fileFormat(_ arguments: Arguments) throws(PythonException) -> FileFormat? {
        guard let name = try arguments["file_format"].map({ o throws(PythonException) in try convertString(o, name: "file_format") })
        else { return nil }
        guard let format = FileFormat(name: name) else {
            let names = FileFormat.declared.map(\.format.rawValue).joined(separator: ", ")
            throw .valueError("file_format must be one of \(names), got '\(name)'")
        }
        return format
    }

    /// The `path` argument: a `str` (names that are not UTF-8 arrive with Python's
    /// surrogate escapes, as `os.listdir` gives them) or `bytes`, as `open()` takes.
    static func path(_ arguments: Arguments) throws(PythonException) -> FilePath {
        guard let object = arguments["path"] else { throw .typeError("path must be a str or os.PathLike, not None") }
        let path: FilePath
        if let text = String(python: object) {
            path = FilePath(text)
        } else if isStr(object) {
            path = FilePath(bytes: try fileSystemBytes(object))
        } else if isBytes(object) {
            path = FilePath(bytes: try convertBytes(object))
        } else {
            throw .typeError("path must be a str, bytes or os.PathLike, not \(pythonTypeName(object))")
        }
        guard !path.text.isEmpty else { throw .valueError("path must not be empty") }
        guard !path.text.utf8.contains(0) else { throw .valueError("path must not contain NUL characters") }
        return path
    }
}

private let readFile: KeywordFunction = { _, args, kwargs in
    bridged {
        let read = try IOBinding.readCall(Arguments(function: "read()", args: args, kwargs: kwargs,
                                                    names: IOBinding.readNames, required: 1))
        let decoded = try releasingGIL { () throws(VFXError) in try read() }
        return try IOBinding.wrap(decoded).release()
    }
}

private let writeFile: KeywordFunction = { _, args, kwargs in
    bridged {
        let write = try IOBinding.writeCall(Arguments(function: "write()", args: args, kwargs: kwargs,
                                                      names: IOBinding.writeNames, required: 2))
        try releasingGIL { () throws(VFXError) in try write() }
        return newNone()
    }
}

extension IOBinding {
    /// The parameters of `read_file` (`_read_async` takes them after its future).
    static let readNames = ["path", "file_format", "pixel_format", "layer", "subimage"]

    /// The arguments of `read_file` (and `_read_async`) as the read to run without the
    /// GIL: the one place both take them.
    static func readCall(_ arguments: Arguments) throws(PythonException) -> @Sendable () throws(VFXError) -> ImageWithMetadata {
        let path = try IOBinding.path(arguments)
        let format = try IOBinding.fileFormat(arguments)
        let pixelFormat = try arguments["pixel_format"].map { o throws(PythonException) in
            try ImageMethods.format(o, name: "format")
        }
        let layer = try arguments["layer"].map { o throws(PythonException) in try convertString(o, name: "layer") }
        let request = ReadRequest(subimage: try arguments.int("subimage", default: 0), layer: layer,
                                  pixelFormat: pixelFormat)
        return { () throws(VFXError) in
            try path.reading { p throws(VFXError) in try ImageIO.read(path: p, format: format, request: request) }
        }
    }

    /// A decoded file as a Python image with its metadata.
    static func wrap(_ decoded: ImageWithMetadata) throws(PythonException) -> PyRef {
        let image = try ImageBinding.wrap(decoded.image)
        BridgedObject.setAttached(image.pointer, try MetadataConversion.toDict(decoded.metadata))
        return image
    }

    /// The parameters of `write_file` (`_write_async` takes them after its future).
    static let writeNames = ["path", "images", "file_format", "options"]

    /// The arguments of `write_file` (and `_write_async`) as the write to run without the
    /// GIL. Images a GPU op left on the device are read back in the write.
    static func writeCall(_ arguments: Arguments) throws(PythonException) -> @Sendable () throws(VFXError) -> Void {
        let path = try IOBinding.path(arguments)
        let format = try IOBinding.fileFormat(arguments)
        guard let imagesObject = arguments["images"] else { throw PythonException.typeError("img must be a vfxpy.Image") }
        var images: [ImageWithMetadata] = []
        let list = try sequenceItems(imagesObject) ?? [PyRef(borrowed: imagesObject)]
        for item in list {
            let image = try ImageBinding.residentImage(item.pointer, name: "img")
            let metadata = try BridgedObject.attached(item.pointer).map { d throws(PythonException) in
                try MetadataConversion.fromDict(d, name: "img.metadata")
            } ?? [:]
            images.append(ImageWithMetadata(image: image, metadata: metadata))
        }
        let function = "\(format?.rawValue ?? FileFormat(pathExtension: path.text)?.rawValue ?? "vfxpy").write()"
        let options = try MetadataConversion.options(arguments["options"], function: function)
        return { [images] () throws(VFXError) in
            for item in images where item.image.residency != nil { try item.image.synchronizeHost() }
            try path.writing { (p, renamedTo) throws(VFXError) in
                try ImageIO.write(images, to: p, format: format, options: options, renamedTo: renamedTo)
            }
        }
    }
}

private let fileInfo: KeywordFunction = { _, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "info()", args: args, kwargs: kwargs,
                                      names: ["path", "file_format", "subimage"], required: 1)
        let path = try IOBinding.path(arguments)
        let format = try IOBinding.fileFormat(arguments)
        let subimage = try arguments.int("subimage", default: 0)
        let info = try releasingGIL { () throws(VFXError) in
            try path.reading { p throws(VFXError) in try ImageIO.info(path: p, format: format, subimage: subimage) }
        }
        return try IOBinding.infoDict(info).release()
    }
}

extension IOBinding {
    /// A header as `vfxpy.io.info` gives it, with `extra` entries after the standard ones.
    static func infoDict(_ info: ImageInfo, extra: [(String, PyRef)] = []) throws(PythonException) -> PyRef {
        try makeDict([
            ("file_format", try info.format.rawValue.toPython()),
            ("width", try info.width.toPython()),
            ("height", try info.height.toPython()),
            ("channels", try info.channels.toPython()),
            ("format", try info.pixelFormat.rawValue.toPython()),
            ("channel_names", try makeList(info.channelNames.map { n throws(PythonException) in try n.toPython() })),
            ("metadata", try MetadataConversion.toDict(info.metadata)),
            ("subimages", try info.subimageCount.toPython()),
        ] + extra)
    }
}

private let detectFormat: KeywordFunction = { _, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "detect_format()", args: args, kwargs: kwargs, names: ["path"], required: 1)
        let path = try IOBinding.path(arguments)
        let format = try releasingGIL { () throws(VFXError) in
            try path.reading { p throws(VFXError) in try ImageIO.detectFormat(path: p) }
        }
        return try format.rawValue.toPython().release()
    }
}
