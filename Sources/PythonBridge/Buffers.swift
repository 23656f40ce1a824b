import CPython
#if canImport(Glibc)
import Glibc
#endif

/// What an exporter shows through the buffer protocol: an N-dimensional C-contiguous
/// array of one item type.
public struct BufferLayout {
    public var baseAddress: UnsafeMutableRawPointer
    public var itemSize: Int
    /// A struct-module code: "B", "H", "e", "f".
    public var formatCode: String
    public var shape: [Int]
    public var isReadOnly: Bool

    public init(baseAddress: UnsafeMutableRawPointer, itemSize: Int, formatCode: String,
                shape: [Int], isReadOnly: Bool = false) {
        self.baseAddress = baseAddress
        self.itemSize = itemSize
        self.formatCode = formatCode
        self.shape = shape
        self.isReadOnly = isReadOnly
    }
}

/// The struct-module codes a buffer can export, as C strings that live for the process:
/// searched in order (a handful of one-letter strings compare faster than they hash).
private struct FormatTable: @unchecked Sendable {
    let entries: [(code: String, pointer: UnsafePointer<CChar>)]

    func pointer(_ code: String) -> UnsafePointer<CChar>? {
        entries.first { $0.code == code }?.pointer
    }
}
private let bufferFormats = FormatTable(entries:
    ["f", "e", "H", "B", "d", "b", "h", "i", "I", "q", "Q"].map { ($0, permanentCString($0)) })

/// Fills `view` for a `bf_getbuffer` slot; the shape and strides live in memory freed by
/// `releaseExportedBuffer`. Returns 0, or -1 with `BufferError` set.
public func exportBuffer(_ view: UnsafeMutablePointer<Py_buffer>?, exporter: PyPointer,
                         layout: BufferLayout, flags: Int32) -> Int32 {
    guard let view else {
        PythonException.bufferError("no view to fill").raise()
        return -1
    }
    if layout.isReadOnly, flags & vfx_buf_writable() != 0 {
        view.pointee.obj = nil
        PythonException.bufferError("the image is read-only").raise()
        return -1
    }
    let ndim = layout.shape.count
    let dims = UnsafeMutablePointer<Py_ssize_t>.allocate(capacity: 2 * ndim)
    var step = layout.itemSize
    for axis in stride(from: ndim - 1, through: 0, by: -1) {
        dims[axis] = layout.shape[axis]
        dims[ndim + axis] = step
        step *= layout.shape[axis]
    }
    Py_IncRef(exporter)
    view.pointee.obj = exporter
    view.pointee.buf = layout.baseAddress
    view.pointee.len = step
    view.pointee.itemsize = layout.itemSize
    view.pointee.readonly = layout.isReadOnly ? 1 : 0
    view.pointee.ndim = Int32(ndim)
    let wantsFormat = flags & vfx_buf_format() != 0
    view.pointee.format = wantsFormat ? bufferFormats.pointer(layout.formatCode).map { UnsafeMutablePointer(mutating: $0) } : nil
    let wantsShape = flags & PyBUF_ND == PyBUF_ND
    let wantsStrides = flags & PyBUF_STRIDES == PyBUF_STRIDES
    view.pointee.shape = wantsShape ? dims : nil
    view.pointee.strides = wantsStrides ? dims + ndim : nil
    if !wantsShape { view.pointee.ndim = 1 }
    view.pointee.suboffsets = nil
    view.pointee.internal = UnsafeMutableRawPointer(dims)
    return 0
}

/// The matching `bf_releasebuffer` work: frees what `exportBuffer` allocated.
public func releaseExportedBuffer(_ view: UnsafeMutablePointer<Py_buffer>?) {
    guard let view, let dims = view.pointee.internal else { return }
    dims.deallocate()
    view.pointee.internal = nil
}

/// A buffer borrowed from another Python object (a numpy array): its memory stays valid
/// and unmoved until this view is released, which takes the GIL and may happen on any
/// thread.
public final class BufferView: @unchecked Sendable {
    private let view: UnsafeMutablePointer<Py_buffer>
    private var isReleased = false

    /// Requests a strided buffer with its format; `writable` asks for write access.
    /// Throws `typeError` when the object has no buffer, and `alreadySet` for other
    /// failures (a read-only buffer when `writable` was asked, for one).
    public init(_ object: PyPointer, writable: Bool, name: String) throws(PythonException) {
        // Everything that can fail happens before `self` is complete, so that deinit
        // (which releases the buffer) only ever runs on a buffer really obtained.
        guard PyObject_CheckBuffer(object) != 0 else {
            throw .typeError("\(name) must be a numpy array (or support the buffer protocol), not \(pythonTypeName(object))")
        }
        let buffer = UnsafeMutablePointer<Py_buffer>.allocate(capacity: 1)
        let flags = writable ? vfx_buf_records() : vfx_buf_records_ro()
        guard PyObject_GetBuffer(object, buffer, flags) == 0 else {
            buffer.deallocate()
            throw .alreadySet
        }
        view = buffer
    }

    public var baseAddress: UnsafeMutableRawPointer? { view.pointee.buf }
    public var byteCount: Int { view.pointee.len }
    public var itemSize: Int { view.pointee.itemsize }
    public var isReadOnly: Bool { view.pointee.readonly != 0 }
    public var formatCode: String {
        view.pointee.format.map { String(cString: $0) } ?? "B"
    }

    /// The format's one type code without its native byte-order prefix ('@', '=', '<'),
    /// as an ASCII byte ('B' when the exporter gave no format); nil for anything else
    /// (a big-endian or multi-item format). No String is made: `Image(arr)` asks on
    /// every call.
    public var nativeTypeCode: UInt8? {
        guard var p = view.pointee.format.map(UnsafeRawPointer.init)?.assumingMemoryBound(to: UInt8.self) else {
            return UInt8(ascii: "B")
        }
        if p[0] == UInt8(ascii: "@") || p[0] == UInt8(ascii: "=") || p[0] == UInt8(ascii: "<") { p += 1 }
        guard p[0] != 0, p[1] == 0 else { return nil }
        return p[0]
    }
    public var shape: [Int] {
        let ndim = Int(view.pointee.ndim)
        guard let shape = view.pointee.shape else { return [byteCount / max(1, itemSize)] }
        return (0..<ndim).map { shape[$0] }
    }
    /// Byte strides per axis (derived for C order when the exporter gave none).
    public var strides: [Int] {
        let ndim = Int(view.pointee.ndim)
        if let strides = view.pointee.strides { return (0..<ndim).map { strides[$0] } }
        var result = [Int](repeating: itemSize, count: ndim)
        var step = itemSize
        for axis in stride(from: ndim - 1, through: 0, by: -1) {
            result[axis] = step
            step *= shape[axis]
        }
        return result
    }
    public var isCContiguous: Bool { PyBuffer_IsContiguous(view, CChar(UInt8(ascii: "C"))) != 0 }

    /// Gives the buffer back to its exporter (idempotent). Takes the GIL.
    public func release() {
        withGIL {
            if !isReleased {
                isReleased = true
                PyBuffer_Release(view)
            }
        }
    }

    deinit {
        release()
        view.deallocate()
    }
}
