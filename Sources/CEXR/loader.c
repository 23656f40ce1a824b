// The CEXR functions vfxrun links: each opens libvfxrun-openexr.so (Sources/CEXRLibrary,
// linked against OpenEXR) on first use and calls its function of the same name. A library
// that cannot be loaded gives CEXR_UNSUPPORTED with the loader's message. The functions
// without an error argument take objects only a loaded library makes.
#include "CEXR.h"
#include "vfx_interrupt.h"
#include "vfx_library_table.h"

#define SYMBOLS(X)                                                                                          \
    X(cexr_open) X(cexr_close) X(cexr_part_count) X(cexr_part_info) X(cexr_channel) X(cexr_attribute_count) \
    X(cexr_attribute) X(cexr_read_part) X(cexr_core_read_scanlines) X(cexr_write) X(cexr_write_with)        \
    X(cexr_set_thread_count) X(cexr_thread_count) X(cexr_set_cancel_check) X(cexr_read_rows)               \
    X(cexr_core_read_rows) X(cexr_stream_create) X(cexr_stream_write) X(cexr_stream_rows_written)          \
    X(cexr_stream_finish) X(cexr_stream_free) X(cexr_set_library_inflate)

static void connect_cancel_check(void);

VFX_LIBRARY_TABLE(library, "libvfxrun-openexr.so", "OpenEXR", SYMBOLS, connect_cancel_check)

static void connect_cancel_check(void) {
    VFX_CALL(cexr_set_cancel_check)(vfx_cancel_requested, vfx_cancel_token_current_opaque, vfx_cancel_token_adopt_opaque);
}

static int ready(CEXRError *error) {
    if (!error) return vfx_library_load(&library);
    return vfx_library_ready(&library, &error->status, CEXR_UNSUPPORTED, &error->code, error->message,
                             sizeof error->message);
}

int32_t cexr_open(const char *path, CEXRFile **file, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_open)(path, file, error) : CEXR_UNSUPPORTED;
}

void cexr_close(CEXRFile *file) {
    if (file && loaded()) VFX_CALL(cexr_close)(file);
}

int32_t cexr_part_count(const CEXRFile *file) { return loaded() ? VFX_CALL(cexr_part_count)(file) : 0; }

int32_t cexr_part_info(const CEXRFile *file, int32_t part, CEXRPartInfo *info, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_part_info)(file, part, info, error) : CEXR_UNSUPPORTED;
}

int32_t cexr_channel(const CEXRFile *file, int32_t part, int32_t index, CEXRChannel *channel) {
    return loaded() ? VFX_CALL(cexr_channel)(file, part, index, channel) : CEXR_UNSUPPORTED;
}

int32_t cexr_attribute_count(const CEXRFile *file, int32_t part) {
    return loaded() ? VFX_CALL(cexr_attribute_count)(file, part) : 0;
}

int32_t cexr_attribute(const CEXRFile *file, int32_t part, int32_t index, CEXRAttribute *attribute) {
    return loaded() ? VFX_CALL(cexr_attribute)(file, part, index, attribute) : CEXR_UNSUPPORTED;
}

int32_t cexr_read_part(CEXRFile *file, int32_t part, const CEXRSlice *slices, int32_t slice_count,
                       CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_read_part)(file, part, slices, slice_count, error) : CEXR_UNSUPPORTED;
}

int32_t cexr_core_read_scanlines(const char *path, int32_t part, const CEXRSlice *slices, int32_t slice_count,
                                 int32_t threads, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_core_read_scanlines)(path, part, slices, slice_count, threads, error)
                        : CEXR_UNSUPPORTED;
}

int32_t cexr_write(const char *path, const CEXRPartSpec *parts, int32_t part_count, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_write)(path, parts, part_count, error) : CEXR_UNSUPPORTED;
}

int32_t cexr_write_with(const char *path, const CEXRPartSpec *parts, int32_t part_count, int32_t fast_threads,
                        CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_write_with)(path, parts, part_count, fast_threads, error) : CEXR_UNSUPPORTED;
}

// Before each open or write (EXRThreads): a library that cannot load leaves the pool alone,
// and the open or write after it reports why.
void cexr_set_thread_count(int32_t count) {
    if (loaded()) VFX_CALL(cexr_set_thread_count)(count);
}

int32_t cexr_thread_count(void) { return loaded() ? VFX_CALL(cexr_thread_count)() : -1; }

void cexr_set_cancel_check(int (*check)(void), void *(*current_task)(void), void *(*adopt_task)(void *)) {
    if (loaded()) VFX_CALL(cexr_set_cancel_check)(check, current_task, adopt_task);
}

int32_t cexr_read_rows(CEXRFile *file, int32_t part, int32_t y_first, int32_t y_last, const CEXRSlice *slices,
                       int32_t slice_count, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_read_rows)(file, part, y_first, y_last, slices, slice_count, error)
                        : CEXR_UNSUPPORTED;
}

int32_t cexr_core_read_rows(const char *path, int32_t part, int32_t y_first, int32_t y_last, const CEXRSlice *slices,
                            int32_t slice_count, int32_t threads, CEXRError *error) {
    return ready(error)
        ? VFX_CALL(cexr_core_read_rows)(path, part, y_first, y_last, slices, slice_count, threads, error)
        : CEXR_UNSUPPORTED;
}

int32_t cexr_stream_create(const char *path, const CEXRPartSpec *spec, CEXRStreamWriter **writer, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_stream_create)(path, spec, writer, error) : CEXR_UNSUPPORTED;
}

int32_t cexr_stream_write(CEXRStreamWriter *writer, const char *pixels, size_t y_stride, int32_t rows,
                          CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_stream_write)(writer, pixels, y_stride, rows, error) : CEXR_UNSUPPORTED;
}

int32_t cexr_stream_rows_written(const CEXRStreamWriter *writer) {
    return loaded() ? VFX_CALL(cexr_stream_rows_written)(writer) : 0;
}

int32_t cexr_stream_finish(CEXRStreamWriter *writer, CEXRError *error) {
    return ready(error) ? VFX_CALL(cexr_stream_finish)(writer, error) : CEXR_UNSUPPORTED;
}

void cexr_stream_free(CEXRStreamWriter *writer) {
    if (writer && loaded()) VFX_CALL(cexr_stream_free)(writer);
}

int32_t cexr_set_library_inflate(int32_t libdeflate) {
    return ready(NULL) ? VFX_CALL(cexr_set_library_inflate)(libdeflate) : -1;
}
