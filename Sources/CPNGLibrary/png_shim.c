// libpng behind setjmp: see CPNG.h (this file is part of libvfxrun-png.so). Every function
// that calls into libpng sets its own setjmp point; the error callback records libpng's
// message and longjmps back there.
#include "CPNG.h"
#include "png_decode.h"

#include <errno.h>
#include <png.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_status(cpng_status *status, int code, int system_error, const char *format, ...) {
    if (!status) return;
    status->code = code;
    status->system_error = system_error;
    va_list args;
    va_start(args, format);
    vsnprintf(status->message, sizeof status->message, format, args);
    va_end(args);
}

/// Where libpng's error callback leaves its message (the png struct's error pointer).
typedef struct {
    char message[CPNG_MESSAGE_LENGTH];
    int code;
    int system_error;
} failure;

static void record_error(png_structp png, png_const_charp message) {
    failure *where = (failure *)png_get_error_ptr(png);
    if (where) {
        if (where->code == CPNG_OK) where->code = CPNG_FORMAT;
        if (where->message[0] == '\0') snprintf(where->message, sizeof where->message, "%s", message);
    }
    png_longjmp(png, 1);
}

static void ignore_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void copy_failure(const failure *from, cpng_status *status, const char *fallback) {
    int code = from->code == CPNG_OK ? CPNG_FORMAT : from->code;
    set_status(status, code, from->system_error, "%s", from->message[0] ? from->message : fallback);
}

// MARK: reading

struct cpng_reader {
    failure failure;  // first: libpng's error pointer
    png_structp png;
    png_infop info;
    const unsigned char *data;
    size_t size;
    size_t offset;
    int passes;  // 7 when interlaced (libpng's interlace handling), else 1
    int plain;   // eligible for cpng_decode_idat
};

static void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
    cpng_reader *reader = (cpng_reader *)png_get_io_ptr(png);
    if (length > reader->size - reader->offset) {
        snprintf(reader->failure.message, sizeof reader->failure.message,
                 "truncated: the data ends at byte %zu, inside a chunk that needs %zu more bytes",
                 reader->size, length - (reader->size - reader->offset));
        png_error(png, "truncated");
    }
    memcpy(out, reader->data + reader->offset, length);
    reader->offset += length;
}

static void fill_header(cpng_reader *reader, cpng_header *header) {
    png_structp png = reader->png;
    png_infop info = reader->info;
    memset(header, 0, sizeof *header);
    header->width = png_get_image_width(png, info);
    header->height = png_get_image_height(png, info);
    header->channels = png_get_channels(png, info);
    header->bit_depth = png_get_bit_depth(png, info);
    header->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    double gamma = 0;
    if (png_get_gAMA(png, info, &gamma)) {
        header->has_gamma = 1;
        header->gamma = gamma;
    }
    int intent = 0;
    if (png_get_sRGB(png, info, &intent)) {
        header->has_srgb = 1;
        header->srgb_intent = intent;
    }
    png_uint_32 x = 0, y = 0;
    int unit = 0;
    if (png_get_pHYs(png, info, &x, &y, &unit)) {
        header->has_phys = 1;
        header->phys_x = x;
        header->phys_y = y;
        header->phys_unit = unit;
    }
    png_timep time = NULL;
    if (png_get_tIME(png, info, &time) && time) {
        header->has_time = 1;
        header->time[0] = time->year;
        header->time[1] = time->month;
        header->time[2] = time->day;
        header->time[3] = time->hour;
        header->time[4] = time->minute;
        header->time[5] = time->second;
    }
    header->has_icc = png_get_valid(png, info, PNG_INFO_iCCP) != 0;
}

