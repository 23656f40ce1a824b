// PIZ as OpenEXR stores it: two 16-bit numbers (the first and last bitmap byte stored),
// those bitmap bytes (which 16-bit values occur), a 32-bit length and the Huffman stream of
// the chunk's words, channel after channel (each channel all its lines; a float or uint value
// is two words, each wavelet-coded on its own). Values were mapped to 0..n-1 through the
// bitmap (range compression) before the wavelet. The Huffman and wavelet decoders are the
// C++ library's exported Imf::hufUncompress / hufCompress and Imf::wav2Decode / wav2Encode;
// the rest is here, both ways.
#include "piz.hpp"

#include "core_lines.hpp"

#include <ImfHuf.h>
#include <ImfWav.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <exception>
#include <stdexcept>

namespace cexr {

namespace {

constexpr size_t valueRange = 65536;
constexpr size_t bitmapBytes = valueRange / 8;

/// Whether the bitmap marks `value` as used (zero always is).
inline bool marked(const uint8_t *bitmap, size_t value) {
    return value == 0 || (bitmap[value >> 3] & (1u << (value & 7)));
}

/// The table from the coded values 0..n back to the 16-bit values the bitmap marks; returns
/// n, the largest coded value.
uint16_t reverseTable(const uint8_t *bitmap, uint16_t *table) {
    size_t count = 0;
    for (size_t value = 0; value < valueRange; ++value) {
        if (marked(bitmap, value)) table[count++] = static_cast<uint16_t>(value);
    }
    const size_t largest = count - 1;
    while (count < valueRange) table[count++] = 0;
    return static_cast<uint16_t>(largest);
}

/// The table from the 16-bit values the bitmap marks to 0..n-1; returns n.
uint16_t forwardTable(const uint8_t *bitmap, uint16_t *table) {
    size_t count = 0;
    for (size_t value = 0; value < valueRange; ++value) {
        table[value] = marked(bitmap, value) ? static_cast<uint16_t>(count++) : 0;
    }
    return static_cast<uint16_t>(count - 1);
}

} // namespace

size_t pizEncode(const ZipRows &rows, int first, int last, uint8_t *out, PizScratch &scratch) {
    const size_t width = static_cast<size_t>(rows.width), lines = static_cast<size_t>(last - first + 1);
    const size_t perValue = rows.valueBytes / 2, channels = static_cast<size_t>(rows.channels);
    const size_t rowWords = width * channels * perValue, channelWords = width * perValue * lines;
    const size_t words = rowWords * lines;
    if (words > static_cast<size_t>(INT_MAX) / 2) throw std::length_error("chunk too large for PIZ");
    if (scratch.values.size() < words + rowWords) scratch.values.resize(words + rowWords);
    if (scratch.lut.size() < valueRange) scratch.lut.resize(valueRange);
    uint16_t *values = scratch.values.data(), *row = values + words;
    // channel after channel, each all its lines (a float is two words, low first)
    for (size_t line = 0; line < lines; ++line) {
        planarRow(rows, first + static_cast<int>(line), reinterpret_cast<char *>(row));
        for (size_t c = 0; c < channels; ++c)
            std::memcpy(values + c * channelWords + line * width * perValue, row + c * width * perValue,
                        width * perValue * 2);
    }
    uint8_t bitmap[bitmapBytes] = {};
    for (size_t i = 0; i < words; ++i) bitmap[values[i] >> 3] |= static_cast<uint8_t>(1u << (values[i] & 7));
    bitmap[0] &= 0xfe; // zero is always in the table, never stored
    size_t low = bitmapBytes - 1, high = 0;
    for (size_t i = 0; i < bitmapBytes; ++i) {
        if (!bitmap[i]) continue;
        low = std::min(low, i);
        high = std::max(high, i);
    }
    uint16_t *table = scratch.lut.data();
    const uint16_t largest = forwardTable(bitmap, table);
    for (size_t i = 0; i < words; ++i) values[i] = table[values[i]];
    const uint16_t first16 = static_cast<uint16_t>(low), last16 = static_cast<uint16_t>(high);
    std::memcpy(out, &first16, 2);
    std::memcpy(out + 2, &last16, 2);
    size_t at = 4;
    if (low <= high) {
        std::memcpy(out + at, bitmap + low, high - low + 1);
        at += high - low + 1;
    }
    for (size_t c = 0; c < channels; ++c) {
        for (size_t word = 0; word < perValue; ++word)
            Imf::wav2Encode(values + c * channelWords + word, static_cast<int>(width), static_cast<int>(perValue),
                            static_cast<int>(lines), static_cast<int>(width * perValue), largest);
    }
    const int huffman = Imf::hufCompress(values, static_cast<int>(words), reinterpret_cast<char *>(out + at + 4));
    const uint32_t length = static_cast<uint32_t>(huffman);
    std::memcpy(out + at, &length, 4);
    return at + 4 + length;
}

const char *pizDecode(const exr_decode_pipeline_t &decode, const uint8_t *packed, size_t packedBytes, uint8_t *out,
                      size_t outBytes, PizScratch &scratch) {
    // the words the channels hold, which the Huffman stream must fill exactly
    size_t words = 0;
    for (int c = 0; c < decode.channel_count; ++c) {
        const exr_coding_channel_info_t &channel = decode.channels[c];
        if (channel.width < 0 || channel.height < 0 || channel.bytes_per_element % 2 != 0)
            return "a channel the PIZ decoder cannot hold";
        words += static_cast<size_t>(channel.width) * static_cast<size_t>(channel.height)
            * static_cast<size_t>(channel.bytes_per_element / 2);
    }
    if (words * 2 != outBytes || words > static_cast<size_t>(INT_MAX)) return "PIZ chunk size mismatch";
    if (packedBytes < 4 || packedBytes > static_cast<size_t>(INT_MAX)) return "corrupt PIZ data";
    try {
        if (scratch.values.size() < words) scratch.values.resize(words);
        if (scratch.lut.size() < valueRange) scratch.lut.resize(valueRange);
    } catch (...) {
        return "out of memory";
    }
    uint8_t bitmap[bitmapBytes] = {};
    uint16_t first, last;
    std::memcpy(&first, packed, 2);
    std::memcpy(&last, packed + 2, 2);
    size_t at = 4;
    if (last >= bitmapBytes) return "corrupt PIZ data";
    if (first <= last) {
        const size_t count = static_cast<size_t>(last) - first + 1;
        if (count > packedBytes - at) return "corrupt PIZ data";
        std::memcpy(bitmap + first, packed + at, count);
        at += count;
    }
    uint16_t *table = scratch.lut.data();
    const uint16_t largest = reverseTable(bitmap, table);
    uint32_t huffmanBytes;
    if (packedBytes - at < 4) return "corrupt PIZ data";
    std::memcpy(&huffmanBytes, packed + at, 4);
    at += 4;
    if (huffmanBytes > packedBytes - at) return "corrupt PIZ data";
    uint16_t *values = scratch.values.data();
    try {
        Imf::hufUncompress(reinterpret_cast<const char *>(packed + at), static_cast<int>(huffmanBytes), values,
                           static_cast<int>(words));
        uint16_t *channelValues = values;
        for (int c = 0; c < decode.channel_count; ++c) {
            const exr_coding_channel_info_t &channel = decode.channels[c];
            const int perValue = channel.bytes_per_element / 2;
            for (int word = 0; word < perValue; ++word)
                Imf::wav2Decode(channelValues + word, channel.width, perValue, channel.height,
                                perValue * channel.width, largest);
            channelValues += static_cast<size_t>(channel.width) * channel.height * perValue;
        }
    } catch (const std::exception &) {
        return "corrupt PIZ data";
    } catch (...) {
        return "corrupt PIZ data";
    }
    for (size_t i = 0; i < words; ++i) values[i] = table[values[i]];
    // channel-major words back into line-major bytes (little-endian, as on this machine)
    size_t written = 0;
    for (int line = 0; line < decode.chunk.height; ++line) {
        const int y = line + decode.chunk.start_y;
        const uint16_t *channelValues = values;
        for (int c = 0; c < decode.channel_count; ++c) {
            const exr_coding_channel_info_t &channel = decode.channels[c];
            const size_t rowBytes = static_cast<size_t>(channel.width) * channel.bytes_per_element;
            const size_t channelBytes = rowBytes * static_cast<size_t>(channel.height);
            if (rowBytes != 0 && channelStoresLine(channel, y)) {
                const size_t row = static_cast<size_t>(channel.y_samples > 1 ? line / channel.y_samples : line);
                if (row >= static_cast<size_t>(channel.height) || rowBytes > outBytes - written)
                    return "PIZ chunk size mismatch";
                std::memcpy(out + written, reinterpret_cast<const uint8_t *>(channelValues) + row * rowBytes, rowBytes);
                written += rowBytes;
            }
            channelValues += channelBytes / 2;
        }
    }
    return written == outBytes ? nullptr : "PIZ chunk size mismatch";
}

} // namespace cexr
