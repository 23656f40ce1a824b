// PXR24 (Pixar's 24-bit float compression) as OpenEXR stores it, both ways: a chunk's lines, each
// line's channels in file order, each channel's values as the difference to the value before
// (the first to zero), split into byte planes most significant first. Float values keep
// their top 24 bits (the writer rounded them), so they come back with the low byte zero.
// Lines a channel's y sampling skips hold nothing, with OpenEXRCore's rule for which those are.
// The running sums are taken eight values at a time with SSE2.
#include "pxr24.hpp"

#include "core_lines.hpp"

#include <cstring>
#include <emmintrin.h>

namespace cexr {

namespace {

/// Whether `channel` has values on line `y` of the chunk (none when it has no lines here).
inline bool storesLine(const exr_coding_channel_info_t &channel, int y) {
    return channel.height != 0 && channelStoresLine(channel, y);
}

/// The values on one line of `channel`.
inline size_t widthOf(const exr_coding_channel_info_t &channel) {
    return channel.width > 0 ? static_cast<size_t>(channel.width) : 0;
}

/// The bytes one line of `channel` takes inflated (planes) and unpacked (values).
inline size_t planeBytes(const exr_coding_channel_info_t &channel) {
    return widthOf(channel) * (channel.data_type == EXR_PIXEL_FLOAT ? 3 : channel.data_type == EXR_PIXEL_HALF ? 2 : 4);
}

inline size_t valueBytes(const exr_coding_channel_info_t &channel) {
    return widthOf(channel) * (channel.data_type == EXR_PIXEL_HALF ? 2 : 4);
}

/// Running sums of 16-bit lanes (each lane plus every lane below it), plus `carry` (the
/// sum so far in every lane).
inline __m128i runningSum16(__m128i v, __m128i carry) {
    v = _mm_add_epi16(v, _mm_slli_si128(v, 2));
    v = _mm_add_epi16(v, _mm_slli_si128(v, 4));
    v = _mm_add_epi16(v, _mm_slli_si128(v, 8));
    return _mm_add_epi16(v, carry);
}

inline __m128i runningSum32(__m128i v, __m128i carry) {
    v = _mm_add_epi32(v, _mm_slli_si128(v, 4));
    v = _mm_add_epi32(v, _mm_slli_si128(v, 8));
    return _mm_add_epi32(v, carry);
}

/// Two planes of `width` bytes (high, low) into half values, their running sum; eight
/// values at a time.
void joinHalf(const uint8_t *high, const uint8_t *low, size_t width, uint8_t *out) {
    size_t x = 0;
    __m128i carry = _mm_setzero_si128();
    for (; x + 8 <= width; x += 8) {
        __m128i diffs = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(low + x)),
                                          _mm_loadl_epi64(reinterpret_cast<const __m128i *>(high + x)));
        __m128i values = runningSum16(diffs, carry);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 2 * x), values);
        carry = _mm_shufflehi_epi16(values, _MM_SHUFFLE(3, 3, 3, 3));
        carry = _mm_unpackhi_epi64(carry, carry);
    }
    uint16_t value = static_cast<uint16_t>(_mm_cvtsi128_si32(carry));
    for (; x < width; ++x) {
        value = static_cast<uint16_t>(value + ((high[x] << 8) | low[x]));
        std::memcpy(out + 2 * x, &value, 2);
    }
}

/// Three or four planes into 32-bit values (float: the planes are its top 24 bits, the
/// fourth byte zero); eight values at a time.
void join32(const uint8_t *const plane[4], int planes, size_t width, uint8_t *out) {
    size_t x = 0;
    __m128i carry = _mm_setzero_si128();
    const __m128i zero = _mm_setzero_si128();
    for (; x + 8 <= width; x += 8) {
        __m128i b3 = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(plane[0] + x));
        __m128i b2 = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(plane[1] + x));
        __m128i b1 = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(plane[2] + x));
        __m128i b0 = planes == 4 ? _mm_loadl_epi64(reinterpret_cast<const __m128i *>(plane[3] + x)) : zero;
        __m128i top = _mm_unpacklo_epi8(b2, b3), bottom = _mm_unpacklo_epi8(b0, b1);
        __m128i first = runningSum32(_mm_unpacklo_epi16(bottom, top), carry);
        carry = _mm_shuffle_epi32(first, _MM_SHUFFLE(3, 3, 3, 3));
        __m128i second = runningSum32(_mm_unpackhi_epi16(bottom, top), carry);
        carry = _mm_shuffle_epi32(second, _MM_SHUFFLE(3, 3, 3, 3));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 4 * x), first);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 4 * x + 16), second);
    }
    uint32_t value = static_cast<uint32_t>(_mm_cvtsi128_si32(carry));
    for (; x < width; ++x) {
        uint32_t diff = (static_cast<uint32_t>(plane[0][x]) << 24) | (static_cast<uint32_t>(plane[1][x]) << 16)
            | (static_cast<uint32_t>(plane[2][x]) << 8);
        if (planes == 4) diff |= plane[3][x];
        value += diff;
        std::memcpy(out + 4 * x, &value, 4);
    }
}

