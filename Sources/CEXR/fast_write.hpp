// The parallel libdeflate writer for single-part scanline ZIP/ZIPS files.
#pragma once

#include "CEXR.h"

#include <ImfHeader.h>

namespace cexr {

/// True when `writeFast` can write this header (one scanline part, ZIP or ZIPS,
/// increasing y, no subsampling).
bool canWriteFast(const Imf::Header &header, int32_t partCount);

/// Writes the part to `path` with `threads` compressing threads; throws on failure.
void writeFast(const char *path, const Imf::Header &header, const CEXRPartSpec &spec, int threads);

} // namespace cexr
