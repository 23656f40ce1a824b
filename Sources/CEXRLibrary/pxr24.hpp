// OpenEXR's PXR24 pre-pass for the libdeflate writer (fast_write.cpp), and its inverse for
// the reader (core_read.cpp), after the chunk was inflated with libdeflate instead of
// OpenEXRCore's zlib.
#pragma once
#include "zip_predict.hpp"

#include <openexr.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cexr {

/// The bytes a PXR24 chunk inflates to for `decode`'s channels and lines: each line of each
/// channel stored on it, as 2 (half), 3 (float, its top 24 bits) or 4 (uint) byte planes.
size_t pxr24PackedBytes(const exr_decode_pipeline_t &decode);

/// `in` (`n` bytes as inflated) back into the chunk's uncompressed layout (`out`, the
/// decoder's unpacked buffer of `outBytes`): per line and channel, the planes joined into
/// values and their running sum taken (each plane stores the difference to the value before).
/// False when the planes or the values would run past either buffer.
bool pxr24Unpack(const exr_decode_pipeline_t &decode, const uint8_t *in, size_t n, uint8_t *out, size_t outBytes);

/// The bytes `pxr24Pack` makes of `lines` rows of `rows`: 2 per half value, 3 per float.
inline size_t pxr24PackedBytes(const ZipRows &rows, int lines) {
    return static_cast<size_t>(rows.width) * static_cast<size_t>(rows.channels) * static_cast<size_t>(lines)
        * (rows.valueBytes == 2 ? 2 : 3);
}

/// OpenEXR's PXR24 pre-pass over rows `first`..`last` of `rows` (half or float values):
/// line by line, channel by channel in file order, each value (a float first rounded to its
/// top 24 bits) as its difference to the one before, in byte planes. `out` holds
/// pxr24PackedBytes; `scratch` is resized to one planar row.
void pxr24Pack(const ZipRows &rows, int first, int last, uint8_t *out, std::vector<uint16_t> &scratch);

} // namespace cexr
