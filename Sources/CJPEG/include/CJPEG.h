// CJPEG: libjpeg-turbo for Swift. Its TurboJPEG API (whole frames) under cjpeg_tj_*
// names, and its libjpeg API behind a small C interface for decoding a JPEG a few rows at
// a time (`jpeg_read_scanlines`; the tj API decodes whole frames only). libjpeg reports
// errors by longjmp, which must not cross Swift frames, so every libjpeg call lives in C
// under its own setjmp; messages come back in a status, never on stderr. TurboJPEG
// reports through tjGetErrorStr2/tjGetErrorCode and does not print.
//
// These functions are implemented in their own shared library, libvfxrun-jpeg.so
// (Sources/CJPEGLibrary, linked against libturbojpeg and libjpeg); vfxrun links only their
// loader (Sources/CJPEG/loader.c), which opens that library on first use (vfx_library.h).
// Call cjpeg_available before the cjpeg_tj_* functions; cjpeg_reader_open gives
// CJPEG_UNSUPPORTED with the reason when the library cannot be loaded. turbojpeg.h gives
// the types and constants (TJPF_*, TJSAMP_*, tjhandle).
#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>
#include <turbojpeg.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CJPEG_MESSAGE_LENGTH = 256 };
/// CJPEG_OK; CJPEG_FORMAT (the data is not valid JPEG); CJPEG_TRUNCATED (the data ends
/// early: libjpeg's "premature end" warnings, errors here as in the whole-frame decode);
/// CJPEG_UNSUPPORTED (libvfxrun-jpeg.so cannot be loaded).
enum { CJPEG_OK = 0, CJPEG_FORMAT = 1, CJPEG_TRUNCATED = 2, CJPEG_MEMORY = 3, CJPEG_UNSUPPORTED = 4 };
typedef struct {
    int code;
    char message[CJPEG_MESSAGE_LENGTH];
} cjpeg_status;

typedef struct cjpeg_reader cjpeg_reader;

/// Starts decoding the JPEG in `data[0..<size]` (valid until `cjpeg_reader_close`) as
/// 8-bit gray (`channels` 1) or RGB (3), with TurboJPEG's default choices (the accurate
/// integer DCT, fancy upsampling), so rows equal `tjDecompress2`'s. NULL on failure.
cjpeg_reader *cjpeg_reader_open(const void *data, size_t size, int channels, cjpeg_status *status);

/// Decodes the next `count` rows into `pixels` (`row_bytes` apart), or skips them when
/// `pixels` is NULL. After a failure the reader is spent: open a new one.
int cjpeg_reader_read_rows(cjpeg_reader *reader, void *pixels, size_t row_bytes, uint32_t count,
                           cjpeg_status *status);

void cjpeg_reader_close(cjpeg_reader *reader);

/// 1 when libvfxrun-jpeg.so is loaded (loading it on the first call); else 0 with the
/// reason in `message` (`size` bytes). (The loader's own function.)
int cjpeg_available(char *message, size_t size);

/// TurboJPEG's functions: cjpeg_tj_X is tjX (tjInitDecompress, tjDecompressHeader3, ...).
tjhandle cjpeg_tj_init_decompress(void);
tjhandle cjpeg_tj_init_compress(void);
int cjpeg_tj_destroy(tjhandle handle);
int cjpeg_tj_decompress_header3(tjhandle handle, const unsigned char *jpeg, unsigned long size, int *width,
                                int *height, int *subsampling, int *colorspace);
int cjpeg_tj_decompress2(tjhandle handle, const unsigned char *jpeg, unsigned long size, unsigned char *pixels,
                         int width, int pitch, int height, int pixel_format, int flags);
int cjpeg_tj_compress2(tjhandle handle, const unsigned char *pixels, int width, int pitch, int height,
                       int pixel_format, unsigned char **jpeg, unsigned long *size, int subsampling, int quality,
                       int flags);
int cjpeg_tj_get_error_code(tjhandle handle);
char *cjpeg_tj_get_error_str2(tjhandle handle);
unsigned char *cjpeg_tj_alloc(int bytes);
void cjpeg_tj_free(unsigned char *buffer);

#ifdef __cplusplus
}
#endif

#endif
