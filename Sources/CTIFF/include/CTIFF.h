// CTIFF: libtiff 4.5 with per-handle error and warning handlers (nothing reaches
// stderr), reading from memory, and typed wrappers for libtiff's variadic tag accessors.
// The rest of libtiff (tiffio.h) is used directly from Swift.
#ifndef CTIFF_H
#define CTIFF_H

#include <stddef.h>
#include <stdint.h>
#include <tiffio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CTIFF_MESSAGE_LENGTH = 512 };

/// Where a handle's handlers leave libtiff's messages: the first error, and how many.
/// Must outlive the handle.
typedef struct {
    int error_count;
    /// errno when the first error was reported (a failed write's ENOSPC, say), else 0.
    int error_errno;
    char error[CTIFF_MESSAGE_LENGTH];
    int warning_count;
    char warning[CTIFF_MESSAGE_LENGTH];
} ctiff_messages;

/// Silences libtiff's process-wide handlers (messages from code paths that have no
/// handle yet). Idempotent.
void ctiff_silence_global_handlers(void);

/// Opens the TIFF held in `data[0..<size]` (which must outlive the handle) for reading.
TIFF *ctiff_open_memory(const void *data, size_t size, const char *name, ctiff_messages *messages);

/// Opens `path` for writing ("w", or "w8" for BigTIFF).
TIFF *ctiff_open_write(const char *path, const char *mode, ctiff_messages *messages);

/// Typed tag getters: 1 when the tag is present (or has a default, for *_defaulted).
int ctiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value);
int ctiff_get_u16_defaulted(TIFF *tif, uint32_t tag, uint16_t *value);
int ctiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value);
int ctiff_get_float(TIFF *tif, uint32_t tag, float *value);
int ctiff_get_string(TIFF *tif, uint32_t tag, const char **value);
int ctiff_get_extra_samples(TIFF *tif, uint16_t *count, const uint16_t **values);

/// Typed tag setters: 1 on success.
int ctiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value);
int ctiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value);
int ctiff_set_float(TIFF *tif, uint32_t tag, float value);
int ctiff_set_string(TIFF *tif, uint32_t tag, const char *value);
int ctiff_set_extra_samples(TIFF *tif, uint16_t count, const uint16_t *values);

/// What libtiff's Deflate codec with a predictor writes for one strip or tile, so that
/// strips can be compressed on several threads and written with TIFFWriteRawStrip/Tile:
/// applies `predictor` (1 none, 2 horizontal differencing, 3 floating point) to each of
/// the `rows` rows of `row_bytes` in `data` (IN PLACE: pass a copy), then compresses them
/// as one zlib stream with libdeflate at `level` (1-12; 6 is zlib's default). Returns a malloc'd buffer (free with ctiff_free), NULL on failure.
unsigned char *ctiff_deflate_chunk(unsigned char *data, size_t rows, size_t row_bytes, int samples_per_pixel,
                                   int bytes_per_sample, int predictor, int level, size_t *out_size);
void ctiff_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
