// libjpeg's encoder behind setjmp, a few rows at a time: see CJPEG.h. The settings are
// the ones TurboJPEG's tjCompress2 makes (libjpeg-turbo's setCompDefaults), so the bytes
// are the same as its whole-image output.
#include "CJPEG.h"
#include "jpeg_errors.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jerror.h>

enum { OUTPUT_BYTES = 1 << 16 };

struct cjpeg_writer {
    cjpeg_failure failure;  // first: libjpeg's client_data
    struct jpeg_compress_struct info;
    struct jpeg_destination_mgr destination;
    int fd;
    int created;
    JOCTET buffer[OUTPUT_BYTES];
};

/// Writes `length` bytes of the buffer to the file; on failure records errno and raises
/// libjpeg's write error.
static void flush_bytes(cjpeg_writer *writer, size_t length) {
    const JOCTET *at = writer->buffer;
    while (length > 0) {
        ssize_t written = write(writer->fd, at, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            writer->failure.system_error = written < 0 ? errno : EIO;
            ERREXIT(&writer->info, JERR_FILE_WRITE);
        }
        at += written;
        length -= (size_t)written;
    }
}

static void init_destination(j_compress_ptr info) {
    cjpeg_writer *writer = (cjpeg_writer *)info->client_data;
    writer->destination.next_output_byte = writer->buffer;
    writer->destination.free_in_buffer = OUTPUT_BYTES;
}

static boolean empty_output_buffer(j_compress_ptr info) {
    cjpeg_writer *writer = (cjpeg_writer *)info->client_data;
    flush_bytes(writer, OUTPUT_BYTES);
    init_destination(info);
    return TRUE;
}

static void term_destination(j_compress_ptr info) {
    cjpeg_writer *writer = (cjpeg_writer *)info->client_data;
    flush_bytes(writer, OUTPUT_BYTES - writer->destination.free_in_buffer);
}

void cjpeg_writer_close(cjpeg_writer *writer) {
    if (!writer) return;
    if (writer->created) jpeg_destroy_compress(&writer->info);
    free(writer);
}

cjpeg_writer *cjpeg_writer_open(int fd, const cjpeg_write_params *params, cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    int components = params->input_components;
    if (components != 1 && components != 3 && components != 4) {
        cjpeg_set_status(status, CJPEG_FORMAT, "only gray, RGB and RGBX input");
        return NULL;
    }
    if (params->quality < 1 || params->quality > 100 || params->h_sampling < 1 || params->h_sampling > 2
        || params->v_sampling < 1 || params->v_sampling > 2 || params->density_unit < 0 || params->density_unit > 2) {
        cjpeg_set_status(status, CJPEG_FORMAT, "invalid JPEG settings");
        return NULL;
    }
    cjpeg_writer *writer = (cjpeg_writer *)cjpeg_new_handle(sizeof *writer, status);
    if (!writer) return NULL;
    writer->fd = fd;
    struct jpeg_compress_struct *info = &writer->info;
    cjpeg_failure_attach(&writer->failure, (j_common_ptr)info);
    if (setjmp(writer->failure.jump)) {
        cjpeg_failure_status(&writer->failure, status);
        cjpeg_writer_close(writer);
        return NULL;
    }
    jpeg_create_compress(info);
    writer->created = 1;
    cjpeg_failure_watch_cancel(&writer->failure, (j_common_ptr)info);
    writer->destination.init_destination = init_destination;
    writer->destination.empty_output_buffer = empty_output_buffer;
    writer->destination.term_destination = term_destination;
    info->dest = &writer->destination;
    info->image_width = params->width;
    info->image_height = params->height;
    info->input_components = components;
    info->in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_EXT_RGB : JCS_EXT_RGBX;
    // tjCompress2's order: defaults, quality (baseline tables), DCT, color space, sampling
    jpeg_set_defaults(info);
    jpeg_set_quality(info, params->quality, TRUE);
    info->dct_method = JDCT_ISLOW;
    jpeg_set_colorspace(info, components == 1 ? JCS_GRAYSCALE : JCS_YCbCr);
    info->comp_info[0].h_samp_factor = params->h_sampling;
    info->comp_info[0].v_samp_factor = params->v_sampling;
    for (int component = 1; component < info->num_components; component++) {
        info->comp_info[component].h_samp_factor = 1;
        info->comp_info[component].v_samp_factor = 1;
    }
    info->density_unit = (UINT8)params->density_unit;
    info->X_density = params->x_density;
    info->Y_density = params->y_density;
    jpeg_start_compress(info, TRUE);
    return writer;
}

int cjpeg_writer_marker(cjpeg_writer *writer, int marker, const void *data, size_t length, cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    if (writer->failure.code != CJPEG_OK) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    if (length > 65533 || writer->info.next_scanline > 0) {
        cjpeg_set_status(status, CJPEG_FORMAT, length > 65533 ? "a marker segment holds at most 65533 bytes"
                                                              : "markers go before the first row");
        return status->code;
    }
    if (setjmp(writer->failure.jump)) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    jpeg_write_marker(&writer->info, marker, (const JOCTET *)data, (unsigned int)length);
    return CJPEG_OK;
}

int cjpeg_writer_write_rows(cjpeg_writer *writer, const void *pixels, size_t row_bytes, uint32_t count,
                            cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    if (writer->failure.code != CJPEG_OK) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    struct jpeg_compress_struct *info = &writer->info;
    if (!pixels || row_bytes < (size_t)info->image_width * (size_t)info->input_components) {
        cjpeg_set_status(status, CJPEG_FORMAT, "the rows are too short");
        return status->code;
    }
    if (count > info->image_height - info->next_scanline) {
        cjpeg_set_status(status, CJPEG_FORMAT, "more rows than the image has left");
        return status->code;
    }
    if (setjmp(writer->failure.jump)) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    // libjpeg takes rows up to the end of the iMCU row it is filling: hand it a few at a time
    enum { BATCH = 16 };
    JSAMPROW rows[BATCH];
    uint32_t done = 0;
    while (done < count) {
        uint32_t batch = count - done < BATCH ? count - done : BATCH;
        for (uint32_t k = 0; k < batch; k++)
            rows[k] = (JSAMPROW)((const unsigned char *)pixels + (size_t)(done + k) * row_bytes);
        JDIMENSION taken = jpeg_write_scanlines(info, rows, batch);
        if (taken == 0) {  // our destination never suspends
            cjpeg_failure_set(&writer->failure, CJPEG_FORMAT, "libjpeg took no rows");
            cjpeg_failure_status(&writer->failure, status);
            return status->code;
        }
        done += taken;
    }
    return CJPEG_OK;
}

int cjpeg_writer_finish(cjpeg_writer *writer, cjpeg_status *status) {
    cjpeg_set_status(status, CJPEG_OK, "");
    if (writer->failure.code != CJPEG_OK) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    if (writer->info.next_scanline < writer->info.image_height) {
        cjpeg_set_status(status, CJPEG_FORMAT, "rows are missing");
        return status->code;
    }
    if (setjmp(writer->failure.jump)) {
        cjpeg_failure_status(&writer->failure, status);
        return status->code;
    }
    jpeg_finish_compress(&writer->info);
    return CJPEG_OK;
}
