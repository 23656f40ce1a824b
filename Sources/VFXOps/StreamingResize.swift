import COpsKernels
import VFXCore

/// `Resize.resize` fed the source band by band, top to bottom (`vfxpy.stream(resize=)`):
/// the same weight tables, pass order (`SeparablePass.horizontalFirst`), row kernels and
/// row conversions on the same rows, so the output is the whole-image resize bit for
/// bit; between bands only a ring of `rows.taps` filtered (or converted) source rows is
/// kept. Runs on the calling thread; one band at a time.
public final class StreamingResize: @unchecked Sendable {
    public let sourceWidth: Int, sourceHeight: Int, width: Int, height: Int, channels: Int
    private let columns: AxisWeights
    private let rows: AxisWeights
    private let horizontalFirst: Bool
    private let straightAlpha: Int?
    private let ringValues: Int
    private let ring: FloatScratch
    private let sourceRow: FloatScratch
    private let column: FloatScratch
    private let outputRow: FloatScratch
    private var rowsSeen = 0
    private var nextOutput = 0

    /// `straightAlpha`: color is premultiplied by the alpha channel (found by name as
    /// `AlphaChannel` does) before filtering and divided after, as `Resize.resize` does.
    public init(sourceWidth: Int, sourceHeight: Int, width: Int, height: Int, channels: Int, channelNames: [String],
                filter: ResampleFilter, straightAlpha: Bool) throws(VFXError) {
        guard filter != .nearest else {
            throw .unsupported("streaming resize with filter 'nearest': use ops.resize on the whole image")
        }
        guard sourceWidth > 0, sourceHeight > 0, width > 0, height > 0, channels > 0 else {
            throw .invalidArgument(name: "resize", message: "sizes must be positive, got \(width)x\(height)")
        }
        _ = try ImageLimits.byteCount(width: width, height: height, channels: channels, format: .f32)
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.width = width
        self.height = height
        self.channels = channels
        columns = .resize(from: sourceWidth, to: width, filter: filter)
        rows = .resize(from: sourceHeight, to: height, filter: filter)
        horizontalFirst = SeparablePass.horizontalFirst(columns: columns, rows: rows, channels: channels)
        self.straightAlpha = straightAlpha ? AlphaChannel.index(names: channelNames, channels: channels) : nil
        ringValues = (horizontalFirst ? width : sourceWidth) * channels
        ring = FloatScratch(rows.taps * ringValues)
        sourceRow = FloatScratch(sourceWidth * channels)
        column = FloatScratch(sourceWidth * channels)
        outputRow = FloatScratch(width * channels)
    }

    /// Output rows done so far.
    public var rowsDone: Int { nextOutput }

    /// Takes the next `band` of source rows; returns the output rows they complete (in
    /// `band`'s format, `width` wide), or nil when none is complete yet.
    public func push(_ band: Image) throws(VFXError) -> Image? {
        guard band.width == sourceWidth, band.channels == channels else {
            throw .invalidArgument(name: "band", message: "is \(band.width) wide with \(band.channels) channels; "
                + "the source is \(sourceWidth) wide with \(channels)")
        }
        guard band.height <= sourceHeight - rowsSeen else {
            throw .invalidArgument(name: "band", message: "has \(band.height) rows; only \(sourceHeight - rowsSeen) are left")
        }
        let taps = rows.taps
        let lastRow = rowsSeen + band.height - 1
        var end = nextOutput
        while end < height, Int(rows.start[end]) + taps - 1 <= lastRow { end += 1 }
        let output = end > nextOutput
            ? try Image(width: width, height: end - nextOutput, channels: channels, format: band.format) : nil
        output?.channelNames = band.channelNames
        let first = nextOutput
        let sourceValues = sourceWidth * channels, outputValues = width * channels
        var rowPointers = [UnsafePointer<Float>?](repeating: nil, count: taps)
        columns.start.withUnsafeBufferPointer { columnStart in
        columns.weights.withUnsafeBufferPointer { columnWeights in
        rows.weights.withUnsafeBufferPointer { rowWeights in
            for r in 0..<band.height {
                let s = rowsSeen + r
                let slot = ring.pointer + (s % taps) * ringValues
                let target = horizontalFirst ? sourceRow.pointer : slot
                PixelLoader.load(band, offset: r * sourceValues, count: sourceValues, into: target)
                if let alpha = straightAlpha {
                    AlphaMath.premultiply(target, pixels: sourceWidth, channels: channels, alpha: alpha)
                }
                if horizontalFirst {
                    vfx_resample_row(UnsafePointer(sourceRow.pointer), slot, width, Int32(channels),
                                     columnStart.baseAddress, columnWeights.baseAddress, Int32(columns.taps))
                }
                while nextOutput < end, Int(rows.start[nextOutput]) + taps - 1 <= s {
                    let y = nextOutput
                    let start = Int(rows.start[y])
                    for t in 0..<taps {
                        rowPointers[t] = UnsafePointer(ring.pointer + ((start + t) % taps) * ringValues)
                    }
                    rowPointers.withUnsafeBufferPointer { list in
                        if horizontalFirst {
                            vfx_resample_column(list.baseAddress, rowWeights.baseAddress! + y * taps, Int32(taps),
                                                outputRow.pointer, outputValues)
                        } else {
                            vfx_resample_column(list.baseAddress, rowWeights.baseAddress! + y * taps, Int32(taps),
                                                column.pointer, sourceValues)
                            vfx_resample_row(UnsafePointer(column.pointer), outputRow.pointer, width, Int32(channels),
                                             columnStart.baseAddress, columnWeights.baseAddress, Int32(columns.taps))
                        }
                    }
                    if let alpha = straightAlpha {
                        AlphaMath.unpremultiply(outputRow.pointer, pixels: width, channels: channels, alpha: alpha)
                    }
                    if let output {
                        PixelLoader.store(UnsafePointer(outputRow.pointer), count: outputValues, into: output,
                                    offset: (y - first) * outputValues)
                    }
                    nextOutput += 1
                }
            }
        }
        }
        }
        rowsSeen += band.height
        try Cancellation.check()
        return output
    }
}
