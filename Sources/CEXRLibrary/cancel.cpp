// The cancel check (Ctrl-C, or the cancel token of an async task) of this library: the
// process's vfx_cancel_requested, which the loader passes in after opening the library (its
// flag lives in vfxrun, not here), and the functions that carry a task's token to the
// library's worker threads.
#include "CEXR.h"
#include "chunked_work.hpp"

#include <atomic>

namespace {
std::atomic<int (*)(void)> cancelCheck{nullptr};
std::atomic<void *(*)(void)> currentTask{nullptr};
std::atomic<void *(*)(void *)> adoptTask{nullptr};
} // namespace

bool cexr::cancelRequested() {
    auto check = cancelCheck.load(std::memory_order_acquire);
    return check && check() != 0;
}

void *cexr::currentCancelTask() {
    auto current = currentTask.load(std::memory_order_acquire);
    return current ? current() : nullptr;
}

void cexr::adoptCancelTask(void *task) {
    auto adopt = adoptTask.load(std::memory_order_acquire);
    if (adopt) adopt(task);
}

extern "C" void cexr_set_cancel_check(int (*check)(void), void *(*current_task)(void), void *(*adopt_task)(void *)) {
    currentTask.store(current_task, std::memory_order_release);
    adoptTask.store(adopt_task, std::memory_order_release);
    cancelCheck.store(check, std::memory_order_release);
}
