// The ctiff_* functions that need libtiff: each calls its namesake in libvfxrun-tiff.so
// (Sources/CTIFFLibrary, linked against libtiff), which ctiff_available opens on first use.
// Swift calls ctiff_available before it opens a handle; the others take a handle (or run
// after that check), so the library is loaded by then.
#include "CTIFF.h"
#include "vfx_library_table.h"

#include <stdio.h>

// The library's functions: CTIFF_LIBTIFF_CALLS (each entry's name, through the
// CALL_<X> adapters below) and the shim's own.
#define CALL_VFX_SLOT_INDEX(type, name, ...) VFX_SLOT_INDEX(name)
#define CALL_VFX_SLOT_NAME(type, name, ...) VFX_SLOT_NAME(name)
#define SYMBOLS(X)                                                                                              \
    X(ctiff_silence_global_handlers) X(ctiff_open_memory) X(ctiff_open_write) X(ctiff_get_u16)                  \
    X(ctiff_get_u16_defaulted) X(ctiff_get_u32) X(ctiff_get_float) X(ctiff_get_string) X(ctiff_get_extra_samples) \
    X(ctiff_set_u16) X(ctiff_set_u32) X(ctiff_set_float) X(ctiff_set_string) X(ctiff_set_extra_samples)         \
    X(ctiff_close) X(ctiff_deflate_chunk) X(ctiff_free) CTIFF_LIBTIFF_CALLS(CALL_##X)

VFX_LIBRARY_TABLE(library, "libvfxrun-tiff.so", "TIFF", SYMBOLS, 0)

int ctiff_available(char *message, size_t size) { return vfx_library_available(&library, message, size); }

// A call into a library that could not load: the neutral failure of each function (Swift
// checks ctiff_available first, so these are not reached in practice).
#define FORWARD(type, name, failure, params, args) \
    type name params { return loaded() ? VFX_CALL(name) args : (failure); }
#define FORWARD_VOID(name, params, args) \
    void name params { if (loaded()) VFX_CALL(name) args; }

FORWARD_VOID(ctiff_silence_global_handlers, (void), ())
FORWARD(TIFF *, ctiff_open_memory, NULL, (const void *data, size_t size, const char *name, ctiff_messages *messages),
        (data, size, name, messages))
FORWARD(TIFF *, ctiff_open_write, NULL, (const char *path, const char *mode, ctiff_messages *messages),
        (path, mode, messages))
FORWARD(int, ctiff_get_u16, 0, (TIFF *tif, uint32_t tag, uint16_t *value), (tif, tag, value))
FORWARD(int, ctiff_get_u16_defaulted, 0, (TIFF *tif, uint32_t tag, uint16_t *value), (tif, tag, value))
FORWARD(int, ctiff_get_u32, 0, (TIFF *tif, uint32_t tag, uint32_t *value), (tif, tag, value))
FORWARD(int, ctiff_get_float, 0, (TIFF *tif, uint32_t tag, float *value), (tif, tag, value))
FORWARD(int, ctiff_get_string, 0, (TIFF *tif, uint32_t tag, const char **value), (tif, tag, value))
FORWARD(int, ctiff_get_extra_samples, 0, (TIFF *tif, uint16_t *count, const uint16_t **values), (tif, count, values))
FORWARD(int, ctiff_set_u16, 0, (TIFF *tif, uint32_t tag, uint16_t value), (tif, tag, value))
FORWARD(int, ctiff_set_u32, 0, (TIFF *tif, uint32_t tag, uint32_t value), (tif, tag, value))
FORWARD(int, ctiff_set_float, 0, (TIFF *tif, uint32_t tag, float value), (tif, tag, value))
FORWARD(int, ctiff_set_string, 0, (TIFF *tif, uint32_t tag, const char *value), (tif, tag, value))
FORWARD(int, ctiff_set_extra_samples, 0, (TIFF *tif, uint16_t count, const uint16_t *values), (tif, count, values))
FORWARD_VOID(ctiff_close, (TIFF *tif), (tif))
#define FORWARD_CALL(type, name, libtiff, failure, params, args) FORWARD(type, name, failure, params, args)
CTIFF_LIBTIFF_CALLS(FORWARD_CALL)
FORWARD(unsigned char *, ctiff_deflate_chunk, NULL,
        (unsigned char *data, size_t rows, size_t row_bytes, int samples_per_pixel, int bytes_per_sample,
         int predictor, int level, size_t *out_size),
        (data, rows, row_bytes, samples_per_pixel, bytes_per_sample, predictor, level, out_size))
FORWARD_VOID(ctiff_free, (void *pointer), (pointer))
