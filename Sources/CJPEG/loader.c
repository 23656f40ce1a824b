// The CJPEG functions: each calls its namesake in libvfxrun-jpeg.so (Sources/CJPEGLibrary,
// linked against libturbojpeg and libjpeg), which cjpeg_available or cjpeg_reader_open
// opens on first use. Swift calls cjpeg_available before the cjpeg_tj_* functions, so
// their neutral failures below are not reached in practice.
#include "CJPEG.h"
#include "vfx_interrupt.h"
#include "vfx_library_table.h"

#define SYMBOLS(X)                                                                                           \
    X(cjpeg_reader_open) X(cjpeg_reader_read_rows) X(cjpeg_reader_close) X(cjpeg_tj_init_decompress)         \
    X(cjpeg_tj_init_compress) X(cjpeg_tj_destroy) X(cjpeg_tj_decompress_header3) X(cjpeg_tj_compress2)       \
    X(cjpeg_tj_get_error_str2) X(cjpeg_tj_alloc) X(cjpeg_tj_free) X(cjpeg_writer_open) X(cjpeg_writer_marker) \
    X(cjpeg_writer_write_rows) X(cjpeg_writer_finish) X(cjpeg_writer_close) X(cjpeg_set_cancel_check)

static void connect_cancel_check(void);

VFX_LIBRARY_TABLE(library, "libvfxrun-jpeg.so", "JPEG", SYMBOLS, connect_cancel_check)

static void connect_cancel_check(void) { VFX_CALL(cjpeg_set_cancel_check)(vfx_cancel_requested); }

int cjpeg_available(char *message, size_t size) { return vfx_library_available(&library, message, size); }

/// CJPEG_UNSUPPORTED with the loader's reason.
static void unsupported(cjpeg_status *status) {
    if (status) vfx_library_ready(&library, &status->code, CJPEG_UNSUPPORTED, &status->system_error,
                                  status->message, sizeof status->message);
}

cjpeg_reader *cjpeg_reader_open(const void *data, size_t size, int channels, cjpeg_status *status) {
    if (loaded()) return VFX_CALL(cjpeg_reader_open)(data, size, channels, status);
    unsupported(status);
    return NULL;
}

cjpeg_writer *cjpeg_writer_open(int fd, const cjpeg_write_params *params, cjpeg_status *status) {
    if (loaded()) return VFX_CALL(cjpeg_writer_open)(fd, params, status);
    unsupported(status);
    return NULL;
}

// A call into a library that could not load: the neutral failure of each function.
#define FORWARD(type, name, failure, params, args) \
    type name params { return loaded() ? VFX_CALL(name) args : (failure); }

FORWARD(int, cjpeg_reader_read_rows, CJPEG_UNSUPPORTED,
        (cjpeg_reader *reader, void *pixels, size_t row_bytes, uint32_t count, cjpeg_status *status),
        (reader, pixels, row_bytes, count, status))
FORWARD(int, cjpeg_writer_marker, CJPEG_UNSUPPORTED,
        (cjpeg_writer *writer, int marker, const void *data, size_t length, cjpeg_status *status),
        (writer, marker, data, length, status))
FORWARD(int, cjpeg_writer_write_rows, CJPEG_UNSUPPORTED,
        (cjpeg_writer *writer, const void *pixels, size_t row_bytes, uint32_t count, cjpeg_status *status),
        (writer, pixels, row_bytes, count, status))
FORWARD(int, cjpeg_writer_finish, CJPEG_UNSUPPORTED, (cjpeg_writer *writer, cjpeg_status *status),
        (writer, status))
FORWARD(tjhandle, cjpeg_tj_init_decompress, NULL, (void), ())
FORWARD(tjhandle, cjpeg_tj_init_compress, NULL, (void), ())
FORWARD(int, cjpeg_tj_destroy, -1, (tjhandle handle), (handle))
FORWARD(int, cjpeg_tj_decompress_header3, -1,
        (tjhandle handle, const unsigned char *jpeg, unsigned long size, int *width, int *height, int *subsampling,
         int *colorspace),
        (handle, jpeg, size, width, height, subsampling, colorspace))
FORWARD(int, cjpeg_tj_compress2, -1,
        (tjhandle handle, const unsigned char *pixels, int width, int pitch, int height, int pixel_format,
         unsigned char **jpeg, unsigned long *size, int subsampling, int quality, int flags),
        (handle, pixels, width, pitch, height, pixel_format, jpeg, size, subsampling, quality, flags))
FORWARD(char *, cjpeg_tj_get_error_str2, NULL, (tjhandle handle), (handle))
FORWARD(unsigned char *, cjpeg_tj_alloc, NULL, (int bytes), (bytes))

void cjpeg_reader_close(cjpeg_reader *reader) {
    if (reader && loaded()) VFX_CALL(cjpeg_reader_close)(reader);
}

void cjpeg_writer_close(cjpeg_writer *writer) {
    if (writer && loaded()) VFX_CALL(cjpeg_writer_close)(writer);
}

void cjpeg_set_cancel_check(int (*check)(void)) {
    if (loaded()) VFX_CALL(cjpeg_set_cancel_check)(check);
}

void cjpeg_tj_free(unsigned char *buffer) {
    if (buffer && loaded()) VFX_CALL(cjpeg_tj_free)(buffer);
}
