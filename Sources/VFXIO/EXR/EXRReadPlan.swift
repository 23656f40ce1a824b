import CEXR
import VFXCore

/// Which channels a read decodes, in which order and storage format, and the checks of
/// the header's claimed size made before allocating.
struct EXRReadPlan {
    let path: String
    let channels: [EXRFile.Channel]
    let pixelFormat: PixelFormat
    let part: EXRFile.Part

    init(path: String, part: EXRFile.Part, layer: String?) throws(VFXError) {
        self.path = path
        self.part = part
        let names = part.channels.map(\.name)
        let order = EXRChannelOrder.ordered(names, layer: layer)
        guard !order.isEmpty else {
            if let layer {
                let layers = EXRChannelOrder.layers(of: names).map { $0.isEmpty ? "'' (no layer)" : "'\($0)'" }
                throw .invalidArgument(name: "layer", message: "'\(layer)' is not in \(path); its layers: "
                    + layers.joined(separator: ", "))
            }
            throw .format(path: path, message: "the part has no channels")
        }
        channels = order.map { part.channels[$0] }
        pixelFormat = channels.allSatisfy { $0.type == Int32(CEXR_HALF) } ? .f16 : .f32
        let window = part.dataWindow
        guard window.xMax >= window.xMin, window.yMax >= window.yMin else {
            throw .format(path: path, message: "the data window (\(window.xMin), \(window.yMin), \(window.xMax), "
                + "\(window.yMax)) is empty")
        }
    }

    /// True when the Core reader can decode the part straight into the image: a known
    /// compression (DWA, B44 and RLE chunks go through the C++ library's codecs there,
    /// core_read.cpp) and channel types. Half and uint channels of a float image are
    /// converted as they are unpacked (exactly, as the C++ API does: every half is a float,
    /// a uint rounds to the nearest float).
    var canUseCore: Bool {
        guard part.compression != nil else { return false }
        let types: Set<Int32> = [Int32(CEXR_HALF), Int32(CEXR_FLOAT), Int32(CEXR_UINT)]
        return channels.allSatisfy { types.contains($0.type) }
    }

    /// Checks the claimed size against `ImageLimits` (before anything is allocated).
    /// OpenEXR's decoder also holds whole chunks, in and out, of every channel the part
    /// has (a DWAA chunk is 32 rows even in a 1-row image): those count as well.
    func checkSize() throws(VFXError) {
        let window = part.dataWindow
        let chunkRows = part.isTiled ? max(1, part.tileHeight) : (part.compression?.linesPerChunk ?? 1)
        let chunkWidth = part.isTiled ? max(1, part.tileWidth) : window.width
        do {
            _ = try ImageLimits.byteCount(width: window.width, height: window.height, channels: channels.count,
                                          format: pixelFormat)
            _ = try ImageLimits.byteCount(width: chunkWidth, height: 2 * chunkRows,
                                          channels: max(1, min(part.channels.count, ImageLimits.maxChannels)),
                                          format: .f32)
        } catch {
            switch error {
            case .outOfMemory(let message): throw .outOfMemory("\(path): \(message)")
            case .invalidArgument(_, let message): throw .format(path: path, message: "the header claims an image whose \(message)")
            default: throw error
            }
        }
    }

    /// Refuses headers whose chunk count cannot fit in the file (each chunk needs at
    /// least an 8-byte offset), before any pixel memory is allocated.
    func checkPlausible(fileSize: Int) throws(VFXError) {
        let window = part.dataWindow
        let chunks: Int
        if part.isTiled, part.tileWidth > 0, part.tileHeight > 0 {
            let (tiles, tileOverflow) = ((window.width + part.tileWidth - 1) / part.tileWidth)
                .multipliedReportingOverflow(by: (window.height + part.tileHeight - 1) / part.tileHeight)
            chunks = tileOverflow ? Int.max / 8 + 1 : tiles
        } else {
            let lines = part.compression?.linesPerChunk ?? 1
            chunks = (window.height + lines - 1) / lines
        }
        let (needed, overflow) = chunks.multipliedReportingOverflow(by: 8)
        if overflow || needed > fileSize {
            throw .format(path: path, message: "truncated or corrupt: the header claims a \(window.width)x"
                + "\(window.height) image in \(chunks) chunks, but the file holds only \(fileSize) bytes")
        }
    }

    /// The part's attributes plus vfxpy's generic keys.
    func metadata(_ part: EXRFile.Part) -> Metadata {
        var metadata = part.attributes
        metadata["bit_depth"] = .int(pixelFormat == .f16 ? 16 : 32)
        metadata["dataWindow"] = part.dataWindow.metadata
        metadata["displayWindow"] = part.displayWindow.metadata
        if let compression = part.compression { metadata["compression"] = .string(compression.rawValue) }
        return metadata
    }
}
