import PythonBridge
import Synchronization
import VFXCore
import VFXIO
import VFXOps

/// A band reader or writer behind a Python object. Calls run with the GIL released and
/// take `lock`, so two Python threads sharing one object wait for each other instead of
/// racing; `close` drops the native object.
final class BandFileBox<Native>: @unchecked Sendable {
    let lock = Mutex(())
    var native: Native?
    /// Keeps a path that is not UTF-8 open for a reader, or the folder of such a name for
    /// a writer (and names the file in errors).
    let file: FilePath.Held
    /// Run on the native object when the box is dropped (garbage collected) still holding it.
    private let dropped: (Native) -> Void

    init(_ native: Native, file: FilePath.Held, dropped: @escaping (Native) -> Void = { _ in }) {
        self.native = native
        self.file = file
        self.dropped = dropped
    }

    deinit { if let native { dropped(native) } }
}

typealias RegionReaderBox = BandFileBox<any RegionReader>
typealias RegionWriterBox = BandFileBox<any RegionWriter>

final class ResizeStreamBox: @unchecked Sendable {
    let lock = Mutex(())
    let resize: StreamingResize
    init(_ resize: StreamingResize) { self.resize = resize }
}

/// `_vfxpy.stream_open`, `_vfxpy.stream_create` and their objects: the native side of
/// `vfxpy.open`, `vfxpy.create` and `vfxpy.stream` (stdlib/vfxpy/_stream.py gives them
/// their Python shape).
enum StreamBinding {
    nonisolated(unsafe) static var readerType: PythonType?
    nonisolated(unsafe) static var writerType: PythonType?
    nonisolated(unsafe) static var resizeType: PythonType?

    static func build(into module: PyRef) throws(PythonException) {
        var reader = TypeBuilder(qualifiedName: "vfxpy._RegionReader", doc: "An image file read by bands (native).")
        reader.methods = readerMethods
        let readerType = try reader.build()
        Self.readerType = readerType
        var writer = TypeBuilder(qualifiedName: "vfxpy._RegionWriter", doc: "An image file written by bands (native).")
        writer.methods = writerMethods
        let writerType = try writer.build()
        Self.writerType = writerType
        var resize = TypeBuilder(qualifiedName: "vfxpy._ResizeStream", doc: "A resize fed band by band (native).")
        resize.methods = [
            Method.oneArgument("push", doc: "push(band) -> Image | None: the output rows the band completes.", { object, band in
                bridged {
                    guard let resizeType = StreamBinding.resizeType,
                          let box = BridgedObject.object(object, of: resizeType, as: ResizeStreamBox.self) else {
                        throw PythonException.typeError("expected a streaming resize")
                    }
                    let image = try ImageBinding.image(band, name: "band")
                    let rows = try releasingGIL { () throws(VFXError) -> Image? in
                        try box.lock.withLock { _ throws(VFXError) -> Image? in try box.resize.push(image) }
                    }
                    guard let rows else { return newNone() }
                    return try ImageBinding.wrap(rows).release()
                }
            }),
        ]
        let resizeType = try resize.build()
        Self.resizeType = resizeType
        for (name, type) in [("RegionReader", readerType), ("RegionWriter", writerType), ("ResizeStream", resizeType)] {
            try addToModule(module, name, type: type)
        }
    }

    static var functions: [MethodDefinition] { [
        Method.keywords("stream_open", doc: """
            stream_open(path, subimage=0) -> RegionReader

            Opens an image file to read by bands. Use vfxpy.open instead.
            """, streamOpen),
        Method.keywords("stream_create", doc: """
            stream_create(path, width, height, channels, format, channel_names=None, metadata=None,
                          file_format=None, options=None) -> RegionWriter

            Starts an image file written by bands. Use vfxpy.create instead.
            """, streamCreate),
        Method.keywords("stream_resizer", doc: """
            stream_resizer(source_width, source_height, width, height, channels, channel_names, filter,
                           premultiplied=True) -> ResizeStream

            ops.resize fed band by band. Use vfxpy.stream(resize=...) instead.
            """, streamResizer),
    ] }

    /// Holds the file (`hold`: for reading or writing) and makes its band reader or writer
    /// through it (`make`), without the GIL.
    static func opening<Value>(_ hold: () throws(VFXError) -> FilePath.Held,
                               _ make: (FilePath.Held) throws(VFXError) -> Value) throws(PythonException)
        -> (Value, FilePath.Held) {
        try releasingGIL { () throws(VFXError) -> (Value, FilePath.Held) in
            let file = try hold()
            return (try file.run { () throws(VFXError) in try make(file) }, file)
        }
    }

    /// A new Python object of `type` (a type this module made at start) holding `box`.
    static func object(_ type: PythonType?, holding box: AnyObject) throws(PythonException) -> PyPointer {
        guard let type else { throw PythonException.runtimeError("vfxpy is not initialized") }
        return try BridgedObject.make(type, holding: box, attached: nil).release()
    }

