import CTIFF
#if canImport(Glibc)
import Glibc
#endif
import VFXCore

/// One open libtiff handle with its own error and warning handlers: libtiff's messages
/// are kept here (never printed) and become the text of the errors thrown.
final class TIFFHandle {
    let tiff: OpaquePointer
    let path: String
    /// True for a file being written, whose failures are the file system's.
    private let writing: Bool
    private let messages: UnsafeMutablePointer<ctiff_messages>

    private static let silenced: Void = ctiff_silence_global_handlers()

    /// libtiff is opened on first use (CTIFF.h): `.unsupported` with the reason when it
    /// cannot be loaded, before any other ctiff_* call.
    private static func requireLibrary() throws(VFXError) {
        try LazyLibrary.require { ctiff_available($0, $1) }
    }

    private init(tiff: OpaquePointer, path: String, messages: UnsafeMutablePointer<ctiff_messages>,
                 writing: Bool = false) {
        self.tiff = tiff
        self.path = path
        self.writing = writing
        self.messages = messages
    }

    deinit {
        ctiff_close(tiff)
        messages.deallocate()
    }

    /// Opens the TIFF in `file` (kept mapped by the caller) for reading, at `directory`.
    static func open(_ file: MappedFile, directory: Int = 0) throws(VFXError) -> TIFFHandle {
        try requireLibrary()
        _ = silenced
        guard let base = file.bytes.baseAddress, file.count > 0 else {
            throw .format(path: file.path, message: "the file is empty")
        }
        let messages = UnsafeMutablePointer<ctiff_messages>.allocate(capacity: 1)
        messages.initialize(to: ctiff_messages())
        guard let tiff = ctiff_open_memory(base, file.count, file.path, messages) else {
            let message = TIFFHandle.firstError(messages) ?? "not a valid TIFF file"
            messages.deallocate()
            throw .format(path: file.path, message: message)
        }
        let handle = TIFFHandle(tiff: tiff, path: file.path, messages: messages)
        if directory != 0 {
            let count = Int(ctiff_number_of_directories(tiff))
            guard directory < count else {
                throw .invalidArgument(name: "subimage", message: "must be below \(count) for \(file.path), got \(directory)")
            }
            guard ctiff_set_directory(tiff, tdir_t(directory)) != 0 else { throw handle.failure("cannot read page \(directory)") }
        }
        return handle
    }

    /// Creates `path` for writing (BigTIFF when `big`).
    static func create(_ path: String, big: Bool) throws(VFXError) -> TIFFHandle {
        try requireLibrary()
        _ = silenced
        let messages = UnsafeMutablePointer<ctiff_messages>.allocate(capacity: 1)
        messages.initialize(to: ctiff_messages())
        guard let tiff = ctiff_open_write(path, big ? "w8" : "w", messages) else {
            let message = TIFFHandle.firstError(messages) ?? "cannot create the file"
            messages.deallocate()
            throw .io(path: path, message: message)
        }
        return TIFFHandle(tiff: tiff, path: path, messages: messages, writing: true)
    }

    /// A `FormatError` with libtiff's first error message, or `fallback`.
    func failure(_ fallback: String) -> VFXError {
        let code = messages.pointee.error_errno
        if writing, [ENOSPC, EDQUOT, EFBIG, EIO].contains(code) {
            return systemError(path, fallback, code)
        }
        return .format(path: path, message: TIFFHandle.firstError(messages).map { "\(fallback): \($0)" } ?? fallback)
    }

    /// True when libtiff reported an error since the handle was opened.
    var hasError: Bool { messages.pointee.error_count > 0 }

    private static func firstError(_ messages: UnsafeMutablePointer<ctiff_messages>) -> String? {
        guard messages.pointee.error_count > 0 else { return nil }
        return withUnsafeBytes(of: messages.pointee.error) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    // MARK: tags

    func u16(_ tag: Int32) -> UInt16? { number(tag, ctiff_get_u16) }

    func u16Defaulted(_ tag: Int32) -> UInt16? { number(tag, ctiff_get_u16_defaulted) }

    func u32(_ tag: Int32) -> UInt32? { number(tag, ctiff_get_u32) }

    func float(_ tag: Int32) -> Float? { number(tag, ctiff_get_float) }

    /// The number `get` (one of the `ctiff_get_*` calls) reads for `tag`; nil when it has none.
    private func number<T: Numeric>(_ tag: Int32,
                                    _ get: (OpaquePointer?, UInt32, UnsafeMutablePointer<T>?) -> Int32) -> T? {
        var value: T = 0
        return get(tiff, UInt32(tag), &value) != 0 ? value : nil
    }

    func string(_ tag: Int32) -> String? {
        var value: UnsafePointer<CChar>?
        guard ctiff_get_string(tiff, UInt32(tag), &value) != 0, let value else { return nil }
        return RasterSupport.text(cString: value)
    }

    func extraSamples() -> [UInt16] {
        var count: UInt16 = 0
        var values: UnsafePointer<UInt16>?
        guard ctiff_get_extra_samples(tiff, &count, &values) != 0, let values else { return [] }
        return Array(UnsafeBufferPointer(start: values, count: Int(count)))
    }

    func set(_ tag: Int32, u16 value: UInt16) throws(VFXError) {
        guard ctiff_set_u16(tiff, UInt32(tag), value) != 0 else { throw failure("cannot set tag \(tag)") }
    }

    func set(_ tag: Int32, u32 value: UInt32) throws(VFXError) {
        guard ctiff_set_u32(tiff, UInt32(tag), value) != 0 else { throw failure("cannot set tag \(tag)") }
    }

    func set(_ tag: Int32, float value: Float) throws(VFXError) {
        guard ctiff_set_float(tiff, UInt32(tag), value) != 0 else { throw failure("cannot set tag \(tag)") }
    }

    func set(_ tag: Int32, string value: String) throws(VFXError) {
        guard ctiff_set_string(tiff, UInt32(tag), value) != 0 else { throw failure("cannot set tag \(tag)") }
    }

    func setExtraSamples(_ values: [UInt16]) throws(VFXError) {
        guard ctiff_set_extra_samples(tiff, UInt16(values.count), values) != 0 else {
            throw failure("cannot set ExtraSamples")
        }
    }
}
