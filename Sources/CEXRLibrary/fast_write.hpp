// The parallel writer of EXR parts of every compression (scanline, or tiled at one level).
#pragma once

#include "CEXR.h"

#include <ImfHeader.h>

namespace cexr {

/// True when `writeFast` can write this part (FastBandWriter when `streamed`): scanline or
/// tiled at one level, no subsampling, increasing y (or decreasing, for a scanline part
/// written whole).
bool canWriteFast(const Imf::Header &header, bool streamed = false);

/// Writes the `count` parts (a multi-part file when more than one) to `path`, each part's
/// chunks compressed on `threads` threads; throws on failure.
void writeFast(const char *path, const Imf::Header *headers, const CEXRPartSpec *specs, int count, int threads);

} // namespace cexr

#include <vector>

namespace cexr {

/// `writeFast` band after band (vfxpy.create): the header now, each band's chunks
/// compressed in parallel and written as they finish, the offset table at `finish`.
/// Bands start and end on a chunk (chunkLines: 16 lines for ZIP and PXR24, 32 for PIZ, B44
/// and DWAA, 256 for DWAB, 1 for ZIPS, RLE and none; a tiled part's tile height); only the
/// last may end inside one.
class FastBandWriter {
public:
    FastBandWriter(const char *path, const Imf::Header &header, const CEXRPartSpec &spec, int threads);
    ~FastBandWriter();
    FastBandWriter(const FastBandWriter &) = delete;
    FastBandWriter &operator=(const FastBandWriter &) = delete;

    /// Rows `first`..`first + rows - 1` (file coordinates), interleaved as in `spec`.
    void write(const char *pixels, size_t yStride, int first, int rows);
    void finish();
    int chunkLines() const { return linesPerChunk; }

private:
    Imf::Header header;
    CEXRPartSpec spec;
    int threads;
    std::vector<char> head;
    int yMin = 0, yMax = 0, linesPerChunk = 1, chunkCount = 0;
    int rowsWritten = 0;
    int fd = -1;
    uint64_t fileOffset = 0;
    uint64_t writebackFrom = 0; // where the last early writeback request ended
    std::vector<uint64_t> offsets;
};

} // namespace cexr