    static func box(_ object: PyPointer?) throws(PythonException) -> RegionReaderBox {
        guard let readerType, let box = BridgedObject.object(object, of: readerType, as: RegionReaderBox.self) else {
            throw .typeError("expected a band reader")
        }
        return box
    }

    static func box(_ object: PyPointer?) throws(PythonException) -> RegionWriterBox {
        guard let writerType, let box = BridgedObject.object(object, of: writerType, as: RegionWriterBox.self) else {
            throw .typeError("expected a band writer")
        }
        return box
    }

    static var readerMethods: [MethodDefinition] { [
        Method.noArguments("info", doc: "info() -> dict: the header, chunk_rows and reads_by_band.", { object, _ in
            bridged {
                let box: RegionReaderBox = try StreamBinding.box(object)
                let reader = try releasingGIL { () throws(VFXError) -> any RegionReader in
                    try box.lock.withLock { _ throws(VFXError) -> any RegionReader in
                        guard let reader = box.native else { throw .invalidArgument(name: "reader", message: "is closed") }
                        return reader
                    }
                }
                return try IOBinding.infoDict(reader.info, extra: [
                    ("chunk_rows", try reader.chunkRows.toPython()),
                    ("reads_by_band", try reader.readsByBand.toPython()),
                ]).release()
            }
        }),
        Method.keywords("read", doc: "read(y_begin, y_end, format=None) -> Image: rows y_begin..<y_end.", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "read_region()", args: args, kwargs: kwargs,
                                      names: ["y_begin", "y_end", "format"], required: 2)
                let box: RegionReaderBox = try StreamBinding.box(object)
                let first = try a.int("y_begin", default: 0), end = try a.int("y_end", default: 0)
                let format = try a["format"].map { o throws(PythonException) in try ImageMethods.format(o, name: "format") }
                let image = try releasingGIL { () throws(VFXError) -> Image in
                    try box.lock.withLock { _ throws(VFXError) -> Image in
                        guard let reader = box.native else { throw .invalidArgument(name: "reader", message: "is closed") }
                        guard first < end else {
                            throw .invalidArgument(name: "region", message: "is empty (\(first)..<\(end))")
                        }
                        return try box.file.run { () throws(VFXError) -> Image in
                            try reader.read(rows: first..<end, format: format)
                        }
                    }
                }
                return try ImageBinding.wrap(image).release()
            }
        }),
        Method.noArguments("close", doc: "close(): releases the file.", { object, _ in
            bridged {
                let box: RegionReaderBox = try StreamBinding.box(object)
                try releasingGIL { () throws(VFXError) in box.lock.withLock { _ in box.native = nil } }
                return newNone()
            }
        }),
    ] }

    static var writerMethods: [MethodDefinition] { [
        Method.keywords("write", doc: "write(image, y): the next band, rows y..<y + image.height.", { object, args, kwargs in
            bridged {
                let a = try Arguments(function: "write_region()", args: args, kwargs: kwargs,
                                      names: ["image", "y"], required: 2)
                let box: RegionWriterBox = try StreamBinding.box(object)
                let image = try ImageBinding.image(a["image"], name: "image")
                let y = try a.int("y", default: 0)
                try releasingGIL { () throws(VFXError) in
                    try box.lock.withLock { _ throws(VFXError) in
                        guard let writer = box.native else { throw .invalidArgument(name: "writer", message: "is closed") }
                        try box.file.run { () throws(VFXError) in try writer.write(image, at: y) }
                    }
                }
                return newNone()
            }
        }),
        Method.noArguments("rows_written", doc: "rows_written() -> int: the next band's first row.", { object, _ in
            bridged {
                let box: RegionWriterBox = try StreamBinding.box(object)
                let rows = try releasingGIL { () throws(VFXError) -> Int in
                    box.lock.withLock { _ in box.native?.rowsWritten ?? 0 }
                }
                return try rows.toPython().release()
            }
        }),
        Method.noArguments("writes_by_band", doc: "writes_by_band() -> bool: bands are encoded as they come.", { object, _ in
            bridged {
                let box: RegionWriterBox = try StreamBinding.box(object)
                let byBand = try releasingGIL { () throws(VFXError) -> Bool in
                    box.lock.withLock { _ in box.native?.writesByBand ?? false }
                }
                return try byBand.toPython().release()
            }
        }),
        Method.noArguments("finish", doc: "finish(): completes the file and renames it into place.", { object, _ in
            bridged {
                let box: RegionWriterBox = try StreamBinding.box(object)
                try releasingGIL { () throws(VFXError) in
                    try box.lock.withLock { _ throws(VFXError) in
                        guard let writer = box.native else { throw .invalidArgument(name: "writer", message: "is closed") }
                        box.native = nil
                        do throws(VFXError) {
                            try writer.finish()
                        } catch {
                            writer.abort()
                            throw box.file.retargeted(error)
                        }
                    }
                }
                return newNone()
            }
        }),
        Method.noArguments("abort", doc: "abort(): drops the file; an existing one is untouched.", { object, _ in
            bridged {
                let box: RegionWriterBox = try StreamBinding.box(object)
                let writer = try releasingGIL { () throws(VFXError) -> (any RegionWriter)? in
                    box.lock.withLock { _ in
                        let writer = box.native
                        box.native = nil
                        return writer
                    }
                }
                // outside `releasingGIL`: a pending Ctrl-C must not turn the cleanup into an error
                writer?.abort()
                return newNone()
            }
        }),
    ] }
}

