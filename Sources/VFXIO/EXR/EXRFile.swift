import CEXR
import VFXCore
#if canImport(Glibc)
import Glibc
#endif

/// An open EXR file: every part's header, read through OpenEXR's C++ API (CEXR).
final class EXRFile {
    let path: String
    let handle: OpaquePointer

    /// One channel as the file stores it.
    struct Channel: Equatable {
        var name: String
        var type: Int32
    }

    /// One part's geometry, channels and header attributes.
    struct Part {
        var dataWindow: EXRWindow
        var displayWindow: EXRWindow
        var isTiled: Bool
        var tileWidth: Int
        var tileHeight: Int
        var compression: EXRCompression?
        var channels: [Channel]
        var attributes: Metadata
    }

    init(path: String) throws(VFXError) {
        EXRThreads.configure()
        self.path = path
        var error = CEXRError()
        var opened: OpaquePointer?
        let status = cexr_open(path, &opened, &error)
        guard status == CEXR_OK, let opened else {
            throw EXRFile.error(status, error, path: path)
        }
        handle = opened
    }

    deinit { cexr_close(handle) }

    var partCount: Int { Int(cexr_part_count(handle)) }

    /// The header of part `index`.
    func part(_ index: Int) throws(VFXError) -> Part {
        guard index >= 0, index < partCount else {
            throw .invalidArgument(name: "subimage", message: "is \(index), but \(path) has \(partCount) "
                + (partCount == 1 ? "part (subimage 0)" : "parts (subimages 0 to \(partCount - 1))"))
        }
        var info = CEXRPartInfo()
        var error = CEXRError()
        let status = cexr_part_info(handle, Int32(index), &info, &error)
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: path) }
        var channels: [Channel] = []
        var channel = CEXRChannel()
        var channelIndex: Int32 = 0
        while cexr_channel(handle, Int32(index), channelIndex, &channel) != 0 {
            let name = channel.name.map { String(cString: $0) } ?? ""
            // A name that is not UTF-8 could not be asked for again by its Swift spelling.
            if let raw = channel.name,
               case let bytes = UnsafeBufferPointer(start: raw, count: strlen(raw)).map({ UInt8(bitPattern: $0) }),
               Array(name.utf8) != bytes {
                let hex = bytes.map { String($0, radix: 16) }
                throw .format(path: path, message: "channel \(channelIndex) has a name that is not UTF-8 "
                    + "(bytes \(hex.joined(separator: " "))); EXR channel names are UTF-8")
            }
            channels.append(Channel(name: name, type: channel.type))
            channelIndex += 1
        }
        var attributes: Metadata = [:]
        var attribute = CEXRAttribute()
        for attributeIndex in 0..<cexr_attribute_count(handle, Int32(index)) {
            guard cexr_attribute(handle, Int32(index), attributeIndex, &attribute) != 0,
                  let name = attribute.name.map({ String(cString: $0) }),
                  let value = EXRAttributes.value(of: attribute) else { continue }
            attributes[name] = value
        }
        let data = info.data_window, display = info.display_window
        return Part(dataWindow: EXRWindow(data.0, data.1, data.2, data.3),
                    displayWindow: EXRWindow(display.0, display.1, display.2, display.3),
                    isTiled: info.tiled != 0, tileWidth: Int(info.tile_width), tileHeight: Int(info.tile_height),
                    compression: EXRCompression(code: info.compression), channels: channels, attributes: attributes)
    }

    /// Decodes part `index` into `slices` (whose pointers must cover the data window).
    func readPixels(part index: Int, slices: [CEXRSlice]) throws(VFXError) {
        var error = CEXRError()
        let status = slices.withUnsafeBufferPointer { buffer in
            cexr_read_part(handle, Int32(index), buffer.baseAddress, Int32(buffer.count), &error)
        }
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: path) }
    }

    /// Decodes scanline part `index` through OpenEXRCore, one decode pipeline per worker;
    /// false when that path failed (the caller then uses `readPixels`).
    func readPixelsFast(part index: Int, slices: [CEXRSlice]) -> Bool {
        do {
            try readPixelsCore(part: index, slices: slices)
            return true
        } catch {
            return false
        }
    }

    /// Decodes scanline part `index` through OpenEXRCore, throwing its error.
    func readPixelsCore(part index: Int, slices: [CEXRSlice]) throws(VFXError) {
        var error = CEXRError()
        let status = slices.withUnsafeBufferPointer { buffer in
            cexr_core_read_scanlines(path, Int32(index), buffer.baseAddress, Int32(buffer.count),
                                     Int32(Parallel.workerCount), &error)
        }
        guard status == CEXR_OK else { throw EXRFile.error(status, error, path: path) }
    }

    /// A CEXR status and message as a `VFXError` naming `path`.
    static func error(_ status: Int32, _ error: CEXRError, path: String) -> VFXError {
        var message = withUnsafeBytes(of: error.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        // OpenEXR repeats the path in its messages; the error names it already.
        for (prefix, replacement) in [("Cannot read image file \"\(path)\". ", "cannot read the header: "),
                                      ("Error reading pixel data from image file \"\(path)\". ", "cannot read the pixels: "),
                                      ("Cannot open image file \"\(path)\". ", "")] where message.hasPrefix(prefix) {
            message = replacement + message.dropFirst(prefix.count)
        }
        switch status {
        case Int32(CEXR_IO_ERROR): return .io(path: path, message: message, code: error.code)
        case Int32(CEXR_UNSUPPORTED): return .unsupported("\(path): \(message)")
        case Int32(CEXR_INVALID_ARGUMENT): return .invalidArgument(name: "path", message: "\(path): \(message)")
        case Int32(CEXR_OUT_OF_MEMORY): return .outOfMemory("\(path): \(message)")
        case Int32(CEXR_CANCELLED): return .cancelled
        default: return .format(path: path, message: message.isEmpty ? "not a readable EXR file" : message)
        }
    }
}

/// An inclusive pixel rectangle (EXR box2i).
struct EXRWindow: Equatable {
    var xMin: Int, yMin: Int, xMax: Int, yMax: Int

    init(_ xMin: Int32, _ yMin: Int32, _ xMax: Int32, _ yMax: Int32) {
        self.init(xMin: Int(xMin), yMin: Int(yMin), xMax: Int(xMax), yMax: Int(yMax))
    }

    init(xMin: Int, yMin: Int, xMax: Int, yMax: Int) {
        self.xMin = xMin
        self.yMin = yMin
        self.xMax = xMax
        self.yMax = yMax
    }

    /// A window from 4 metadata ints, if they are a non-empty box within Int32.
    init?(metadata value: MetadataValue?) {
        guard case .ints(let v)? = value, v.count == 4,
              v.allSatisfy({ $0 >= Int(Int32.min) && $0 <= Int(Int32.max) }), v[0] <= v[2], v[1] <= v[3]
        else { return nil }
        self.init(xMin: v[0], yMin: v[1], xMax: v[2], yMax: v[3])
    }

    var width: Int { xMax - xMin + 1 }
    var height: Int { yMax - yMin + 1 }
    var metadata: MetadataValue { .ints([xMin, yMin, xMax, yMax]) }

    var cValues: (Int32, Int32, Int32, Int32) {
        (Int32(truncatingIfNeeded: xMin), Int32(truncatingIfNeeded: yMin),
         Int32(truncatingIfNeeded: xMax), Int32(truncatingIfNeeded: yMax))
    }
}