cpng_reader *cpng_reader_open(const void *data, size_t size, cpng_header *header, cpng_status *status) {
    set_status(status, CPNG_OK, 0, "");
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        set_status(status, CPNG_FORMAT, 0, size < 8 ? "truncated: too short for a PNG signature"
                                                     : "not a PNG file (bad signature)");
        return NULL;
    }
    cpng_reader *reader = (cpng_reader *)calloc(1, sizeof *reader);
    if (!reader) {
        set_status(status, CPNG_MEMORY, 0, "out of memory");
        return NULL;
    }
    reader->data = (const unsigned char *)data;
    reader->size = size;
    reader->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &reader->failure, record_error, ignore_warning);
    if (reader->png) reader->info = png_create_info_struct(reader->png);
    if (!reader->png || !reader->info) {
        cpng_reader_close(reader);
        set_status(status, CPNG_MEMORY, 0, "cannot create the libpng reader");
        return NULL;
    }
    if (setjmp(png_jmpbuf(reader->png))) {
        copy_failure(&reader->failure, status, "libpng failed");
        cpng_reader_close(reader);
        return NULL;
    }
    png_set_read_fn(reader->png, reader, read_from_memory);
    png_read_info(reader->png, reader->info);
    int file_depth = png_get_bit_depth(reader->png, reader->info);
    int color_type = png_get_color_type(reader->png, reader->info);
    // Palette → RGB, tRNS → alpha, 1/2/4-bit gray → 8-bit; 16-bit samples to host order.
    png_set_expand(reader->png);
    if (file_depth == 16) {
        const uint16_t probe = 1;
        if (*(const unsigned char *)&probe == 1) png_set_swap(reader->png);
    }
    reader->plain = png_get_interlace_type(reader->png, reader->info) == PNG_INTERLACE_NONE
        && color_type != PNG_COLOR_TYPE_PALETTE && file_depth >= 8
        && !png_get_valid(reader->png, reader->info, PNG_INFO_tRNS);
    reader->passes = png_set_interlace_handling(reader->png);
    png_read_update_info(reader->png, reader->info);
    fill_header(reader, header);
    header->file_bit_depth = file_depth;
    header->color_type = color_type;
    return reader;
}

int cpng_reader_decode(cpng_reader *reader, void *pixels, size_t row_bytes, cpng_status *status) {
    set_status(status, CPNG_OK, 0, "");
    png_uint_32 height = png_get_image_height(reader->png, reader->info);
    // png_read_info stopped after the first IDAT chunk's length and type.
    if (reader->plain && reader->offset >= 8) {
        int code = cpng_decode_idat(reader->data, reader->size, reader->offset - 8,
                                    png_get_image_width(reader->png, reader->info), height,
                                    png_get_channels(reader->png, reader->info),
                                    png_get_bit_depth(reader->png, reader->info), pixels, row_bytes, status);
        if (code != CPNG_FALLBACK) return code;
        set_status(status, CPNG_OK, 0, "");
    }
    if (png_get_rowbytes(reader->png, reader->info) > row_bytes) {
        set_status(status, CPNG_FORMAT, 0, "rows need %zu bytes, the buffer has %zu",
                   (size_t)png_get_rowbytes(reader->png, reader->info), row_bytes);
        return status->code;
    }
    if (setjmp(png_jmpbuf(reader->png))) {
        copy_failure(&reader->failure, status, "libpng failed");
        return status->code;
    }
    // png_read_image's loop (every row once per interlace pass), asking the cancel check
    for (int pass = 0; pass < reader->passes; pass++) {
        for (png_uint_32 y = 0; y < height; y++) {
            if (y % CPNG_CANCEL_ROWS == 0 && cpng_cancelled(status)) return CPNG_CANCELLED;
            png_read_row(reader->png, (png_bytep)pixels + (size_t)y * row_bytes, NULL);
        }
    }
    png_read_end(reader->png, NULL);  // text after the image data is not kept (as OIIO)
    return CPNG_OK;
}

