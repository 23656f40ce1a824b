import VFXCore

/// DPX by bands: the file is raw rows at a fixed stride, so a band is decoded straight
/// from its rows of the mapped file (the same row decoder as a whole read, in parallel),
/// at a cost in proportion to the band.
final class DPXRegionReader: RegionReader {
    let info: ImageInfo
    var chunkRows: Int { 1 }
    private let opened: DPXReader.Opened

    init(path: String, subimage: Int) throws(VFXError) {
        opened = try DPXReader.Opened(path: path, subimage: subimage)
        try opened.header.checkData(of: opened.element, layout: opened.layout, file: opened.file)
        info = opened.info
    }

    func read(rows: Range<Int>, format: PixelFormat?) throws(VFXError) -> Image {
        try Streaming.checkRows(rows, height: info.height)
        try Cancellation.check()
        let image = try opened.decode(rows: rows, format: format ?? info.pixelFormat, path: opened.file.path)
        // The band's pages of the mapping would stay resident until the reader goes.
        opened.file.dropResidentPages()
        return image
    }
}
