// OpenEXR's ZIP pre-pass (byte split and delta predictor) and its inverse, with SSE2.
// Writing: each row is first made planar in file channel order (a 16- or 32-bit transpose
// for four channels, a plain gather for others), then split into low and high bytes and
// differenced 16 words at a time. Reading: both halves' running sums 16 bytes at a time,
// interleaved back into words.
#include "zip_predict.hpp"

#include <cstring>
#include <emmintrin.h>

namespace cexr {

namespace {

/// 64 bytes of RGBA pixels: four vectors.
struct Quad {
    __m128i a, b, c, d;
};

inline Quad load64(const char *pixels) {
    const __m128i *src = reinterpret_cast<const __m128i *>(pixels);
    return {_mm_loadu_si128(src), _mm_loadu_si128(src + 1), _mm_loadu_si128(src + 2), _mm_loadu_si128(src + 3)};
}

/// The last step of both transposes: the 16 bytes of each plane at `offset` are the
/// 64-bit halves (low, high) of the pair (ab0, ab1) for planes 0 and 1, (cd0, cd1) for 2 and 3.
inline void storePlanes(char *const plane[4], size_t offset, __m128i ab0, __m128i ab1, __m128i cd0, __m128i cd1) {
    _mm_storeu_si128(reinterpret_cast<__m128i *>(plane[0] + offset), _mm_unpacklo_epi64(ab0, ab1));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(plane[1] + offset), _mm_unpackhi_epi64(ab0, ab1));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(plane[2] + offset), _mm_unpacklo_epi64(cd0, cd1));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(plane[3] + offset), _mm_unpackhi_epi64(cd0, cd1));
}

/// Splits `count` words into low and high bytes, each the difference to the byte before
/// in its half plus 128; `previousLow`/`previousHigh` carry the last bytes across calls.
void splitAndDifference(const uint16_t *words, size_t count, uint8_t *lows, uint8_t *highs, unsigned &previousLow,
                        unsigned &previousHigh) {
    size_t i = 0;
    if (count >= 16) {
        const __m128i mask = _mm_set1_epi16(0xff), bias = _mm_set1_epi8(static_cast<char>(0x80));
        // the byte before the first one sits in the top byte of the carried vector
        __m128i lastLows = _mm_slli_si128(_mm_cvtsi32_si128(static_cast<int>(previousLow)), 15);
        __m128i lastHighs = _mm_slli_si128(_mm_cvtsi32_si128(static_cast<int>(previousHigh)), 15);
        for (; i + 16 <= count; i += 16) {
            __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(words + i));
            __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(words + i + 8));
            __m128i low = _mm_packus_epi16(_mm_and_si128(a, mask), _mm_and_si128(b, mask));
            __m128i high = _mm_packus_epi16(_mm_srli_epi16(a, 8), _mm_srli_epi16(b, 8));
            __m128i lowBefore = _mm_or_si128(_mm_slli_si128(low, 1), _mm_srli_si128(lastLows, 15));
            __m128i highBefore = _mm_or_si128(_mm_slli_si128(high, 1), _mm_srli_si128(lastHighs, 15));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(lows + i), _mm_add_epi8(_mm_sub_epi8(low, lowBefore), bias));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(highs + i), _mm_add_epi8(_mm_sub_epi8(high, highBefore), bias));
            lastLows = low;
            lastHighs = high;
        }
        previousLow = words[i - 1] & 0xff;
        previousHigh = words[i - 1] >> 8;
    }
    for (; i < count; ++i) {
        unsigned low = words[i] & 0xff, high = words[i] >> 8;
        lows[i] = static_cast<uint8_t>(low - previousLow + 128);
        highs[i] = static_cast<uint8_t>(high - previousHigh + 128);
        previousLow = low;
        previousHigh = high;
    }
}

} // namespace

void planarRow(const ZipRows &rows, int y, char *planes) {
    const char *row = rows.pixels + static_cast<size_t>(y) * rows.yStride;
    const size_t width = static_cast<size_t>(rows.width);
    const size_t planeBytes = width * rows.valueBytes;
    size_t x = 0;
    if (rows.channels == 4) {
        char *plane[4]; // by image channel
        for (int k = 0; k < 4; ++k) plane[rows.fileOrder[k]] = planes + static_cast<size_t>(k) * planeBytes;
        if (rows.valueBytes == 2) {
            // eight RGBA half pixels: a 4 x 8 transpose of 16-bit values
            for (; x + 8 <= width; x += 8) {
                Quad v = load64(row + x * 8);
                __m128i t0 = _mm_unpacklo_epi16(v.a, v.b), t1 = _mm_unpackhi_epi16(v.a, v.b);
                __m128i t2 = _mm_unpacklo_epi16(v.c, v.d), t3 = _mm_unpackhi_epi16(v.c, v.d);
                __m128i u0 = _mm_unpacklo_epi16(t0, t1), u1 = _mm_unpackhi_epi16(t0, t1);
                __m128i u2 = _mm_unpacklo_epi16(t2, t3), u3 = _mm_unpackhi_epi16(t2, t3);
                storePlanes(plane, 2 * x, u0, u2, u1, u3);
            }
        } else if (rows.valueBytes == 4) {
            // four RGBA float pixels: a 4 x 4 transpose of 32-bit values
            for (; x + 4 <= width; x += 4) {
                Quad v = load64(row + x * 16);
                __m128i t0 = _mm_unpacklo_epi32(v.a, v.b), t1 = _mm_unpackhi_epi32(v.a, v.b);
                __m128i t2 = _mm_unpacklo_epi32(v.c, v.d), t3 = _mm_unpackhi_epi32(v.c, v.d);
                storePlanes(plane, 4 * x, t0, t2, t1, t3);
            }
        }
    }
    // the rest of the row (all of it for other channel counts), value by value
    const size_t pixelBytes = rows.valueBytes * static_cast<size_t>(rows.channels);
    for (int k = 0; k < rows.channels; ++k) {
        const char *src = row + static_cast<size_t>(rows.fileOrder[k]) * rows.valueBytes;
        char *plane = planes + static_cast<size_t>(k) * planeBytes;
        for (size_t i = x; i < width; ++i)
            std::memcpy(plane + i * rows.valueBytes, src + i * pixelBytes, rows.valueBytes);
    }
}

