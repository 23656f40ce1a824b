// Turns every C++ exception into a CEXRError: the one place exceptions stop.
#pragma once

#include "CEXR.h"
#include "vfx_interrupt.h"

#include <Iex.h>
#include <ImfCompression.h>
#include <IexErrnoExc.h>
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
    Failure(int32_t status, std::string text) : status(status), text(std::move(text)) {}
    const char *what() const noexcept override { return text.c_str(); }
};

/// Throws CEXR_CANCELLED once a cancel was requested (Ctrl-C): long reads and writes
/// call it between chunks or bands of rows, so they stop within one band.
inline void throwIfCancelled() {
    if (vfx_cancel_requested()) throw Failure(CEXR_CANCELLED, "cancelled");
}

/// Scanlines per chunk of each compression (the OpenEXR file layout).
inline int linesPerChunk(Imf::Compression compression) {
    switch (compression) {
    case Imf::ZIP_COMPRESSION: case Imf::PXR24_COMPRESSION: return 16;
    case Imf::PIZ_COMPRESSION: case Imf::B44_COMPRESSION: case Imf::B44A_COMPRESSION:
    case Imf::DWAA_COMPRESSION: return 32;
    case Imf::DWAB_COMPRESSION: return 256;
    default: return 1;
    }
}

/// How many scanlines (or rows of tiles) one call of the C++ API handles between cancel
/// checks: several chunks per thread of OpenEXR's pool, so each call stays parallel.
inline int bandLines(int linesPerChunk, int threads) {
    int chunks = 4 * (threads > 1 ? threads : 1);
    return linesPerChunk * (chunks < 8 ? 8 : chunks);
}

inline int32_t report(CEXRError *error, int32_t status, const char *message) {
    if (error) {
        error->status = status;
        error->code = 0;
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
        return report(error, failure.status, failure.what());
    } catch (const std::bad_alloc &) {
        return report(error, CEXR_OUT_OF_MEMORY, "out of memory");
    } catch (const IEX_NAMESPACE::EioExc &exc) {
        return report(error, CEXR_IO_ERROR, exc.what());
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
