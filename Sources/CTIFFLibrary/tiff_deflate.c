// Predictor + Deflate for one TIFF strip or tile, as libtiff writes them: see CTIFF.h.
#include "CTIFF.h"

#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/// Horizontal differencing (predictor 2) of one row, sample by sample, from the end.
static void horizontal(unsigned char *row, size_t row_bytes, size_t stride, int bytes_per_sample) {
    if (bytes_per_sample == 1) {
        for (size_t i = row_bytes; i-- > stride;) row[i] = (unsigned char)(row[i] - row[i - stride]);
    } else if (bytes_per_sample == 2) {
        uint16_t *words = (uint16_t *)row;
        size_t count = row_bytes / 2;
        for (size_t i = count; i-- > stride;) words[i] = (uint16_t)(words[i] - words[i - stride]);
    } else {
        uint32_t *words = (uint32_t *)row;
        size_t count = row_bytes / 4;
        for (size_t i = count; i-- > stride;) words[i] = words[i] - words[i - stride];
    }
}

/// The floating-point predictor (3) of one row: the bytes of every sample regrouped into
/// planes, most significant first, then byte differencing across the row.
static void floating_point(unsigned char *row, size_t row_bytes, size_t stride, int bytes_per_sample,
                           unsigned char *scratch) {
    const size_t bps = (size_t)bytes_per_sample;
    const size_t count = row_bytes / bps;
    memcpy(scratch, row, row_bytes);
    const uint16_t probe = 1;
    const int little_endian = *(const unsigned char *)&probe == 1;
    for (size_t sample = 0; sample < count; sample++)
        for (size_t byte = 0; byte < bps; byte++) {
            size_t plane = little_endian ? bps - byte - 1 : byte;
            row[plane * count + sample] = scratch[bps * sample + byte];
        }
    for (size_t i = row_bytes; i-- > stride;) row[i] = (unsigned char)(row[i] - row[i - stride]);
}

unsigned char *ctiff_deflate_chunk(unsigned char *data, size_t rows, size_t row_bytes, int samples_per_pixel,
                                   int bytes_per_sample, int predictor, int level, size_t *out_size) {
    *out_size = 0;
    const size_t stride = (size_t)samples_per_pixel;
    if (predictor == 3) {
        unsigned char *scratch = malloc(row_bytes ? row_bytes : 1);
        if (!scratch) return NULL;
        for (size_t row = 0; row < rows; row++)
            floating_point(data + row * row_bytes, row_bytes, stride, bytes_per_sample, scratch);
        free(scratch);
    } else if (predictor == 2) {
        for (size_t row = 0; row < rows; row++) horizontal(data + row * row_bytes, row_bytes, stride, bytes_per_sample);
    }
    // libdeflate (which Debian's libtiff itself uses for Deflate) writes the same zlib
    // format as zlib, several times faster.
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (!compressor) return NULL;
    size_t size = rows * row_bytes;
    size_t capacity = libdeflate_zlib_compress_bound(compressor, size);
    unsigned char *out = malloc(capacity ? capacity : 1);
    size_t written = out ? libdeflate_zlib_compress(compressor, data, size, out, capacity) : 0;
    libdeflate_free_compressor(compressor);
    if (written == 0) {
        free(out);
        return NULL;
    }
    *out_size = written;
    return out;
}

void ctiff_free(void *pointer) { free(pointer); }
