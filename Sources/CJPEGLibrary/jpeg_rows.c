// libjpeg's decoder behind setjmp: see CJPEG.h (this file is part of libvfxrun-jpeg.so).
#include "CJPEG.h"
#include "jpeg_errors.h"

#include <stdlib.h>
#include <string.h>

struct cjpeg_reader {
    cjpeg_failure failure;  // first: libjpeg's client_data
    struct jpeg_decompress_struct info;
};

void cjpeg_reader_close(cjpeg_reader *reader) {
    if (!reader) return;
    jpeg_destroy_decompress(&reader->info);
    free(reader);
}

cjpeg_reader *cjpeg_reader_open(const void *data, size_t size, int channels, cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    if (channels != 1 && channels != 3) {
        cjpeg_set_status(status, CJPEG_FORMAT, "only gray and RGB output");
        return NULL;
    }
    cjpeg_reader *reader = (cjpeg_reader *)cjpeg_new_handle(sizeof *reader, status);
    if (!reader) return NULL;
    cjpeg_failure_attach(&reader->failure, (j_common_ptr)&reader->info);
    if (setjmp(reader->failure.jump)) {
        cjpeg_failure_status(&reader->failure, status);
        cjpeg_reader_close(reader);
        return NULL;
    }
    jpeg_create_decompress(&reader->info);
    cjpeg_failure_watch_cancel(&reader->failure, (j_common_ptr)&reader->info);
    jpeg_mem_src(&reader->info, (const unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&reader->info, TRUE);
    reader->info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    reader->info.dct_method = JDCT_ISLOW;
    reader->info.do_fancy_upsampling = TRUE;
    jpeg_start_decompress(&reader->info);
    if ((int)reader->info.output_components != channels) {
        char message[CJPEG_MESSAGE_LENGTH];
        snprintf(message, sizeof message, "decodes to %d components, not %d", reader->info.output_components,
                 channels);
        cjpeg_failure_set(&reader->failure, CJPEG_FORMAT, message);
        cjpeg_failure_status(&reader->failure, status);
        cjpeg_reader_close(reader);
        return NULL;
    }
    return reader;
}

int cjpeg_reader_read_rows(cjpeg_reader *reader, void *pixels, size_t row_bytes, uint32_t count,
                           cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    if (reader->failure.code != CJPEG_OK) {
        cjpeg_failure_status(&reader->failure, status);
        return status->code;
    }
    size_t needed = (size_t)reader->info.output_width * (size_t)reader->info.output_components;
    if (pixels && row_bytes < needed) {
        cjpeg_set_status(status, CJPEG_FORMAT, "the row buffer is too small");
        return status->code;
    }
    if (count > reader->info.output_height - reader->info.output_scanline) {
        cjpeg_set_status(status, CJPEG_FORMAT, "more rows asked for than are left");
        return status->code;
    }
    unsigned char *volatile scratch = NULL;
    if (!pixels) {
        scratch = (unsigned char *)malloc(needed ? needed : 1);
        if (!scratch) {
            cjpeg_set_status(status, CJPEG_MEMORY, "out of memory for a row");
            return status->code;
        }
    }
    if (setjmp(reader->failure.jump)) {
        free(scratch);
        cjpeg_failure_status(&reader->failure, status);
        return status->code;
    }
    // up to an iMCU row group a call (libjpeg fills no more), as tjDecompress2 does
    enum { BATCH = 16 };
    JSAMPROW targets[BATCH];
    for (uint32_t row = 0; row < count;) {
        uint32_t batch = scratch ? 1 : (count - row < BATCH ? count - row : BATCH);
        for (uint32_t k = 0; k < batch; k++)
            targets[k] = scratch ? scratch : (JSAMPROW)pixels + (size_t)(row + k) * row_bytes;
        JDIMENSION read = jpeg_read_scanlines(&reader->info, targets, batch);
        if (read == 0) {  // a memory source never suspends: this is corrupt data
            char message[CJPEG_MESSAGE_LENGTH];
            snprintf(message, sizeof message, "no row decoded at row %u", reader->info.output_scanline);
            cjpeg_failure_set(&reader->failure, CJPEG_FORMAT, message);
            free(scratch);
            cjpeg_failure_status(&reader->failure, status);
            return status->code;
        }
        row += read;
    }
    free(scratch);
    return CJPEG_OK;
}