void zipPredict(const ZipRows &rows, int first, int last, uint8_t *out, size_t n, std::vector<uint16_t> &scratch) {
    const size_t rowWords = static_cast<size_t>(rows.width) * static_cast<size_t>(rows.channels) * rows.valueBytes / 2;
    if (scratch.size() < rowWords) scratch.resize(rowWords);
    uint8_t *lows = out, *highs = out + n / 2;
    unsigned previousLow = 128, previousHigh = 128; // the first byte of each half stays as is
    for (int y = first; y <= last; ++y) {
        planarRow(rows, y, reinterpret_cast<char *>(scratch.data()));
        splitAndDifference(scratch.data(), rowWords, lows, highs, previousLow, previousHigh);
        lows += rowWords;
        highs += rowWords;
    }
    // the odd half's first byte follows the even half's last one
    if (n) out[n / 2] = static_cast<uint8_t>(out[n / 2] - previousLow + 128);
}

namespace {

/// The running sum (mod 256) of 16 bytes, each less 128, plus `carry` (every byte the
/// sum before them).
inline __m128i runningSum(__m128i bytes, __m128i carry) {
    __m128i x = _mm_xor_si128(bytes, _mm_set1_epi8(static_cast<char>(0x80))); // minus 128, mod 256
    x = _mm_add_epi8(x, _mm_slli_si128(x, 1));
    x = _mm_add_epi8(x, _mm_slli_si128(x, 2));
    x = _mm_add_epi8(x, _mm_slli_si128(x, 4));
    x = _mm_add_epi8(x, _mm_slli_si128(x, 8));
    return _mm_add_epi8(x, carry);
}

/// Byte 15 of `x` in every byte.
inline __m128i lastByte(__m128i x) {
    __m128i t = _mm_unpackhi_epi8(x, x);
    t = _mm_unpackhi_epi16(t, t);
    return _mm_shuffle_epi32(t, 0xff);
}

} // namespace

void zipUnpredict(const uint8_t *in, size_t n, uint8_t *out) {
    if (n == 0) return;
    const size_t half = (n + 1) / 2;
    size_t i = 0;
    unsigned firstCarry = 128, secondCarry = 0; // byte i's value is the byte before it + in[i] - 128
    if (n % 2 == 0 && half >= 16) {
        // the second half starts from the first half's last byte: the sum of its bytes
        // less 128 each (the first byte counts in full)
        __m128i sums = _mm_setzero_si128();
        size_t k = 0;
        for (; k + 16 <= half; k += 16)
            sums = _mm_add_epi64(sums, _mm_sad_epu8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(in + k)),
                                                    _mm_setzero_si128()));
        uint64_t total = static_cast<uint64_t>(_mm_cvtsi128_si64(sums))
            + static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
        for (; k < half; ++k) total += in[k];
        secondCarry = static_cast<unsigned>((total + 128 - 128 * half) & 0xff);
        __m128i first = _mm_set1_epi8(static_cast<char>(firstCarry));
        __m128i second = _mm_set1_epi8(static_cast<char>(secondCarry));
        for (; i + 16 <= half; i += 16) {
            __m128i a = runningSum(_mm_loadu_si128(reinterpret_cast<const __m128i *>(in + i)), first);
            __m128i b = runningSum(_mm_loadu_si128(reinterpret_cast<const __m128i *>(in + half + i)), second);
            first = lastByte(a);
            second = lastByte(b);
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 2 * i), _mm_unpacklo_epi8(a, b));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + 2 * i + 16), _mm_unpackhi_epi8(a, b));
        }
        firstCarry = static_cast<unsigned>(_mm_cvtsi128_si32(first)) & 0xff;
        secondCarry = static_cast<unsigned>(_mm_cvtsi128_si32(second)) & 0xff;
    } else {
        // the first half in full, then the second from its last byte
        unsigned value = 128;
        for (size_t k = 0; k < half; ++k) value = (value + in[k] - 128) & 0xff;
        secondCarry = value;
    }
    // the rest, byte by byte (even output bytes from the first half, odd from the second)
    for (; i < half; ++i) {
        firstCarry = (firstCarry + in[i] - 128) & 0xff;
        out[2 * i] = static_cast<uint8_t>(firstCarry);
        if (half + i < n) {
            secondCarry = (secondCarry + in[half + i] - 128) & 0xff;
            out[2 * i + 1] = static_cast<uint8_t>(secondCarry);
        }
    }
}

void zipGather(const ZipRows &rows, int first, int last, uint8_t *out) {
    const size_t rowBytes = static_cast<size_t>(rows.width) * static_cast<size_t>(rows.channels) * rows.valueBytes;
    for (int y = first; y <= last; ++y, out += rowBytes) {
        // planar words are the stored bytes on a little-endian machine (the only kind written)
        planarRow(rows, y, reinterpret_cast<char *>(out));
    }
}

} // namespace cexr
