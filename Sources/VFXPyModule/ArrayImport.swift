import PythonBridge
import VFXCore

/// Turns a numpy array (or any object with the buffer protocol) into an `Image`:
/// a zero-copy view when possible, a copy otherwise.
enum ArrayImport {
    static func image(from array: PyPointer, forceCopy: Bool) throws(PythonException) -> Image {
        let view = try borrow(array)
        let element = try element(of: view)
        let shape = view.shape
        guard shape.count == 2 || shape.count == 3 else {
            throw .valueError("arr must have shape (H, W) or (H, W, C), got \(shape.count) dimensions \(shapeText(shape))")
        }
        let height = shape[0], width = shape[1], channels = shape.count == 3 ? shape[2] : 1
        guard height > 0, width > 0, channels > 0 else {
            throw .valueError("arr must not be empty, got shape \(shapeText(shape))")
        }
        guard channels <= ImageLimits.maxChannels else {
            throw .valueError("arr has \(channels) channels, more than the limit of \(ImageLimits.maxChannels); "
                + "is it (C, H, W)? vfxpy wants (H, W, C)")
        }
        guard let base = view.baseAddress else { throw .valueError("arr has no memory") }
        let zeroCopy = !forceCopy && element != .f64 && !view.isReadOnly && view.isCContiguous
        if zeroCopy {
            let pixels = PixelBuffer(borrowing: base, byteCount: view.byteCount) { view.release() }
            do throws(VFXError) {
                return try Image(width: width, height: height, channels: channels,
                                 format: element.imageFormat, pixels: pixels)
            } catch {
                throw error.pythonException
            }
        }
        let strides = view.strides
        let source = StridedPixels(
            baseAddress: base, element: element, height: height, width: width, channels: channels,
            rowStride: strides[0], pixelStride: strides[1],
            channelStride: strides.count == 3 ? strides[2] : 0)
        // A copy cut short by Ctrl-C is not returned (releasingGIL raises KeyboardInterrupt).
        let image = try releasingGIL { () throws(VFXError) -> Image in try Image(copying: source) }
        view.release()
        return image
    }

    /// A writable buffer when the object allows it, else a read-only one (copied later).
    private static func borrow(_ array: PyPointer) throws(PythonException) -> BufferView {
        do {
            return try BufferView(array, writable: true, name: "arr")
        } catch .alreadySet {
            clearPythonError()
            return try BufferView(array, writable: false, name: "arr")
        }
    }

    private static func element(of view: BufferView) throws(PythonException) -> StridedPixels.Element {
        switch (view.nativeTypeCode, view.itemSize) {
        case (UInt8(ascii: "B"), 1): return .u8
        case (UInt8(ascii: "H"), 2): return .u16
        case (UInt8(ascii: "e"), 2): return .f16
        case (UInt8(ascii: "f"), 4): return .f32
        case (UInt8(ascii: "d"), 8): return .f64
        default:
            if let first = view.formatCode.first, ">!".contains(first) {
                throw .typeError("arr has a big-endian dtype ('\(view.formatCode)'); "
                    + "convert it with arr.astype(arr.dtype.newbyteorder('='))")
            }
            throw .typeError("arr has an unsupported dtype (buffer format '\(view.formatCode)'); "
                + "use uint8, uint16, float16, float32 or float64")
        }
    }

    private static func shapeText(_ shape: [Int]) -> String {
        "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}