int cpng_reader_read_rows(cpng_reader *reader, void *pixels, size_t row_bytes, uint32_t count, cpng_status *status) {
    set_status(status, CPNG_OK, 0, "");
    size_t needed = png_get_rowbytes(reader->png, reader->info);
    unsigned char *scratch = NULL;
    if (!pixels) {
        scratch = (unsigned char *)malloc(needed ? needed : 1);
        if (!scratch) {
            set_status(status, CPNG_MEMORY, 0, "out of memory for a row");
            return status->code;
        }
    } else if (needed > row_bytes) {
        set_status(status, CPNG_FORMAT, 0, "rows need %zu bytes, the buffer has %zu", needed, row_bytes);
        return status->code;
    }
    if (setjmp(png_jmpbuf(reader->png))) {
        copy_failure(&reader->failure, status, "libpng failed");
        free(scratch);
        return status->code;
    }
    for (uint32_t row = 0; row < count; row++) {
        if (row % CPNG_CANCEL_ROWS == 0 && row > 0 && cpng_cancelled(status)) {
            free(scratch);
            return CPNG_CANCELLED;
        }
        png_bytep target = scratch ? scratch : (png_bytep)pixels + (size_t)row * row_bytes;
        png_read_row(reader->png, target, NULL);
    }
    free(scratch);
    return CPNG_OK;
}

int cpng_reader_text_count(const cpng_reader *reader) {
    png_textp texts = NULL;
    return png_get_text(reader->png, reader->info, &texts, NULL);
}

cpng_text cpng_reader_text(const cpng_reader *reader, int index) {
    cpng_text result = {"", "", 0, 0};
    png_textp texts = NULL;
    int count = png_get_text(reader->png, reader->info, &texts, NULL);
    if (index < 0 || index >= count || !texts) return result;
    png_textp text = &texts[index];
    result.key = text->key ? text->key : "";
    result.text = text->text ? text->text : "";
    int utf8 = text->compression == PNG_ITXT_COMPRESSION_NONE || text->compression == PNG_ITXT_COMPRESSION_zTXt;
    result.length = utf8 ? text->itxt_length : text->text_length;
    if (!text->text) result.length = 0;
    result.encoding = utf8;
    return result;
}

void cpng_reader_close(cpng_reader *reader) {
    if (!reader) return;
    if (reader->png) png_destroy_read_struct(&reader->png, reader->info ? &reader->info : NULL, NULL);
    free(reader);
}

// MARK: writing

typedef struct {
    failure failure;  // first: libpng's error pointer
    FILE *file;
} writer;

static void write_to_file(png_structp png, png_bytep bytes, png_size_t length) {
    writer *out = (writer *)png_get_io_ptr(png);
    if (fwrite(bytes, 1, length, out->file) != length) {
        out->failure.code = CPNG_IO;
        out->failure.system_error = errno;
        snprintf(out->failure.message, sizeof out->failure.message, "cannot write: %s", strerror(errno));
        png_error(png, "write failed");
    }
}

static void flush_file(png_structp png) {
    writer *out = (writer *)png_get_io_ptr(png);
    fflush(out->file);
}

/// The part of `cpng_write` that runs under setjmp; kept separate so the locals of
/// the caller are not clobbered by longjmp.
static void write_header(writer *out, png_structp png, png_infop info, const cpng_write_params *params,
                         png_textp texts) {
    static const int color_types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                       PNG_COLOR_TYPE_RGB_ALPHA};
    png_set_write_fn(png, out, write_to_file, flush_file);
    png_set_compression_level(png, params->compression);
    png_set_IHDR(png, info, params->width, params->height, params->bit_depth, color_types[params->channels],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (params->has_srgb) png_set_sRGB(png, info, params->srgb_intent);
    if (params->has_gamma) png_set_gAMA(png, info, params->gamma);
    if (params->has_phys) png_set_pHYs(png, info, params->phys_x, params->phys_y, params->phys_unit);
    if (params->has_time) {
        png_time time;
        time.year = (png_uint_16)params->time[0];
        time.month = (png_byte)params->time[1];
        time.day = (png_byte)params->time[2];
        time.hour = (png_byte)params->time[3];
        time.minute = (png_byte)params->time[4];
        time.second = (png_byte)params->time[5];
        png_set_tIME(png, info, &time);
    }
    if (params->text_count > 0) png_set_text(png, info, texts, params->text_count);
    png_write_info(png, info);
}

