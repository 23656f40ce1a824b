// See header_scan.cpp.
#pragma once

namespace cexr {

/// Throws Failure(CEXR_FORMAT_ERROR) when an attribute of the EXR header at `path` claims
/// more bytes than the file has left. Other problems are left for OpenEXR to report.
void checkHeaderSizes(const char *path);

} // namespace cexr
