// See CTIFF.h.
#include "CTIFF.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int record_error(TIFF *tif, void *user_data, const char *module, const char *format, va_list args) {
    (void)tif;
    ctiff_messages *messages = (ctiff_messages *)user_data;
    if (!messages) return 1;
    int code = errno;
    if (messages->error_count++ == 0) {
        messages->error_errno = code;
        char text[CTIFF_MESSAGE_LENGTH];
        vsnprintf(text, sizeof text, format, args);
        if (module && *module)
            snprintf(messages->error, sizeof messages->error, "%s: %s", module, text);
        else
            snprintf(messages->error, sizeof messages->error, "%s", text);
    }
    return 1;  // handled: do not call the process-wide handler
}

static int record_warning(TIFF *tif, void *user_data, const char *module, const char *format, va_list args) {
    (void)tif;
    (void)module;
    ctiff_messages *messages = (ctiff_messages *)user_data;
    if (!messages) return 1;
    if (messages->warning_count++ == 0) vsnprintf(messages->warning, sizeof messages->warning, format, args);
    return 1;
}

void ctiff_silence_global_handlers(void) {
    TIFFSetErrorHandler(NULL);
    TIFFSetWarningHandler(NULL);
}

static TIFFOpenOptions *options_for(ctiff_messages *messages) {
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, record_error, messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, record_warning, messages);
    return options;
}

// MARK: reading from memory

typedef struct {
    const unsigned char *data;
    toff_t size;
    toff_t offset;
} memory_source;

static tmsize_t memory_read(thandle_t handle, void *buffer, tmsize_t length) {
    memory_source *source = (memory_source *)handle;
    if (length <= 0 || source->offset >= source->size) return 0;
    toff_t available = source->size - source->offset;
    toff_t count = (toff_t)length < available ? (toff_t)length : available;
    memcpy(buffer, source->data + source->offset, (size_t)count);
    source->offset += count;
    return (tmsize_t)count;
}

static tmsize_t memory_write(thandle_t handle, void *buffer, tmsize_t length) {
    (void)handle;
    (void)buffer;
    (void)length;
    return -1;
}

static toff_t memory_seek(thandle_t handle, toff_t offset, int whence) {
    memory_source *source = (memory_source *)handle;
    toff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? source->offset : source->size;
    // libtiff passes offsets as unsigned; relative seeks backwards wrap around.
    source->offset = base + offset;
    return source->offset;
}

static int memory_close(thandle_t handle) {
    free(handle);
    return 0;
}

static toff_t memory_size(thandle_t handle) { return ((memory_source *)handle)->size; }

static int memory_map(thandle_t handle, void **base, toff_t *size) {
    memory_source *source = (memory_source *)handle;
    *base = (void *)source->data;
    *size = source->size;
    return 1;
}

static void memory_unmap(thandle_t handle, void *base, toff_t size) {
    (void)handle;
    (void)base;
    (void)size;
}

TIFF *ctiff_open_memory(const void *data, size_t size, const char *name, ctiff_messages *messages) {
    memory_source *source = (memory_source *)calloc(1, sizeof *source);
    if (!source) return NULL;
    source->data = (const unsigned char *)data;
    source->size = size;
    TIFFOpenOptions *options = options_for(messages);
    if (!options) {
        free(source);
        return NULL;
    }
    TIFF *tif = TIFFClientOpenExt(name, "rm", (thandle_t)source, memory_read, memory_write, memory_seek,
                                  memory_close, memory_size, memory_map, memory_unmap, options);
    TIFFOpenOptionsFree(options);
    if (!tif) free(source);
    return tif;
}

TIFF *ctiff_open_write(const char *path, const char *mode, ctiff_messages *messages) {
    TIFFOpenOptions *options = options_for(messages);
    if (!options) return NULL;
    TIFF *tif = TIFFOpenExt(path, mode, options);
    TIFFOpenOptionsFree(options);
    return tif;
}

// MARK: tags

int ctiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) { return TIFFGetField(tif, tag, value); }
int ctiff_get_u16_defaulted(TIFF *tif, uint32_t tag, uint16_t *value) {
    return TIFFGetFieldDefaulted(tif, tag, value);
}
int ctiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) { return TIFFGetField(tif, tag, value); }
int ctiff_get_float(TIFF *tif, uint32_t tag, float *value) { return TIFFGetField(tif, tag, value); }
int ctiff_get_string(TIFF *tif, uint32_t tag, const char **value) {
    char *text = NULL;
    int found = TIFFGetField(tif, tag, &text);
    *value = text;
    return found && text != NULL;
}
int ctiff_get_extra_samples(TIFF *tif, uint16_t *count, const uint16_t **values) {
    uint16_t *list = NULL;
    int found = TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, count, &list);
    *values = list;
    return found;
}

int ctiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value) { return TIFFSetField(tif, tag, (int)value); }
int ctiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value) { return TIFFSetField(tif, tag, value); }
int ctiff_set_float(TIFF *tif, uint32_t tag, float value) { return TIFFSetField(tif, tag, (double)value); }
int ctiff_set_string(TIFF *tif, uint32_t tag, const char *value) { return TIFFSetField(tif, tag, value); }
int ctiff_set_extra_samples(TIFF *tif, uint16_t count, const uint16_t *values) {
    return TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, (int)count, values);
}
