// Internal to libvfxrun-png.so (png_shim.c): decoding the image data of a plain PNG (not interlaced, 8 or 16-bit
// gray/gray+alpha/RGB/RGBA, no transparency chunk to expand) without libpng's row
// machinery: the IDAT chunks are CRC-checked and inflated in one call with libdeflate
// (several times faster than zlib), then the rows are unfiltered into the image.
#ifndef CPNG_DECODE_H
#define CPNG_DECODE_H

#include "CPNG.h"

/// Not decodable by the fast path (e.g. extra compressed data): use libpng instead.
enum { CPNG_FALLBACK = 100 };

/// 1 once the cancel check (cpng_set_cancel_check) says stop; then `status` holds
/// CPNG_CANCELLED. Asked every `CPNG_CANCEL_ROWS` rows.
int cpng_cancelled(cpng_status *status);
enum { CPNG_CANCEL_ROWS = 32 };

/// Decodes the IDAT chunks starting at `data[first_chunk]` (a chunk's length field).
/// Returns CPNG_OK, CPNG_FORMAT, CPNG_MEMORY or CPNG_CANCELLED (with `status` filled), or
/// CPNG_FALLBACK.
int cpng_decode_idat(const unsigned char *data, size_t size, size_t first_chunk, uint32_t width, uint32_t height,
                     int channels, int bit_depth, void *pixels, size_t row_bytes, cpng_status *status);

#endif