private let streamOpen: KeywordFunction = { _, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "open()", args: args, kwargs: kwargs,
                                      names: ["path", "subimage"], required: 1)
        let path = try IOBinding.path(arguments)
        let subimage = try arguments.int("subimage", default: 0)
        let (reader, file) = try StreamBinding.opening(path.heldForReading) { (file: FilePath.Held) throws(VFXError) in
            try Streaming.openReader(path: file.alias, subimage: subimage)
        }
        return try StreamBinding.object(StreamBinding.readerType, holding: RegionReaderBox(reader, file: file))
    }
}

private let streamCreate: KeywordFunction = { _, args, kwargs in
    bridged {
        let arguments = try Arguments(function: "create()", args: args, kwargs: kwargs,
                                      names: ["path", "width", "height", "channels", "format", "channel_names",
                                              "metadata", "file_format", "options"], required: 5)
        let path = try IOBinding.path(arguments)
        let format = try IOBinding.fileFormat(arguments)
        guard let formatObject = arguments["format"] else { throw PythonException.typeError("format is required") }
        let pixelFormat = try ImageMethods.format(formatObject, name: "format")
        let names = try arguments["channel_names"].map { o throws(PythonException) -> [String] in
            guard let items = try sequenceItems(o) else { throw .typeError("channel_names must be a list of str") }
            var names: [String] = []
            for item in items { names.append(try convertString(item.pointer, name: "channel_names")) }
            return names
        }
        let metadata = try arguments["metadata"].map { d throws(PythonException) in
            try MetadataConversion.fromDict(d, name: "metadata")
        } ?? [:]
        let target = RegionTarget(width: try arguments.int("width", default: 0),
                                  height: try arguments.int("height", default: 0),
                                  channels: try arguments.int("channels", default: 4), pixelFormat: pixelFormat,
                                  channelNames: names, metadata: metadata)
        let function = "\(format?.rawValue ?? FileFormat(pathExtension: path.text)?.rawValue ?? "vfxpy").create()"
        let options = try MetadataConversion.options(arguments["options"], function: function)
        let (writer, file) = try StreamBinding.opening(path.heldForWriting) { (file: FilePath.Held) throws(VFXError) in
            try Streaming.createWriter(path: file.alias, renamedTo: file.renamedTo, format: format, target: target,
                                       options: options)
        }
        return try StreamBinding.object(StreamBinding.writerType, holding: RegionWriterBox(writer, file: file) { writer in
            writer.abort()  // dropped unfinished: the writer removes its temporary file
        })
    }
}

private let streamResizer: KeywordFunction = { _, args, kwargs in
    bridged {
        let a = try Arguments(function: "stream()", args: args, kwargs: kwargs,
                              names: ["source_width", "source_height", "width", "height", "channels", "channel_names",
                                      "filter", "premultiplied"], required: 7)
        var names: [String] = []
        if let object = a["channel_names"], let items = try sequenceItems(object) {
            for item in items { names.append(try convertString(item.pointer, name: "channel_names")) }
        }
        let filterName = try a.string("filter", default: "lanczos3")
        guard let filter = ResampleFilter(name: filterName) else {
            throw PythonException.valueError("filter must be one of \(ResampleFilter.validNames); got '\(filterName)'")
        }
        let straight = try !a.bool("premultiplied", default: true)
        let sourceWidth = try a.int("source_width", default: 0), sourceHeight = try a.int("source_height", default: 0)
        let width = try a.int("width", default: 0), height = try a.int("height", default: 0)
        let channels = try a.int("channels", default: 0)
        let resize = try releasingGIL { () throws(VFXError) in
            try StreamingResize(sourceWidth: sourceWidth, sourceHeight: sourceHeight, width: width, height: height,
                                channels: channels, channelNames: names, filter: filter, straightAlpha: straight)
        }
        guard let type = StreamBinding.resizeType else { throw PythonException.runtimeError("vfxpy is not initialized") }
        return try BridgedObject.make(type, holding: ResizeStreamBox(resize), attached: nil).release()
    }
}
