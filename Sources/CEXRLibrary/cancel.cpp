// The cancel check (Ctrl-C) of this library: the process's vfx_cancel_requested, which the
// loader passes in after opening the library (its flag lives in vfxrun, not here).
#include "CEXR.h"
#include "chunked_work.hpp"

#include <atomic>

namespace {
std::atomic<int (*)(void)> cancelCheck{nullptr};
}

bool cexr::cancelRequested() {
    auto check = cancelCheck.load(std::memory_order_acquire);
    return check && check() != 0;
}

extern "C" void cexr_set_cancel_check(int (*check)(void)) { cancelCheck.store(check, std::memory_order_release); }
