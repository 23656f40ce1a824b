// Turns every C++ exception into a CEXRError (vfx_guarded.hpp): the one place exceptions stop.
#pragma once

#include "CEXR.h"

#include "vfx_guarded.hpp"

#include <Iex.h>
#include <IexErrnoExc.h>
#include <cerrno>
#include <cstring>
#include <exception>
#include <utility>

namespace cexr {

using vfx::Failure;
using vfx::report;

/// Runs `body`; any exception becomes a status and message. `fallback` is the status of
/// an OpenEXR exception (FORMAT_ERROR when reading, IO_ERROR when writing); the errno
/// exceptions of a full or failing disk are IO_ERROR with their errno.
template <typename Body>
int32_t guarded(CEXRError *error, int32_t fallback, Body &&body) noexcept {
    auto classify = [fallback](const std::exception &exc) -> vfx::Verdict {
        if (dynamic_cast<const IEX_NAMESPACE::EioExc *>(&exc)) return {CEXR_IO_ERROR, EIO};
        if (dynamic_cast<const IEX_NAMESPACE::EnospcExc *>(&exc)) return {CEXR_IO_ERROR, ENOSPC};
        if (dynamic_cast<const IEX_NAMESPACE::EdquotExc *>(&exc)) return {CEXR_IO_ERROR, EDQUOT};
        if (dynamic_cast<const IEX_NAMESPACE::EfbigExc *>(&exc)) return {CEXR_IO_ERROR, EFBIG};
        // any other (ErrnoExc included): reading, a bad offset in the file makes a seek
        // fail with EINVAL, which is the content's fault (FORMAT_ERROR); writing, the file
        // system's (IO_ERROR)
        return {fallback, 0};
    };
    return vfx::guarded(error, {CEXR_OK, CEXR_OUT_OF_MEMORY, fallback, "unknown error in OpenEXR"}, classify,
                        std::forward<Body>(body));
}

} // namespace cexr
