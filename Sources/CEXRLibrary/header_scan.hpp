// See header_scan.cpp.
#pragma once

namespace cexr {

/// Walks the EXR header at `path` the way OpenEXR 3.1's C++ reader will, before it does:
/// that reader allocates what a header says (an attribute's size field, a preview's
/// width × height, a string vector's lengths) before reading the bytes, so a 7 KB file
/// whose field said 2 GB made it allocate 2.1 GB before failing. Nothing a header holds
/// can be longer than what is left of the file; a claim beyond that throws
/// Failure(CEXR_FORMAT_ERROR). Everything else is left for OpenEXR to judge and report.
void checkHeader(const char *path);

} // namespace cexr
