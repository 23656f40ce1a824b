// Turns every C++ exception into a COCIOError (vfx_guarded.hpp): the one place exceptions stop. Also
// installs OCIO's logging function that drops every message, before any OCIO call.
#pragma once

#include "COCIO.h"

#include "vfx_guarded.hpp"

#include <OpenColorIO/OpenColorIO.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>

namespace OCIO = OCIO_NAMESPACE;

namespace cocio {

using vfx::Failure;
using vfx::report;

/// OCIO logs to stderr by default (warnings about configs, missing files): silence it once.
inline void quiet() {
    static std::once_flag once;
    std::call_once(once, [] {
        OCIO::SetLoggingFunction([](const char *) {});
        OCIO::SetLoggingLevel(OCIO::LOGGING_LEVEL_NONE);
    });
}

/// Runs `body` (after `quiet`); any exception becomes a status and message.
template <typename Body>
int32_t guarded(COCIOError *error, Body &&body) noexcept {
    auto classify = [](const std::exception &) -> vfx::Verdict { return {COCIO_OCIO_ERROR, 0}; };
    return vfx::guarded(error, {COCIO_OK, COCIO_OUT_OF_MEMORY, COCIO_OCIO_ERROR, "unknown error in OpenColorIO"},
                        classify, [&] {
                            quiet();
                            body();
                        });
}

/// A malloc'd copy of `text` (the caller frees it with cocio_free).
inline char *copy(const std::string &text) {
    char *out = static_cast<char *>(std::malloc(text.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, text.data(), text.size() + 1);
    return out;
}

} // namespace cocio

struct COCIOConfig {
    OCIO::ConstConfigRcPtr config;
};

struct COCIOProcessor {
    OCIO::ConstConfigRcPtr config;
    OCIO::ConstProcessorRcPtr processor;
    /// The optimized steps, one transform each.
    OCIO::GroupTransformRcPtr steps;
    std::string cacheID;
};

struct COCIOCPU {
    OCIO::ConstCPUProcessorRcPtr cpu;
};
