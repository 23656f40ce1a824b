// The one place the exceptions of a library's C++ code stop (CEXRLibrary, COCIOLibrary):
// `guarded` runs the body of a C entry point and turns whatever it throws into the
// library's error struct (`status`, `code`: an errno or 0, `message[]`). Each library's
// own guarded.hpp names its status codes and what its C++ library's exceptions mean.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <utility>

namespace vfx {

/// An error a wrapper raises itself, with its status (and errno for I/O errors, else 0).
struct Failure : std::exception {
    int32_t status;
    int32_t code;
    std::string text;
    Failure(int32_t status, std::string text, int32_t code = 0) : status(status), code(code), text(std::move(text)) {}
    const char *what() const noexcept override { return text.c_str(); }
};

/// Fills `*error` (when given) and returns `status`.
template <typename Error>
int32_t report(Error *error, int32_t status, const char *message, int32_t code = 0) {
    if (error) {
        error->status = status;
        error->code = code;
        std::snprintf(error->message, sizeof(error->message), "%s", message ? message : "unknown error");
    }
    return status;
}

/// What a library makes of an exception it did not raise itself: a status and an errno (or 0).
struct Verdict {
    int32_t status;
    int32_t code;
};

/// The status codes a library's `guarded` reports besides a Failure's own.
struct Statuses {
    int32_t ok;
    int32_t outOfMemory;
    /// For anything thrown that is not a std::exception.
    int32_t unknown;
    const char *unknownMessage;
};

/// Runs `body`: `statuses.ok` with `*error` cleared when it returns, else the status of
/// what it threw (a Failure's own, `outOfMemory` for bad_alloc, `classify(exception)` for
/// any other std::exception, `unknown` for the rest). `classify` must not throw.
template <typename Error, typename Classify, typename Body>
int32_t guarded(Error *error, const Statuses &statuses, Classify &&classify, Body &&body) noexcept {
    try {
        body();
        if (error) {
            error->status = statuses.ok;
            error->code = 0;
            error->message[0] = 0;
        }
        return statuses.ok;
    } catch (const Failure &failure) {
        return report(error, failure.status, failure.what(), failure.code);
    } catch (const std::bad_alloc &) {
        return report(error, statuses.outOfMemory, "out of memory");
    } catch (const std::exception &exc) {
        Verdict verdict = classify(exc);
        return report(error, verdict.status, exc.what(), verdict.code);
    } catch (...) {
        return report(error, statuses.unknown, statuses.unknownMessage);
    }
}

} // namespace vfx
