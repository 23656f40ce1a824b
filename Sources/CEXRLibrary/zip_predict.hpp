// OpenEXR's ZIP pre-pass for the libdeflate writer (fast_write.cpp), and its inverse for
// the reader (core_read.cpp); rows made planar, which the PXR24 pre-pass (pxr24.cpp) shares.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cexr {

/// Interleaved pixel rows as the writers' pre-passes (ZIP, PXR24) read them.
struct ZipRows {
    const char *pixels;     // the first row of the data window
    size_t yStride;         // bytes from one row to the next
    int width;              // pixels per row
    int channels;           // values per pixel, interleaved
    size_t valueBytes;      // 2 (half) or 4 (float, uint)
    const int *fileOrder;   // the image channel of each file channel (file channels are sorted by name)
};

/// Row `y` of `rows` (from its first row) made planar in file channel order: each file
/// channel's values in a row, as the little-endian bytes they are stored as. `planes` holds
/// width * channels * valueBytes bytes.
void planarRow(const ZipRows &rows, int y, char *planes);

/// OpenEXR's ZIP pre-pass over rows `first`..`last` (from the first row of `rows`): the
/// chunk's little-endian bytes (line by line, channel by channel in file order) split into
/// even bytes then odd bytes, each byte stored as its difference to the one before plus 128
/// (the first as is). `out` holds n bytes, n = 2 * words; `scratch` is resized to one row.
void zipPredict(const ZipRows &rows, int first, int last, uint8_t *out, size_t n, std::vector<uint16_t> &scratch);

/// The bytes of rows `first`..`last` as stored uncompressed (planar per line and channel).
void zipGather(const ZipRows &rows, int first, int last, uint8_t *out);

/// The inverse of the pre-pass: `n` bytes as inflated from a ZIP chunk into the chunk's
/// bytes (`out`, n bytes; not overlapping `in`).
void zipUnpredict(const uint8_t *in, size_t n, uint8_t *out);

} // namespace cexr
