// The fast path of PNG decoding: see cpng_decode_idat in png_decode.h.
#include "png_decode.h"

#include <libdeflate.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int fail(cpng_status *status, int code, const char *format, ...) {
    status->code = code;
    status->system_error = 0;
    va_list args;
    va_start(args, format);
    vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
    return code;
}

static unsigned char paeth(unsigned char a, unsigned char b, unsigned char c) {
    int p = (int)a + b - c;
    int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

/// Reverses the filter of one row in place; `previous` is the row above (unfiltered) or NULL.
static int unfilter(int filter, unsigned char *row, const unsigned char *previous, size_t length, size_t bpp) {
    switch (filter) {
    case 0: return 1;
    case 1:
        for (size_t i = bpp; i < length; i++) row[i] = (unsigned char)(row[i] + row[i - bpp]);
        return 1;
    case 2:
        if (previous)
            for (size_t i = 0; i < length; i++) row[i] = (unsigned char)(row[i] + previous[i]);
        return 1;
    case 3:
        for (size_t i = 0; i < length; i++) {
            unsigned a = i >= bpp ? row[i - bpp] : 0, b = previous ? previous[i] : 0;
            row[i] = (unsigned char)(row[i] + ((a + b) >> 1));
        }
        return 1;
    case 4:
        for (size_t i = 0; i < length; i++) {
            unsigned char a = i >= bpp ? row[i - bpp] : 0, b = previous ? previous[i] : 0;
            unsigned char c = (previous && i >= bpp) ? previous[i - bpp] : 0;
            row[i] = (unsigned char)(row[i] + paeth(a, b, c));
        }
        return 1;
    default: return 0;
    }
}

int cpng_decode_idat(const unsigned char *data, size_t size, size_t first_chunk, uint32_t width, uint32_t height,
                     int channels, int bit_depth, void *pixels, size_t row_bytes, cpng_status *status) {
    const size_t bytes_per_sample = (size_t)bit_depth / 8;
    const size_t bpp = (size_t)channels * bytes_per_sample;
    const size_t line = (size_t)width * bpp;
    if (line > row_bytes) return fail(status, CPNG_FALLBACK, "rows do not fit");
    // Gather the IDAT chunks (consecutive, as the PNG specification requires).
    size_t position = first_chunk, compressed = 0, chunks = 0;
    while (position <= size && size - position >= 12 && memcmp(data + position + 4, "IDAT", 4) == 0) {
        uint32_t length = be32(data + position);
        if (length > size - position - 12)
            return fail(status, CPNG_FORMAT, "truncated: an IDAT chunk of %u bytes runs past the end of the file",
                        length);
        uint32_t crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), data + position + 4, length + 4);
        if (crc != be32(data + position + 8 + length)) return fail(status, CPNG_FORMAT, "IDAT: CRC error");
        if (cpng_cancelled(status)) return CPNG_CANCELLED;
        compressed += length;
        chunks++;
        position += 12 + (size_t)length;
    }
    if (chunks == 0) return fail(status, CPNG_FALLBACK, "no IDAT chunk where expected");
    // What follows must end with IEND.
    size_t tail = position;
    int ended = 0;
    while (size - tail >= 12) {
        uint32_t length = be32(data + tail);
        if (length > size - tail - 12) break;
        if (memcmp(data + tail + 4, "IEND", 4) == 0) {
            ended = 1;
            break;
        }
        tail += 12 + (size_t)length;
    }
    if (!ended) return fail(status, CPNG_FORMAT, "truncated: the file ends before its IEND chunk");

    unsigned char *joined = NULL;
    const unsigned char *stream = data + first_chunk + 8;
    if (chunks > 1) {
        joined = malloc(compressed ? compressed : 1);
        if (!joined) return fail(status, CPNG_MEMORY, "out of memory");
        size_t at = first_chunk, filled = 0;
        for (size_t index = 0; index < chunks; index++) {
            uint32_t length = be32(data + at);
            memcpy(joined + filled, data + at + 8, length);
            filled += length;
            at += 12 + (size_t)length;
        }
        stream = joined;
    }
    // libdeflate inflates in one call, which cannot stop midway: ask before and after it
    if (cpng_cancelled(status)) {
        free(joined);
        return CPNG_CANCELLED;
    }
    const size_t expected = (line + 1) * (size_t)height;
    unsigned char *filtered = malloc(expected ? expected : 1);
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    if (!filtered || !decompressor) {
        free(joined);
        free(filtered);
        libdeflate_free_decompressor(decompressor);
        return fail(status, CPNG_MEMORY, "out of memory");
    }
    size_t produced = 0;
    enum libdeflate_result result =
        libdeflate_zlib_decompress(decompressor, stream, compressed, filtered, expected, &produced);
    libdeflate_free_decompressor(decompressor);
    free(joined);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
        // More data than the rows need: libpng tolerates that (with a warning).
        free(filtered);
        return fail(status, CPNG_FALLBACK, "extra compressed data");
    }
    if (result != LIBDEFLATE_SUCCESS || produced != expected) {
        free(filtered);
        if (result == LIBDEFLATE_SUCCESS)
            return fail(status, CPNG_FORMAT, "truncated: the image data holds %zu of %zu bytes", produced, expected);
        return fail(status, CPNG_FORMAT, "corrupt image data (the compressed stream is invalid)");
    }
    if (cpng_cancelled(status)) {
        free(filtered);
        return CPNG_CANCELLED;
    }
    const uint16_t probe = 1;
    const int swap = bytes_per_sample == 2 && *(const unsigned char *)&probe == 1;
    for (uint32_t y = 0; y < height; y++) {
        if (y % CPNG_CANCEL_ROWS == 0 && y > 0 && cpng_cancelled(status)) {
            free(filtered);
            return CPNG_CANCELLED;
        }
        unsigned char *row = filtered + (size_t)y * (line + 1);
        const unsigned char *previous = y > 0 ? row - line : NULL;
        if (!unfilter(row[0], row + 1, previous, line, bpp)) {
            free(filtered);
            return fail(status, CPNG_FORMAT, "corrupt image data: row %u has filter type %d", y, row[0]);
        }
        unsigned char *target = (unsigned char *)pixels + (size_t)y * row_bytes;
        if (swap) {
            for (size_t i = 0; i + 1 < line; i += 2) {
                target[i] = row[1 + i + 1];
                target[i + 1] = row[1 + i];
            }
        } else {
            memcpy(target, row + 1, line);
        }
    }
    free(filtered);
    return CPNG_OK;
}
