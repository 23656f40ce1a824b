// PIZ chunks for the OpenEXRCore reader (core_read.cpp): OpenEXR 3.1's C++ library decodes
// the Huffman stream with its table-driven FastHufDecoder, which OpenEXRCore 3.1's own PIZ
// path lacks (a 4K RGBA float frame: 460 ms through the C++ API, 830 ms through Core).
#pragma once
#include <openexr.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cexr {

/// A worker's buffers for PIZ chunks, kept from one chunk to the next.
struct PizScratch {
    std::vector<uint16_t> values;   // the chunk's 16-bit words, channel by channel
    std::vector<uint16_t> lut;      // the range compression's table (65536 entries)
};

/// Decodes `packed` (`packedBytes`, one PIZ chunk) into the chunk's uncompressed layout
/// (`out`, the decoder's unpacked buffer of `outBytes`): the bitmap of the 16-bit values
/// used, the Huffman-coded words, each channel's 2D Haar wavelet undone, the values
/// mapped back through the bitmap's table, then line by line, channel by channel.
/// Returns null, or what is wrong with the chunk (the decoders' exceptions are caught).
const char *pizDecode(const exr_decode_pipeline_t &decode, const uint8_t *packed, size_t packedBytes, uint8_t *out,
                      size_t outBytes, PizScratch &scratch);

} // namespace cexr
