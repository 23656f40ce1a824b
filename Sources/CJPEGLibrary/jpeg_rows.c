// libjpeg behind setjmp: see CJPEG.h (this file is part of libvfxrun-jpeg.so).
#include "CJPEG.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

struct cjpeg_reader {
    struct jpeg_decompress_struct info;
    struct jpeg_error_mgr errors;
    jmp_buf jump;
    int code;
    char message[CJPEG_MESSAGE_LENGTH];
    int started;
};

static void fail(j_common_ptr common, int code) {
    cjpeg_reader *reader = (cjpeg_reader *)common->client_data;
    if (reader->code == CJPEG_OK) {
        reader->code = code;
        (*common->err->format_message)(common, reader->message);
    }
    longjmp(reader->jump, 1);
}

static void error_exit(j_common_ptr common) {
    fail(common, common->err->msg_code == JERR_OUT_OF_MEMORY ? CJPEG_MEMORY : CJPEG_FORMAT);
}

/// Warnings (level -1) that mean the data ends early fail as they do in the whole-frame
/// decode (JPEGDecoder); others are tolerated, as libjpeg does. Trace messages are dropped.
static void emit_message(j_common_ptr common, int level) {
    if (level != -1) return;
    common->err->num_warnings++;
    int code = common->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) fail(common, CJPEG_TRUNCATED);
}

static void output_message(j_common_ptr common) { (void)common; }

static void set_status(cjpeg_status *status, int code, const char *message) {
    status->code = code;
    snprintf(status->message, sizeof status->message, "%s", message);
}

static void copy_status(const cjpeg_reader *reader, cjpeg_status *status) {
    set_status(status, reader->code == CJPEG_OK ? CJPEG_FORMAT : reader->code,
               reader->message[0] ? reader->message : "libjpeg failed");
}

void cjpeg_reader_close(cjpeg_reader *reader) {
    if (!reader) return;
    jpeg_destroy_decompress(&reader->info);
    free(reader);
}

cjpeg_reader *cjpeg_reader_open(const void *data, size_t size, int channels, cjpeg_status *status) {
    set_status(status, CJPEG_OK, "");
    if (channels != 1 && channels != 3) {
        set_status(status, CJPEG_FORMAT, "only gray and RGB output");
        return NULL;
    }
    cjpeg_reader *reader = (cjpeg_reader *)calloc(1, sizeof *reader);
    if (!reader) {
        set_status(status, CJPEG_MEMORY, "out of memory");
        return NULL;
    }
    reader->info.err = jpeg_std_error(&reader->errors);
    reader->errors.error_exit = error_exit;
    reader->errors.emit_message = emit_message;
    reader->errors.output_message = output_message;
    reader->info.client_data = reader;
    if (setjmp(reader->jump)) {
        copy_status(reader, status);
        cjpeg_reader_close(reader);
        return NULL;
    }
    jpeg_create_decompress(&reader->info);
    jpeg_mem_src(&reader->info, (const unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&reader->info, TRUE);
    reader->info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    reader->info.dct_method = JDCT_ISLOW;
    reader->info.do_fancy_upsampling = TRUE;
    jpeg_start_decompress(&reader->info);
    if ((int)reader->info.output_components != channels) {
        reader->code = CJPEG_FORMAT;
        snprintf(reader->message, sizeof reader->message, "decodes to %d components, not %d",
                 reader->info.output_components, channels);
        copy_status(reader, status);
        cjpeg_reader_close(reader);
        return NULL;
    }
    return reader;
}

int cjpeg_reader_read_rows(cjpeg_reader *reader, void *pixels, size_t row_bytes, uint32_t count,
                           cjpeg_status *status) {
    set_status(status, CJPEG_OK, "");
    if (reader->code != CJPEG_OK) {
        copy_status(reader, status);
        return status->code;
    }
    size_t needed = (size_t)reader->info.output_width * (size_t)reader->info.output_components;
    if (pixels && row_bytes < needed) {
        set_status(status, CJPEG_FORMAT, "the row buffer is too small");
        return status->code;
    }
    if (count > reader->info.output_height - reader->info.output_scanline) {
        set_status(status, CJPEG_FORMAT, "more rows asked for than are left");
        return status->code;
    }
    unsigned char *volatile scratch = NULL;
    if (!pixels) {
        scratch = (unsigned char *)malloc(needed ? needed : 1);
        if (!scratch) {
            set_status(status, CJPEG_MEMORY, "out of memory for a row");
            return status->code;
        }
    }
    if (setjmp(reader->jump)) {
        free(scratch);
        copy_status(reader, status);
        return status->code;
    }
    for (uint32_t row = 0; row < count;) {
        JSAMPROW target = scratch ? scratch : (JSAMPROW)pixels + (size_t)row * row_bytes;
        JDIMENSION read = jpeg_read_scanlines(&reader->info, &target, 1);
        if (read == 0) {  // a memory source never suspends: this is corrupt data
            reader->code = CJPEG_FORMAT;
            snprintf(reader->message, sizeof reader->message, "no row decoded at row %u",
                     reader->info.output_scanline);
            free(scratch);
            copy_status(reader, status);
            return status->code;
        }
        row += read;
    }
    free(scratch);
    return CJPEG_OK;
}
