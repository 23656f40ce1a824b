// Turns every C++ exception into a CEXRError: the one place exceptions stop.
#pragma once

#include "CEXR.h"

#include <Iex.h>
#include <IexErrnoExc.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <string>

namespace cexr {

/// An error this wrapper raises itself, with its status.
struct Failure : std::exception {
    int32_t status;
    std::string text;
    /// errno for IO_ERROR, else 0.
    int32_t code;
    Failure(int32_t status, std::string text, int32_t code = 0)
        : status(status), text(std::move(text)), code(code) {}
    const char *what() const noexcept override { return text.c_str(); }
};

inline int32_t report(CEXRError *error, int32_t status, const char *message, int32_t code = 0) {
    if (error) {
        error->status = status;
        error->code = code;
        std::snprintf(error->message, sizeof(error->message), "%s", message ? message : "unknown error");
    }
    return status;
}

/// Runs `body`; any exception becomes a status and message. `fallback` is the status of
/// an OpenEXR exception (FORMAT_ERROR when reading, IO_ERROR when writing).
template <typename Body>
int32_t guarded(CEXRError *error, int32_t fallback, Body &&body) noexcept {
    try {
        body();
        if (error) {
            error->status = CEXR_OK;
            error->message[0] = 0;
        }
        return CEXR_OK;
    } catch (const Failure &failure) {
        return report(error, failure.status, failure.what(), failure.code);
    } catch (const std::bad_alloc &) {
        return report(error, CEXR_OUT_OF_MEMORY, "out of memory");
    } catch (const IEX_NAMESPACE::EioExc &exc) {
        return report(error, CEXR_IO_ERROR, exc.what(), EIO);
    } catch (const IEX_NAMESPACE::EnospcExc &exc) {
        return report(error, CEXR_IO_ERROR, exc.what(), ENOSPC);
    } catch (const IEX_NAMESPACE::EdquotExc &exc) {
        return report(error, CEXR_IO_ERROR, exc.what(), EDQUOT);
    } catch (const IEX_NAMESPACE::EfbigExc &exc) {
        return report(error, CEXR_IO_ERROR, exc.what(), EFBIG);
    } catch (const IEX_NAMESPACE::ErrnoExc &exc) {
        // reading: a bad offset in the file makes a seek fail with EINVAL, which is the
        // content's fault (FORMAT_ERROR); writing: the file system's (IO_ERROR)
        return report(error, fallback, exc.what());
    } catch (const std::exception &exc) {
        return report(error, fallback, exc.what());
    } catch (...) {
        return report(error, fallback, "unknown error in OpenEXR");
    }
}

} // namespace cexr
