// PIZ chunks both ways: for the OpenEXRCore reader (core_read.cpp), where OpenEXR 3.1's C++
// library decodes the Huffman stream with its table-driven FastHufDecoder, which
// OpenEXRCore 3.1's own PIZ path lacks (a 4K RGBA float frame: 460 ms through the C++ API,
// 830 ms through Core); and for the parallel writer (fast_write.cpp).
#pragma once
#include "zip_predict.hpp"

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

/// The most bytes `pizEncode` writes for `lines` rows of `rows`: the bitmap's bounds and
/// bytes, the Huffman length, and what Imf::hufCompress may write for n words (2n + 65536).
inline size_t pizEncodedBound(const ZipRows &rows, int lines) {
    const size_t bytes = static_cast<size_t>(rows.width) * static_cast<size_t>(rows.channels) * rows.valueBytes
        * static_cast<size_t>(lines);
    return 4 + 8192 + 4 + bytes + 65536;
}

/// OpenEXR's PIZ encoding of rows `first`..`last` of `rows` (all channels half, or all
/// float): each channel's words gathered (channel after channel in file order, line after
/// line), the bitmap of the values used and their mapping to 0..n-1, each channel's 2D
/// Haar wavelet, then the Huffman stream (Imf::wav2Encode, Imf::hufCompress). Writes at most
/// pizEncodedBound bytes to `out` and returns how many; throws what the C++ library throws.
size_t pizEncode(const ZipRows &rows, int first, int last, uint8_t *out, PizScratch &scratch);

} // namespace cexr
