// The CPNG functions that need libpng: each calls its namesake in libvfxrun-png.so
// (Sources/CPNGLibrary, linked against libpng), opened on first use. The ones that start
// work (opening a reader or a writer, writing a file) give CPNG_UNSUPPORTED with the
// loader's message when the library cannot be loaded; the others take a reader or a
// writer, which only a loaded library makes.
#include "CPNG.h"
#include "vfx_interrupt.h"
#include "vfx_library_table.h"

#define SYMBOLS(X)                                                                                         \
    X(cpng_reader_open) X(cpng_reader_decode) X(cpng_reader_read_rows) X(cpng_reader_text_count)           \
    X(cpng_reader_text) X(cpng_reader_close) X(cpng_write) X(cpng_writer_open) X(cpng_writer_chunk)        \
    X(cpng_writer_finish) X(cpng_writer_close) X(cpng_write_encoded)        \
    X(cpng_set_cancel_check)

static void connect_cancel_check(void);

VFX_LIBRARY_TABLE(library, "libvfxrun-png.so", "PNG", SYMBOLS, connect_cancel_check)

static void connect_cancel_check(void) { VFX_CALL(cpng_set_cancel_check)(vfx_cancel_requested); }

static int ready(cpng_status *status) {
    if (!status) return vfx_library_load(&library);
    return vfx_library_ready(&library, &status->code, CPNG_UNSUPPORTED, &status->system_error, status->message,
                             sizeof status->message);
}

cpng_reader *cpng_reader_open(const void *data, size_t size, cpng_header *header, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_reader_open)(data, size, header, status) : NULL;
}

int cpng_reader_decode(cpng_reader *reader, void *pixels, size_t row_bytes, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_reader_decode)(reader, pixels, row_bytes, status) : CPNG_UNSUPPORTED;
}

int cpng_reader_read_rows(cpng_reader *reader, void *pixels, size_t row_bytes, uint32_t count, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_reader_read_rows)(reader, pixels, row_bytes, count, status)
                         : CPNG_UNSUPPORTED;
}

int cpng_reader_text_count(const cpng_reader *reader) {
    return loaded() ? VFX_CALL(cpng_reader_text_count)(reader) : 0;
}

cpng_text cpng_reader_text(const cpng_reader *reader, int index) {
    cpng_text none = {0};
    return loaded() ? VFX_CALL(cpng_reader_text)(reader, index) : none;
}

void cpng_reader_close(cpng_reader *reader) {
    if (reader && loaded()) VFX_CALL(cpng_reader_close)(reader);
}

int cpng_write(const char *path, const void *pixels, size_t row_bytes, const cpng_write_params *params,
               cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_write)(path, pixels, row_bytes, params, status) : CPNG_UNSUPPORTED;
}

cpng_writer *cpng_writer_open(const char *path, const cpng_write_params *params, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_writer_open)(path, params, status) : NULL;
}

int cpng_writer_chunk(cpng_writer *writer, const unsigned char *data, size_t size, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_writer_chunk)(writer, data, size, status) : CPNG_UNSUPPORTED;
}

int cpng_writer_finish(cpng_writer *writer, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_writer_finish)(writer, status) : CPNG_UNSUPPORTED;
}

void cpng_writer_close(cpng_writer *writer) {
    if (writer && loaded()) VFX_CALL(cpng_writer_close)(writer);
}

int cpng_write_encoded(const char *path, const unsigned char *zlib_stream, size_t size,
                       const cpng_write_params *params, cpng_status *status) {
    return ready(status) ? VFX_CALL(cpng_write_encoded)(path, zlib_stream, size, params, status)
                         : CPNG_UNSUPPORTED;
}

void cpng_set_cancel_check(int (*check)(void)) {
    if (loaded()) VFX_CALL(cpng_set_cancel_check)(check);
}
