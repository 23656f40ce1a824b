// CJPEG: libjpeg-turbo for Swift. Its TurboJPEG API (whole frames) under cjpeg_tj_*
// names, and its libjpeg API behind a small C interface for decoding and encoding a JPEG a
// few rows at a time (`jpeg_read_scanlines`, `jpeg_write_scanlines`; the tj API works on
// whole frames only). libjpeg reports errors by longjmp, which must not cross Swift frames,
// so every libjpeg call lives in C under its own setjmp; messages come back in a status,
// never on stderr. TurboJPEG reports through tjGetErrorStr2/tjGetErrorCode and does not print.
//
// These functions are implemented in their own shared library, libvfxrun-jpeg.so
// (Sources/CJPEGLibrary, linked against libturbojpeg and libjpeg); vfxrun links only their
// loader (Sources/CJPEG/loader.c), which opens that library on first use (vfx_library.h).
// Call cjpeg_available before the cjpeg_tj_* functions; cjpeg_reader_open and
// cjpeg_writer_open give CJPEG_UNSUPPORTED with the reason when the library cannot be
// loaded. turbojpeg.h gives the types and constants (TJPF_*, TJSAMP_*, tjhandle).
#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>
#include <turbojpeg.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CJPEG_MESSAGE_LENGTH = 256 };
/// CJPEG_OK; CJPEG_FORMAT (the data is not valid JPEG, or a request libjpeg refuses);
/// CJPEG_TRUNCATED (the data ends early: libjpeg's "premature end" warnings are errors
/// here); CJPEG_MEMORY; CJPEG_IO (writing the file failed: `system_error` holds errno);
/// CJPEG_UNSUPPORTED (libvfxrun-jpeg.so cannot be loaded); CJPEG_CANCELLED (the cancel
/// check, `cjpeg_set_cancel_check`, said stop).
enum {
    CJPEG_OK = 0, CJPEG_FORMAT = 1, CJPEG_TRUNCATED = 2, CJPEG_MEMORY = 3, CJPEG_IO = 4, CJPEG_UNSUPPORTED = 5,
    CJPEG_CANCELLED = 6
};
typedef struct {
    int code;
    int system_error;
    char message[CJPEG_MESSAGE_LENGTH];
} cjpeg_status;

typedef struct cjpeg_reader cjpeg_reader;

/// Starts decoding the JPEG in `data[0..<size]` (valid until `cjpeg_reader_close`) as
/// 8-bit gray (`channels` 1) or RGB (3), with TurboJPEG's default choices (the accurate
/// integer DCT, fancy upsampling), so rows equal `tjDecompress2`'s. A progressive file is
/// read whole (into libjpeg's coefficients) here. NULL on failure.
cjpeg_reader *cjpeg_reader_open(const void *data, size_t size, int channels, cjpeg_status *status);

/// Decodes the next `count` rows into `pixels` (`row_bytes` apart), or skips them when
/// `pixels` is NULL. After a failure the reader is spent: open a new one.
/// The reader and the writer ask the cancel check at every call into libjpeg's row
/// functions (libjpeg's progress monitor: every few rows, and every MCU row while a
/// progressive file is read in `cjpeg_reader_open`) and stop with CJPEG_CANCELLED.
int cjpeg_reader_read_rows(cjpeg_reader *reader, void *pixels, size_t row_bytes, uint32_t count,
                           cjpeg_status *status);

void cjpeg_reader_close(cjpeg_reader *reader);

typedef struct cjpeg_writer cjpeg_writer;

/// What `tjCompress2` is given: the image size, the input (1: gray; 3: RGB; 4: RGBX, the
/// 4th byte skipped), quality 1-100, the luma sampling factors (1x1 for 4:4:4 and gray,
/// 2x1 for 4:2:2, 2x2 for 4:2:0), and the JFIF density (unit 0, 1 or 2; libjpeg's
/// default is unit 0 at 1x1).
typedef struct {
    uint32_t width;
    uint32_t height;
    int input_components;
    int quality;
    int h_sampling;
    int v_sampling;
    int density_unit;
    uint16_t x_density;
    uint16_t y_density;
} cjpeg_write_params;

/// Starts a baseline JPEG on `fd` (left open; the caller closes it) with TurboJPEG's
/// settings for `params` (`jpeg_set_defaults`, `jpeg_set_quality` with baseline tables,
/// the accurate integer DCT, YCbCr or gray, the sampling factors): rows written through
/// `cjpeg_writer_write_rows` give the bytes `tjCompress2` gives for the whole image.
/// SOI and the JFIF APP0 are written; NULL on failure.
cjpeg_writer *cjpeg_writer_open(int fd, const cjpeg_write_params *params, cjpeg_status *status);

/// Writes a marker segment (`marker`: 0xE0-0xEF for APPn, 0xFE for COM) with `length`
/// bytes of payload; only before the first row.
int cjpeg_writer_marker(cjpeg_writer *writer, int marker, const void *data, size_t length, cjpeg_status *status);

/// Compresses the next `count` rows from `pixels` (`row_bytes` apart, `input_components`
/// bytes a pixel). After a failure the writer is spent.
int cjpeg_writer_write_rows(cjpeg_writer *writer, const void *pixels, size_t row_bytes, uint32_t count,
                            cjpeg_status *status);

/// Writes the end of the image (every row must be written) and flushes the bytes to `fd`.
int cjpeg_writer_finish(cjpeg_writer *writer, cjpeg_status *status);

void cjpeg_writer_close(cjpeg_writer *writer);

/// Sets the function the reader and writer ask whether to stop (1: stop), or NULL for
/// none. The loader passes the process's vfx_cancel_requested (vfx_interrupt.h: Ctrl-C, or
/// the cancel token of the task the calling thread works for) once it opened the library.
void cjpeg_set_cancel_check(int (*check)(void));

/// 1 when libvfxrun-jpeg.so is loaded (loading it on the first call); else 0 with the
/// reason in `message` (`size` bytes). (The loader's own function.)
int cjpeg_available(char *message, size_t size);

/// TurboJPEG's functions: cjpeg_tj_X is tjX (tjInitDecompress, tjDecompressHeader3, ...).
tjhandle cjpeg_tj_init_decompress(void);
tjhandle cjpeg_tj_init_compress(void);
int cjpeg_tj_destroy(tjhandle handle);
int cjpeg_tj_decompress_header3(tjhandle handle, const unsigned char *jpeg, unsigned long size, int *width,
                                int *height, int *subsampling, int *colorspace);
int cjpeg_tj_compress2(tjhandle handle, const unsigned char *pixels, int width, int pitch, int height,
                       int pixel_format, unsigned char **jpeg, unsigned long *size, int subsampling, int quality,
                       int flags);
char *cjpeg_tj_get_error_str2(tjhandle handle);
unsigned char *cjpeg_tj_alloc(int bytes);
void cjpeg_tj_free(unsigned char *buffer);

#ifdef __cplusplus
}
#endif

#endif
