// Work over an EXR's chunks: threads that share them, and bands of rows for OpenEXR's
// C++ API, with a cancel check (Ctrl-C, the loader's cexr_set_cancel_check) between chunks or bands.
#pragma once

#include "guarded.hpp"

#include <ImfCompression.h>
#include <ImfThreading.h>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace cexr {

/// True once a cancel was requested (the check cexr_set_cancel_check installed).
bool cancelRequested();

/// The cancel token of the task this thread works for (opaque; NULL: none).
void *currentCancelTask();
/// Makes `task` (from currentCancelTask) the one this thread works for.
void adoptCancelTask(void *task);

/// Throws CEXR_CANCELLED once a cancel was requested (Ctrl-C).
inline void throwIfCancelled() {
    if (cancelRequested()) throw Failure(CEXR_CANCELLED, "cancelled");
}

/// Lets the per-chunk buffers OpenEXR's codecs allocate and free (Imf::hufCompress: about
/// 1 MiB per call) stay in malloc's heaps between chunks. glibc maps blocks above its mmap
/// threshold (128 KiB at first) and gives a heap's free top back to the kernel above twice
/// that, so every chunk paid page faults for fresh zeroed pages (a 4K tiled PIZ write: 1.35 s,
/// 0.49 s without them). Freeing one mapped block raises both thresholds (mallopt(3): the
/// threshold becomes that block's size, the trim threshold twice it, up to 32 MiB), as any
/// process that freed a large numpy array already has; vfxpy's own images are mapped
/// without malloc, so a vfxrun process may not have. Done once, at the first chunked work.
inline void raiseMallocThresholds() {
    static std::once_flag once;
    std::call_once(once, [] {
        void *block = std::malloc(size_t(4) << 20);
        if (block) static_cast<volatile char *>(block)[0] = 0;
        std::free(block);
    });
}

/// Runs `work` on `workers` threads at once (this one included); each call takes chunks
/// until none are left. Threads that cannot start leave their share to the others. The
/// workers work for this thread's task: cancelling it stops them too.
template <typename Work>
void runOnWorkers(int workers, Work &&work) {
    raiseMallocThresholds();
    std::vector<std::thread> pool;
    void *task = currentCancelTask();
    try {
        for (int i = 1; i < workers; ++i) pool.emplace_back([&work, task] {
            adoptCancelTask(task);
            work();
        });
    } catch (...) {
        // fewer threads than asked: the ones started and this one share the chunks
    }
    work();
    for (auto &thread : pool) thread.join();
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

/// Chunks one call of the C++ API handles between cancel checks: several per thread of
/// OpenEXR's pool, so each call stays parallel.
inline int chunksPerBand() { return std::max(8, 4 * Imf::globalThreadCount()); }

/// Scanlines per band for a scanline part of `compression`.
inline int bandLines(Imf::Compression compression) { return linesPerChunk(compression) * chunksPerBand(); }

/// Rows of tiles per band for a part `tilesAcross` tiles wide.
inline int bandTileRows(int tilesAcross) {
    return std::max(1, (chunksPerBand() + tilesAcross - 1) / std::max(1, tilesAcross));
}

/// Calls `body(first, last)` for consecutive bands of at most `band` rows covering
/// first..last (inclusive), checking for a cancel before each.
template <typename Body>
void forEachBand(int64_t first, int64_t last, int band, Body &&body) {
    for (int64_t y = first; y <= last; y += band) {
        throwIfCancelled();
        body(static_cast<int>(y), static_cast<int>(std::min<int64_t>(y + band - 1, last)));
    }
}

/// Calls `body(tilesAcross, first, last)` for bands of rows of level-0 tiles covering the
/// tiled part `part` (a TiledInputPart or TiledOutputPart), as forEachBand does.
template <typename TiledPart, typename Body>
void forEachTileBand(TiledPart &part, Body &&body) {
    int tilesX = part.numXTiles(0), tilesY = part.numYTiles(0);
    if (tilesX > 0)
        forEachBand(0, tilesY - 1, bandTileRows(tilesX), [&](int first, int last) { body(tilesX, first, last); });
}

} // namespace cexr
