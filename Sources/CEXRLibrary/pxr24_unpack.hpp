// The inverse of OpenEXR's PXR24 pre-pass for the reader (core_read.cpp), after the chunk
// was inflated with libdeflate instead of OpenEXRCore's zlib.
#pragma once
#include <openexr.h>

#include <cstddef>
#include <cstdint>

namespace cexr {

/// The bytes a PXR24 chunk inflates to for `decode`'s channels and lines: each line of each
/// channel stored on it, as 2 (half), 3 (float, its top 24 bits) or 4 (uint) byte planes.
size_t pxr24PackedBytes(const exr_decode_pipeline_t &decode);

/// `in` (`n` bytes as inflated) back into the chunk's uncompressed layout (`out`, the
/// decoder's unpacked buffer of `outBytes`): per line and channel, the planes joined into
/// values and their running sum taken (each plane stores the difference to the value before).
/// False when the planes or the values would run past either buffer.
bool pxr24Unpack(const exr_decode_pipeline_t &decode, const uint8_t *in, size_t n, uint8_t *out, size_t outBytes);

} // namespace cexr