static void write_png(writer *out, png_structp png, png_infop info, const void *pixels, size_t row_bytes,
                      const cpng_write_params *params, png_textp texts, png_bytepp rows) {
    write_header(out, png, info, params, texts);
    if (params->bit_depth == 16) {
        const uint16_t probe = 1;
        if (*(const unsigned char *)&probe == 1) png_set_swap(png);
    }
    for (png_uint_32 y = 0; y < params->height; y++) rows[y] = (png_bytep)pixels + (size_t)y * row_bytes;
    png_write_image(png, rows);
    png_write_end(png, info);
}

static int valid_params(const cpng_write_params *params) {
    return params->channels >= 1 && params->channels <= 4 && (params->bit_depth == 8 || params->bit_depth == 16)
        && params->compression >= 0 && params->compression <= 9 && params->width != 0 && params->height != 0;
}

static void fill_texts(png_textp texts, const cpng_write_params *params) {
    for (int i = 0; i < params->text_count; i++) {
        const cpng_text *text = &params->texts[i];
        texts[i].compression = text->encoding ? PNG_ITXT_COMPRESSION_NONE : PNG_TEXT_COMPRESSION_NONE;
        texts[i].key = (png_charp)text->key;
        texts[i].text = (png_charp)text->text;
        texts[i].text_length = text->encoding ? 0 : text->length;
        texts[i].itxt_length = text->encoding ? text->length : 0;
    }
}

static int write_file(const char *path, const void *pixels, size_t row_bytes, const cpng_write_params *params,
                      cpng_status *status) {
    set_status(status, CPNG_OK, 0, "");
    if (!valid_params(params)) {
        set_status(status, CPNG_FORMAT, 0, "invalid PNG parameters");
        return status->code;
    }
    writer out;
    memset(&out, 0, sizeof out);
    png_textp texts = NULL;
    png_bytepp rows = (png_bytepp)malloc(sizeof(png_bytep) * params->height);
    if (params->text_count > 0) texts = (png_textp)calloc((size_t)params->text_count, sizeof(png_text));
    if (!rows || (params->text_count > 0 && !texts)) {
        free(rows);
        free(texts);
        set_status(status, CPNG_MEMORY, 0, "out of memory");
        return status->code;
    }
    fill_texts(texts, params);
    out.file = fopen(path, "wb");
    if (!out.file) {
        int code = errno;
        free(rows);
        free(texts);
        set_status(status, CPNG_IO, code, "cannot open for writing: %s", strerror(code));
        return status->code;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &out.failure, record_error, ignore_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int result = CPNG_OK;
    if (!png || !info) {
        set_status(status, CPNG_MEMORY, 0, "cannot create the libpng writer");
        result = CPNG_MEMORY;
    } else if (setjmp(png_jmpbuf(png))) {
        copy_failure(&out.failure, status, "libpng failed");
        result = status->code;
    } else {
        write_png(&out, png, info, pixels, row_bytes, params, texts, rows);
    }
    if (png) png_destroy_write_struct(&png, info ? &info : NULL);
    if (fclose(out.file) != 0 && result == CPNG_OK) {
        int code = errno;
        set_status(status, CPNG_IO, code, "cannot write: %s", strerror(code));
        result = CPNG_IO;
    }
    free(rows);
    free(texts);
    return result;
}

int cpng_write(const char *path, const void *pixels, size_t row_bytes, const cpng_write_params *params,
               cpng_status *status) {
    return write_file(path, pixels, row_bytes, params, status);
}

// MARK: writing compressed image data

struct cpng_writer {
    writer out;  // first: its failure is libpng's error pointer
    png_structp png;
    png_infop info;
    png_textp texts;
};

void cpng_writer_close(cpng_writer *writer) {
    if (!writer) return;
    if (writer->png) png_destroy_write_struct(&writer->png, writer->info ? &writer->info : NULL);
    if (writer->out.file) fclose(writer->out.file);
    free(writer->texts);
    free(writer);
}

cpng_writer *cpng_writer_open(const char *path, const cpng_write_params *params, cpng_status *status) {
    set_status(status, CPNG_OK, 0, "");
    if (!valid_params(params)) {
        set_status(status, CPNG_FORMAT, 0, "invalid PNG parameters");
        return NULL;
    }
    cpng_writer *writer = (cpng_writer *)calloc(1, sizeof *writer);
    if (!writer) {
        set_status(status, CPNG_MEMORY, 0, "out of memory");
        return NULL;
    }
    if (params->text_count > 0) {
        writer->texts = (png_textp)calloc((size_t)params->text_count, sizeof(png_text));
        if (!writer->texts) {
            cpng_writer_close(writer);
            set_status(status, CPNG_MEMORY, 0, "out of memory");
            return NULL;
        }
        fill_texts(writer->texts, params);
    }
    writer->out.file = fopen(path, "wb");
    if (!writer->out.file) {
        int code = errno;
        cpng_writer_close(writer);
        set_status(status, CPNG_IO, code, "cannot open for writing: %s", strerror(code));
        return NULL;
    }
    writer->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer->out.failure, record_error, ignore_warning);
    if (writer->png) writer->info = png_create_info_struct(writer->png);
    if (!writer->png || !writer->info) {
        cpng_writer_close(writer);
        set_status(status, CPNG_MEMORY, 0, "cannot create the libpng writer");
        return NULL;
    }
    if (setjmp(png_jmpbuf(writer->png))) {
        copy_failure(&writer->out.failure, status, "libpng failed");
        cpng_writer_close(writer);
        return NULL;
    }
    write_header(&writer->out, writer->png, writer->info, params, writer->texts);
    return writer;
}

