// libjpeg's error manager for the CJPEG reader and writer: errors longjmp back to the
// calling CJPEG function with a message kept here, never printed.
#ifndef CJPEG_ERRORS_H
#define CJPEG_ERRORS_H

#include "CJPEG.h"

#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h>

/// Where libjpeg's errors land: the first member of a reader or writer, whose libjpeg
/// struct's `client_data` points to it. Its progress monitor is the cancel check.
typedef struct {
    struct jpeg_error_mgr errors;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    int code;
    int system_error;
    char message[CJPEG_MESSAGE_LENGTH];
} cjpeg_failure;

/// Points `common` (a compress or decompress struct) at `failure` for its errors.
void cjpeg_failure_attach(cjpeg_failure *failure, j_common_ptr common);

/// Makes libjpeg ask the cancel check (cjpeg_set_cancel_check) at its progress points
/// (every call to read or write rows, every MCU row while a multi-scan file is read);
/// a cancel fails with CJPEG_CANCELLED. Call after jpeg_create_* (which clears `progress`).
void cjpeg_failure_watch_cancel(cjpeg_failure *failure, j_common_ptr common);

/// Records `code` and libjpeg's message for the current error (the first one only) and
/// longjmps to `failure->jump`.
void cjpeg_failure_raise(j_common_ptr common, int code);

/// Records `code` and `message` unless a failure is recorded already.
void cjpeg_failure_set(cjpeg_failure *failure, int code, const char *message);

void cjpeg_set_status(cjpeg_status *status, int code, const char *message);

/// A zeroed reader or writer of `size` bytes (free with free()), or NULL with
/// CJPEG_MEMORY in `status`.
void *cjpeg_new_handle(size_t size, cjpeg_status *status);

/// The recorded failure as a status (CJPEG_FORMAT when none has a code).
void cjpeg_failure_status(const cjpeg_failure *failure, cjpeg_status *status);

#endif
