// Filtering and deflating PNG image data in independent pieces: see CPNG.h.
#include "CPNG.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned int magnitude(unsigned char value) { return value < 128 ? value : 256u - value; }

static unsigned char paeth(unsigned char a, unsigned char b, unsigned char c) {
    int p = (int)a + b - c;
    int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc) return a;
    return pb <= pc ? b : c;
}

/// One row in file byte order (16-bit samples big-endian).
static void file_order(const unsigned char *source, size_t row_bytes, int bytes_per_sample, unsigned char *target) {
    if (bytes_per_sample == 1) {
        memcpy(target, source, row_bytes);
        return;
    }
    for (size_t i = 0; i + 1 < row_bytes; i += 2) {
        uint16_t value;
        memcpy(&value, source + i, 2);
        target[i] = (unsigned char)(value >> 8);
        target[i + 1] = (unsigned char)(value & 0xFF);
    }
}

void cpng_filter_rows(const void *pixels, size_t row_bytes, int bytes_per_sample, int bytes_per_pixel,
                      uint32_t first, uint32_t count, unsigned char *out) {
    unsigned char *previous = calloc(row_bytes, 1);
    unsigned char *current = malloc(row_bytes);
    unsigned char *candidates = malloc(5 * row_bytes);
    if (!previous || !current || !candidates) {
        // Without scratch memory, fall back to filter 0 (None), which needs none.
        for (uint32_t row = 0; row < count; row++) {
            unsigned char *line = out + (size_t)row * (row_bytes + 1);
            line[0] = 0;
            file_order((const unsigned char *)pixels + (size_t)(first + row) * row_bytes, row_bytes, bytes_per_sample,
                       line + 1);
        }
        free(previous);
        free(current);
        free(candidates);
        return;
    }
    const size_t bpp = (size_t)bytes_per_pixel;
    if (first > 0)
        file_order((const unsigned char *)pixels + (size_t)(first - 1) * row_bytes, row_bytes, bytes_per_sample, previous);
    for (uint32_t row = 0; row < count; row++) {
        file_order((const unsigned char *)pixels + (size_t)(first + row) * row_bytes, row_bytes, bytes_per_sample, current);
        unsigned int sums[5] = {0, 0, 0, 0, 0};
        unsigned char *none = candidates, *sub = candidates + row_bytes, *up = candidates + 2 * row_bytes;
        unsigned char *average = candidates + 3 * row_bytes, *best = candidates + 4 * row_bytes;
        for (size_t i = 0; i < row_bytes; i++) {
            unsigned char x = current[i];
            unsigned char a = i >= bpp ? current[i - bpp] : 0;
            unsigned char b = previous[i];
            unsigned char c = i >= bpp ? previous[i - bpp] : 0;
            none[i] = x;
            sub[i] = (unsigned char)(x - a);
            up[i] = (unsigned char)(x - b);
            average[i] = (unsigned char)(x - ((a + b) >> 1));
            best[i] = (unsigned char)(x - paeth(a, b, c));
            sums[0] += magnitude(none[i]);
            sums[1] += magnitude(sub[i]);
            sums[2] += magnitude(up[i]);
            sums[3] += magnitude(average[i]);
            sums[4] += magnitude(best[i]);
        }
        int chosen = 0;
        for (int filter = 1; filter < 5; filter++)
            if (sums[filter] < sums[chosen]) chosen = filter;
        unsigned char *line = out + (size_t)row * (row_bytes + 1);
        line[0] = (unsigned char)chosen;
        memcpy(line + 1, candidates + (size_t)chosen * row_bytes, row_bytes);
        unsigned char *swap = previous;
        previous = current;
        current = swap;
    }
    free(previous);
    free(current);
    free(candidates);
}

unsigned char *cpng_deflate_piece(const unsigned char *data, size_t size, const unsigned char *dictionary,
                                  size_t dictionary_size, int level, int last, size_t *out_size,
                                  unsigned long *adler) {
    *out_size = 0;
    *adler = adler32(0L, Z_NULL, 0);
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    if (dictionary_size > 0 && level > 0) {
        size_t keep = dictionary_size > 32768 ? 32768 : dictionary_size;
        deflateSetDictionary(&stream, dictionary + dictionary_size - keep, (uInt)keep);
    }
    size_t capacity = deflateBound(&stream, (uLong)size) + 64;
    unsigned char *out = malloc(capacity);
    if (!out) {
        deflateEnd(&stream);
        return NULL;
    }
    unsigned long checksum = adler32(0L, Z_NULL, 0);
    const unsigned char *next = data;
    size_t remaining = size;
    // zlib counts in uInt: feed at most 1 GiB at a time.
    stream.next_out = out;
    stream.avail_out = (uInt)capacity;
    int status = Z_OK;
    do {
        uInt step = remaining > (1u << 30) ? (1u << 30) : (uInt)remaining;
        checksum = adler32(checksum, next, step);
        stream.next_in = (Bytef *)next;
        stream.avail_in = step;
        next += step;
        remaining -= step;
        int flush = remaining > 0 ? Z_NO_FLUSH : (last ? Z_FINISH : Z_SYNC_FLUSH);
        status = deflate(&stream, flush);
    } while (remaining > 0 && status == Z_OK);
    int complete = last ? status == Z_STREAM_END : status == Z_OK && stream.avail_in == 0;
    *out_size = capacity - stream.avail_out;
    deflateEnd(&stream);
    if (!complete) {
        free(out);
        *out_size = 0;
        return NULL;
    }
    *adler = checksum;
    return out;
}

unsigned long cpng_adler32_combine(unsigned long first, unsigned long second, size_t second_size) {
    return adler32_combine(first, second, (z_off_t)second_size);
}

void cpng_free(void *pointer) { free(pointer); }
