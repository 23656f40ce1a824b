// CTIFF: libtiff 4.5 with per-handle error and warning handlers (nothing reaches
// stderr), reading from memory, and typed wrappers for libtiff's variadic tag accessors.
// Swift calls libtiff only through these ctiff_* functions (tiffio.h gives the types and
// the tag constants): their implementation (Sources/CTIFFLibrary) is its own shared
// library, libvfxrun-tiff.so, linked against libtiff and, through it, libwebp, libzstd,
// liblzma, libLerc, libjbig and libjpeg, and against libdeflate (ctiff_deflate_chunk);
// vfxrun links only the loader of these functions (Sources/CTIFF), which opens that
// library on first use (vfx_library.h). Call ctiff_available first: the others assume a
// loaded library.
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

/// 1 when libvfxrun-tiff.so is loaded (loading it on the first call); else 0 with the
/// reason in `message` (`size` bytes). (The loader's own function.)
int ctiff_available(char *message, size_t size);

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

/// libtiff's functions of the same names without the prefix (TIFFClose, ...). One list
/// declares them here, defines them in the library (tiff_calls.c) and forwards them in
/// the loader (loader.c): X(return type, name, libtiff's function, the loader's result
/// when the library is missing, parameters, arguments).
#define CTIFF_LIBTIFF_CALLS(X)                                                                                   \
    X(int, ctiff_is_tiled, TIFFIsTiled, 0, (TIFF *tif), (tif))                                                   \
    X(tdir_t, ctiff_number_of_directories, TIFFNumberOfDirectories, 0, (TIFF *tif), (tif))                       \
    X(int, ctiff_set_directory, TIFFSetDirectory, 0, (TIFF *tif, tdir_t directory), (tif, directory))            \
    X(uint32_t, ctiff_number_of_strips, TIFFNumberOfStrips, 0, (TIFF *tif), (tif))                               \
    X(uint32_t, ctiff_number_of_tiles, TIFFNumberOfTiles, 0, (TIFF *tif), (tif))                                 \
    X(int, ctiff_rgba_image_ok, TIFFRGBAImageOK, 0, (TIFF *tif, char message[1024]), (tif, message))             \
    X(int, ctiff_read_rgba_image_oriented, TIFFReadRGBAImageOriented, 0,                                         \
      (TIFF *tif, uint32_t width, uint32_t height, uint32_t *raster, int orientation, int stop_on_error),        \
      (tif, width, height, raster, orientation, stop_on_error))                                                  \
    X(tmsize_t, ctiff_read_encoded_strip, TIFFReadEncodedStrip, -1, (TIFF *tif, uint32_t strip, void *buffer, tmsize_t size), (tif, strip, buffer, size)) \
    X(tmsize_t, ctiff_read_encoded_tile, TIFFReadEncodedTile, -1, (TIFF *tif, uint32_t tile, void *buffer, tmsize_t size), (tif, tile, buffer, size)) \
    X(tmsize_t, ctiff_write_encoded_strip, TIFFWriteEncodedStrip, -1, (TIFF *tif, uint32_t strip, void *data, tmsize_t size), (tif, strip, data, size)) \
    X(tmsize_t, ctiff_write_encoded_tile, TIFFWriteEncodedTile, -1, (TIFF *tif, uint32_t tile, void *data, tmsize_t size), (tif, tile, data, size)) \
    X(tmsize_t, ctiff_write_raw_strip, TIFFWriteRawStrip, -1, (TIFF *tif, uint32_t strip, void *data, tmsize_t size), (tif, strip, data, size)) \
    X(tmsize_t, ctiff_write_raw_tile, TIFFWriteRawTile, -1, (TIFF *tif, uint32_t tile, void *data, tmsize_t size), (tif, tile, data, size)) \
    X(int, ctiff_write_directory, TIFFWriteDirectory, 0, (TIFF *tif), (tif))

#define CTIFF_DECLARE(type, name, libtiff, failure, params, args) type name params;
CTIFF_LIBTIFF_CALLS(CTIFF_DECLARE)
#undef CTIFF_DECLARE

/// TIFFClose (void, so not in the list).
void ctiff_close(TIFF *tif);

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
