/// Pixels laid out by someone else (a numpy array of any strides, possibly float64),
/// described well enough to copy them into an `Image`.
public struct StridedPixels: @unchecked Sendable {
    /// The element types numpy arrays can bring.
    public enum Element: Sendable {
        case u8, u16, f16, f32, f64

        /// The image format the elements are stored as (float64 becomes f32).
        public var imageFormat: PixelFormat {
            switch self {
            case .u8: .u8
            case .u16: .u16
            case .f16: .f16
            case .f32, .f64: .f32
            }
        }
    }

    public var baseAddress: UnsafeRawPointer
    public var element: Element
    public var height: Int
    public var width: Int
    public var channels: Int
    /// Byte steps between rows, pixels and channels (negative for reversed views).
    public var rowStride: Int
    public var pixelStride: Int
    public var channelStride: Int

    public init(baseAddress: UnsafeRawPointer, element: Element, height: Int, width: Int, channels: Int,
                rowStride: Int, pixelStride: Int, channelStride: Int) {
        self.baseAddress = baseAddress
        self.element = element
        self.height = height
        self.width = width
        self.channels = channels
        self.rowStride = rowStride
        self.pixelStride = pixelStride
        self.channelStride = channelStride
    }
}

extension Image {
    /// A new image holding a copy of `source`, float64 narrowed to float32 (rounded to
    /// nearest), other element types kept as they are.
    public convenience init(copying source: StridedPixels) throws(VFXError) {
        let format = source.element.imageFormat
        let bytes = try ImageLimits.byteCount(width: source.width, height: source.height,
                                              channels: source.channels, format: format)
        let buffer = try PixelBuffer(byteCount: bytes, zeroed: false)
        switch source.element {
        case .u8: gather(source, UInt8.self, into: buffer) { $0 }
        case .u16: gather(source, UInt16.self, into: buffer) { $0 }
        case .f16: gather(source, Float16.self, into: buffer) { $0 }
        case .f32: gather(source, Float.self, into: buffer) { $0 }
        case .f64: gather(source, Double.self, into: buffer) { Float($0) }
        }
        try self.init(width: source.width, height: source.height, channels: source.channels,
                      format: format, pixels: buffer)
    }
}

private func gather<S: BitwiseCopyable, D>(_ source: StridedPixels, _: S.Type, into buffer: PixelBuffer,
                          _ convert: @escaping @Sendable (S) -> D) {
    let dst = UnsafeSendable(buffer.baseAddress.assumingMemoryBound(to: D.self))
    let rowLength = source.width * source.channels
    Parallel.forEachRange(source.height, grain: max(1, (1 << 16) / max(1, rowLength))) { rows in
        for y in rows {
            let row = source.baseAddress + y * source.rowStride
            let out = dst.value + y * rowLength
            for x in 0..<source.width {
                let pixel = row + x * source.pixelStride
                for c in 0..<source.channels {
                    let value = (pixel + c * source.channelStride).loadUnaligned(as: S.self)
                    out[x * source.channels + c] = convert(value)
                }
            }
        }
    }
}