int cpng_writer_chunk(cpng_writer *writer, const unsigned char *data, size_t size, cpng_status *status) {
    static const png_byte idat[5] = {'I', 'D', 'A', 'T', 0};
    set_status(status, CPNG_OK, 0, "");
    if (setjmp(png_jmpbuf(writer->png))) {
        copy_failure(&writer->out.failure, status, "libpng failed");
        return status->code;
    }
    png_write_chunk(writer->png, idat, data, size);
    return CPNG_OK;
}

int cpng_writer_finish(cpng_writer *writer, cpng_status *status) {
    static const png_byte iend[5] = {'I', 'E', 'N', 'D', 0};
    set_status(status, CPNG_OK, 0, "");
    if (setjmp(png_jmpbuf(writer->png))) {
        copy_failure(&writer->out.failure, status, "libpng failed");
        return status->code;
    }
    png_write_chunk(writer->png, iend, NULL, 0);
    FILE *file = writer->out.file;
    writer->out.file = NULL;
    if (fclose(file) != 0) {
        int code = errno;
        set_status(status, CPNG_IO, code, "cannot write: %s", strerror(code));
        return CPNG_IO;
    }
    return CPNG_OK;
}

int cpng_write_encoded(const char *path, const unsigned char *zlib_stream, size_t size,
                       const cpng_write_params *params, cpng_status *status) {
    if (!zlib_stream || size == 0) {
        set_status(status, CPNG_FORMAT, 0, "no image data");
        return CPNG_FORMAT;
    }
    cpng_writer *writer = cpng_writer_open(path, params, status);
    if (!writer) return status->code;
    int code = CPNG_OK;
    for (size_t offset = 0; offset < size && code == CPNG_OK; offset += CPNG_IDAT_BYTES) {
        size_t length = size - offset < CPNG_IDAT_BYTES ? size - offset : CPNG_IDAT_BYTES;
        code = cpng_writer_chunk(writer, zlib_stream + offset, length, status);
    }
    if (code == CPNG_OK) code = cpng_writer_finish(writer, status);
    cpng_writer_close(writer);
    return code;
}
