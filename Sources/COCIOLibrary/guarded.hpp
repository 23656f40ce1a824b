// Turns every C++ exception into a COCIOError: the one place exceptions stop. Also
// installs OCIO's logging function that drops every message, before any OCIO call.
#pragma once

#include "COCIO.h"

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

/// An error this wrapper raises itself, with its status.
struct Failure : std::exception {
    int32_t status;
    int32_t code;
    std::string text;
    Failure(int32_t status, std::string text, int32_t code = 0) : status(status), code(code), text(std::move(text)) {}
    const char *what() const noexcept override { return text.c_str(); }
};

inline int32_t report(COCIOError *error, int32_t status, const char *message, int32_t code = 0) {
    if (error) {
        error->status = status;
        error->code = code;
        std::snprintf(error->message, sizeof(error->message), "%s", message ? message : "unknown error");
    }
    return status;
}

/// OCIO logs to stderr by default (warnings about configs, missing files): silence it once.
inline void quiet() {
    static std::once_flag once;
    std::call_once(once, [] {
        OCIO::SetLoggingFunction([](const char *) {});
        OCIO::SetLoggingLevel(OCIO::LOGGING_LEVEL_NONE);
    });
}

/// Runs `body`; any exception becomes a status and message.
template <typename Body>
int32_t guarded(COCIOError *error, Body &&body) noexcept {
    try {
        quiet();
        body();
        if (error) {
            error->status = COCIO_OK;
            error->code = 0;
            error->message[0] = 0;
        }
        return COCIO_OK;
    } catch (const Failure &failure) {
        return report(error, failure.status, failure.what(), failure.code);
    } catch (const std::bad_alloc &) {
        return report(error, COCIO_OUT_OF_MEMORY, "out of memory");
    } catch (const std::exception &exc) {
        return report(error, COCIO_OCIO_ERROR, exc.what());
    } catch (...) {
        return report(error, COCIO_OCIO_ERROR, "unknown error in OpenColorIO");
    }
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
