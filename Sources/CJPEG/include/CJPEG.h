// CJPEG: libjpeg-turbo's libjpeg API behind a small C interface, for decoding a JPEG a
// few rows at a time (`jpeg_read_scanlines`; TurboJPEG's tj API decodes whole frames
// only). libjpeg reports errors by longjmp, which must not cross Swift frames, so every
// libjpeg call lives here under its own setjmp; messages come back in a status, never
// on stderr.
#ifndef CJPEG_H
#define CJPEG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CJPEG_MESSAGE_LENGTH = 256 };
/// CJPEG_OK; CJPEG_FORMAT (the data is not valid JPEG); CJPEG_TRUNCATED (the data ends
/// early: libjpeg's "premature end" warnings, errors here as in the whole-frame decode).
enum { CJPEG_OK = 0, CJPEG_FORMAT = 1, CJPEG_TRUNCATED = 2, CJPEG_MEMORY = 3 };
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

#ifdef __cplusplus
}
#endif

#endif
