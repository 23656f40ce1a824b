// The cancel check of libvfxrun-png.so's reads: the process's vfx_cancel_requested, which
// the loader (Sources/CPNG/loader.c) passes in after opening the library (its flag and the
// task tokens live in vfxrun, not here). See cpng_set_cancel_check in CPNG.h.
#include "png_decode.h"

#include <stdatomic.h>
#include <stdio.h>

static _Atomic(int (*)(void)) cancel_check;

void cpng_set_cancel_check(int (*check)(void)) { atomic_store_explicit(&cancel_check, check, memory_order_release); }

int cpng_cancelled(cpng_status *status) {
    int (*check)(void) = atomic_load_explicit(&cancel_check, memory_order_acquire);
    if (!check || !check()) return 0;
    status->code = CPNG_CANCELLED;
    status->system_error = 0;
    snprintf(status->message, sizeof status->message, "cancelled");
    return 1;
}
