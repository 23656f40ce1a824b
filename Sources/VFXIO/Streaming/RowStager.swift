import VFXCore

/// The staging rows of a band writer that encodes a batch of rows at a time on all cores
/// (PNG's deflate pieces, `PNGRegionWriter`; JPEG's strips, `JPEGStripBatches`): `append`
/// copies a band's rows after the ones staged, and whenever the batch is full or the
/// image's last row is in, checks Ctrl-C and lets the writer encode the staged rows,
/// then starts the next batch. The writer may keep `leadingRows` rows of its own before
/// the batch (PNG: the row above, which its filters read).
final class RowStager {
    /// Bytes a row, rows a batch, rows of the image.
    let rowBytes: Int, batchRows: Int, height: Int
    /// `leadingRows + batchRows` rows.
    let buffer: PixelBuffer
    /// The first staged row (after the leading rows).
    let batchStart: UnsafeMutableRawPointer
    /// Rows of the current batch, from `batchStart`.
    private(set) var staged = 0
    /// Rows taken so far (encoded, or staged).
    private(set) var rowsTaken = 0

    /// `batchRows` at most `height`: a batch never waits for rows past the image.
    init(rowBytes: Int, batchRows: Int, height: Int, leadingRows: Int = 0) throws(VFXError) {
        self.rowBytes = rowBytes
        self.batchRows = min(batchRows, height)
        self.height = height
        buffer = try PixelBuffer(byteCount: (leadingRows + self.batchRows) * rowBytes, zeroed: false)
        batchStart = buffer.baseAddress + leadingRows * rowBytes
    }

    /// True once the image's last row was taken: the batch being encoded is the last.
    var tookLastRow: Bool { rowsTaken == height }

    /// Copies the rows of `band` (`rowBytes` of pixels each, `band.rowBytes` apart) into
    /// the batch, calling `encode` with every batch they complete; `staged` is the batch's
    /// row count during the call and 0 after it.
    func append(_ band: Image, encode: () throws(VFXError) -> Void) throws(VFXError) {
        var row = 0
        while row < band.height {
            let count = min(band.height - row, batchRows - staged)
            let source = UnsafeRawPointer(band.pixels.baseAddress) + row * band.rowBytes
            let target = batchStart + staged * rowBytes
            if band.rowBytes == rowBytes {
                target.copyMemory(from: source, byteCount: count * rowBytes)
            } else {
                for k in 0..<count {
                    (target + k * rowBytes).copyMemory(from: source + k * band.rowBytes, byteCount: rowBytes)
                }
            }
            staged += count
            rowsTaken += count
            row += count
            if staged == batchRows || tookLastRow {
                try Cancellation.check()
                try encode()
                staged = 0
            }
        }
    }
}