/// A float's top 24 bits as PXR24 keeps them: the significand rounded to 15 bits (half of
/// the dropped byte rounds up), except where rounding up would overflow to infinity (then
/// cut); infinities as they are; a NaN keeps its top significand bits, with one set so it
/// stays a NaN.
inline uint32_t float24(uint32_t bits) {
    const uint32_t sign = bits & 0x80000000u, exponent = bits & 0x7f800000u, significand = bits & 0x007fffffu;
    uint32_t kept;
    if (exponent == 0x7f800000u) {
        kept = significand ? (exponent >> 8) | (significand >> 8) | ((significand >> 8) == 0) : exponent >> 8;
    } else {
        kept = ((exponent | significand) + (significand & 0x80u)) >> 8;
        if (kept >= 0x7f8000u) kept = (exponent | significand) >> 8;
    }
    return (sign >> 8) | kept;
}

} // namespace

void pxr24Pack(const ZipRows &rows, int first, int last, uint8_t *out, std::vector<uint16_t> &scratch) {
    const size_t width = static_cast<size_t>(rows.width);
    const size_t rowWords = width * static_cast<size_t>(rows.channels) * rows.valueBytes / 2;
    if (scratch.size() < rowWords) scratch.resize(rowWords);
    const uint8_t *planar = reinterpret_cast<const uint8_t *>(scratch.data());
    for (int y = first; y <= last; ++y) {
        planarRow(rows, y, reinterpret_cast<char *>(scratch.data()));
        for (int c = 0; c < rows.channels; ++c) {
            const uint8_t *values = planar + static_cast<size_t>(c) * width * rows.valueBytes;
            if (rows.valueBytes == 2) {
                uint8_t *high = out, *low = out + width;
                uint16_t previous = 0;
                for (size_t x = 0; x < width; ++x) {
                    uint16_t value;
                    std::memcpy(&value, values + 2 * x, 2);
                    const uint16_t diff = static_cast<uint16_t>(value - previous);
                    previous = value;
                    high[x] = static_cast<uint8_t>(diff >> 8);
                    low[x] = static_cast<uint8_t>(diff);
                }
                out += 2 * width;
            } else {
                uint8_t *top = out, *middle = out + width, *bottom = out + 2 * width;
                uint32_t previous = 0;
                for (size_t x = 0; x < width; ++x) {
                    uint32_t bits;
                    std::memcpy(&bits, values + 4 * x, 4);
                    const uint32_t value = float24(bits);
                    const uint32_t diff = value - previous;
                    previous = value;
                    top[x] = static_cast<uint8_t>(diff >> 16);
                    middle[x] = static_cast<uint8_t>(diff >> 8);
                    bottom[x] = static_cast<uint8_t>(diff);
                }
                out += 3 * width;
            }
        }
    }
}

size_t pxr24PackedBytes(const exr_decode_pipeline_t &decode) {
    size_t total = 0;
    for (int line = 0; line < decode.chunk.height; ++line) {
        const int y = line + decode.chunk.start_y;
        for (int c = 0; c < decode.channel_count; ++c) {
            if (storesLine(decode.channels[c], y)) total += planeBytes(decode.channels[c]);
        }
    }
    return total;
}

bool pxr24Unpack(const exr_decode_pipeline_t &decode, const uint8_t *in, size_t n, uint8_t *out, size_t outBytes) {
    size_t read = 0, written = 0;
    for (int line = 0; line < decode.chunk.height; ++line) {
        const int y = line + decode.chunk.start_y;
        for (int c = 0; c < decode.channel_count; ++c) {
            const exr_coding_channel_info_t &channel = decode.channels[c];
            if (!storesLine(channel, y)) continue;
            const size_t width = widthOf(channel);
            const size_t planes = planeBytes(channel), values = valueBytes(channel);
            if (planes > n - read || values > outBytes - written) return false;
            const uint8_t *source = in + read;
            if (channel.data_type == EXR_PIXEL_HALF) {
                joinHalf(source, source + width, width, out + written);
            } else if (channel.data_type == EXR_PIXEL_FLOAT || channel.data_type == EXR_PIXEL_UINT) {
                const int count = channel.data_type == EXR_PIXEL_FLOAT ? 3 : 4;
                const uint8_t *plane[4] = {source, source + width, source + 2 * width,
                                           count == 4 ? source + 3 * width : nullptr};
                join32(plane, count, width, out + written);
            } else {
                return false;
            }
            read += planes;
            written += values;
        }
    }
    return true;
}

} // namespace cexr
