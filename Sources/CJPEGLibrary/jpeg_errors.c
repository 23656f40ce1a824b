// libjpeg's errors as CJPEG statuses: see jpeg_errors.h.
#include "jpeg_errors.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>

static _Atomic(int (*)(void)) cancel_check;

void cjpeg_set_cancel_check(int (*check)(void)) { atomic_store_explicit(&cancel_check, check, memory_order_release); }

static void check_cancel(j_common_ptr common) {
    int (*check)(void) = atomic_load_explicit(&cancel_check, memory_order_acquire);
    if (!check || !check()) return;
    cjpeg_failure *failure = (cjpeg_failure *)common->client_data;
    cjpeg_failure_set(failure, CJPEG_CANCELLED, "cancelled");
    longjmp(failure->jump, 1);
}

void cjpeg_failure_watch_cancel(cjpeg_failure *failure, j_common_ptr common) {
    failure->progress.progress_monitor = check_cancel;
    common->progress = &failure->progress;
}

void cjpeg_failure_raise(j_common_ptr common, int code) {
    cjpeg_failure *failure = (cjpeg_failure *)common->client_data;
    if (failure->code == CJPEG_OK) {
        failure->code = code;
        (*common->err->format_message)(common, failure->message);
    }
    longjmp(failure->jump, 1);
}

static void error_exit(j_common_ptr common) {
    int code = common->err->msg_code;
    cjpeg_failure_raise(common, code == JERR_OUT_OF_MEMORY ? CJPEG_MEMORY
                                : code == JERR_FILE_WRITE  ? CJPEG_IO
                                                           : CJPEG_FORMAT);
}

/// Warnings (level -1) that mean the data ends early fail as they do in the whole-frame
/// decode (JPEGDecoder); others are tolerated, as libjpeg does. Trace messages are dropped.
static void emit_message(j_common_ptr common, int level) {
    if (level != -1) return;
    common->err->num_warnings++;
    int code = common->err->msg_code;
    if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) cjpeg_failure_raise(common, CJPEG_TRUNCATED);
}

static void output_message(j_common_ptr common) { (void)common; }

void cjpeg_failure_attach(cjpeg_failure *failure, j_common_ptr common) {
    common->err = jpeg_std_error(&failure->errors);
    failure->errors.error_exit = error_exit;
    failure->errors.emit_message = emit_message;
    failure->errors.output_message = output_message;
    common->client_data = failure;
}

void cjpeg_failure_set(cjpeg_failure *failure, int code, const char *message) {
    if (failure->code != CJPEG_OK) return;
    failure->code = code;
    snprintf(failure->message, sizeof failure->message, "%s", message);
}

void cjpeg_set_status(cjpeg_status *status, int code, const char *message) {
    status->code = code;
    status->system_error = 0;
    snprintf(status->message, sizeof status->message, "%s", message);
}

void *cjpeg_new_handle(size_t size, cjpeg_status *status) {
    void *handle = calloc(1, size);
    if (!handle) cjpeg_set_status(status, CJPEG_MEMORY, "out of memory");
    return handle;
}

void cjpeg_failure_status(const cjpeg_failure *failure, cjpeg_status *status) {
    cjpeg_set_status(status, failure->code == CJPEG_OK ? CJPEG_FORMAT : failure->code,
                     failure->message[0] ? failure->message : "libjpeg failed");
    status->system_error = failure->system_error;
}
