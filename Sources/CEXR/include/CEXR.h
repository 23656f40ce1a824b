// CEXR: a small C face over the OpenEXR 3.1 C++ API for the Swift EXR codec.
// Every entry point catches every C++ exception and reports it as a status code plus a
// message, so no exception ever crosses into Swift. Nothing here prints.
// The implementation (Sources/CEXRLibrary) is its own shared library, libvfxrun-openexr.so,
// linked against OpenEXR; vfxrun links only the loader of these functions (Sources/CEXR),
// which opens that library on the first call (vfx_library.h), so start-up never loads
// OpenEXR. A library that cannot be loaded gives CEXR_UNSUPPORTED and the loader's message.
#ifndef CEXR_H
#define CEXR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes.
enum {
    CEXR_OK = 0,
    /// The file's content is bad (truncated, corrupt, not EXR).
    CEXR_FORMAT_ERROR = 1,
    /// The file system refused (open, read, write); errno in `CEXRError.code`.
    CEXR_IO_ERROR = 2,
    /// Valid EXR this wrapper does not decode (deep data, subsampled channels).
    CEXR_UNSUPPORTED = 3,
    /// A bad argument from the caller (unknown part, bad channel name, bad attribute).
    CEXR_INVALID_ARGUMENT = 4,
    /// Memory could not be allocated.
    CEXR_OUT_OF_MEMORY = 5,
    /// Stopped between chunks because a cancel was requested (Ctrl-C): see vfx_interrupt.h.
    CEXR_CANCELLED = 6,
};

typedef struct CEXRError {
    int32_t status;
    int32_t code;
    char message[1024];
} CEXRError;

/// Channel sample types (the values of Imf::PixelType).
enum { CEXR_UINT = 0, CEXR_HALF = 1, CEXR_FLOAT = 2 };

/// Compressions (the values of Imf::Compression).
enum {
    CEXR_NO_COMPRESSION = 0, CEXR_RLE = 1, CEXR_ZIPS = 2, CEXR_ZIP = 3, CEXR_PIZ = 4,
    CEXR_PXR24 = 5, CEXR_B44 = 6, CEXR_B44A = 7, CEXR_DWAA = 8, CEXR_DWAB = 9,
};

/// The shape of an attribute value as it crosses the boundary.
enum {
    CEXR_VALUE_INT = 0, CEXR_VALUE_DOUBLE = 1, CEXR_VALUE_STRING = 2,
    CEXR_VALUE_INTS = 3, CEXR_VALUE_DOUBLES = 4, CEXR_VALUE_STRINGS = 5,
};

/// One header attribute. For INT/INTS the values are in `ints`, DOUBLE/DOUBLES in
/// `doubles`, STRING/STRINGS in `strings`; `count` is the number of values.
typedef struct CEXRAttribute {
    const char *name;
    int32_t kind;
    int32_t count;
    const int64_t *ints;
    const double *doubles;
    const char *const *strings;
} CEXRAttribute;

typedef struct CEXRFile CEXRFile;

/// Opens `path` and reads every part's header (no pixels).
int32_t cexr_open(const char *path, CEXRFile **file, CEXRError *error);
void cexr_close(CEXRFile *file);
int32_t cexr_part_count(const CEXRFile *file);

typedef struct CEXRPartInfo {
    /// xmin, ymin, xmax, ymax, inclusive.
    int32_t data_window[4];
    int32_t display_window[4];
    int32_t tiled;
    int32_t tile_width;
    int32_t tile_height;
    int32_t channel_count;
    int32_t compression;
} CEXRPartInfo;

int32_t cexr_part_info(const CEXRFile *file, int32_t part, CEXRPartInfo *info, CEXRError *error);

typedef struct CEXRChannel {
    const char *name;
    int32_t type;
    int32_t x_sampling;
    int32_t y_sampling;
} CEXRChannel;

/// Channel `index` of `part` in file order (alphabetical). Returns 0 when out of range.
int32_t cexr_channel(const CEXRFile *file, int32_t part, int32_t index, CEXRChannel *channel);

/// The header attributes of `part` converted to plain values (channels excluded).
int32_t cexr_attribute_count(const CEXRFile *file, int32_t part);
int32_t cexr_attribute(const CEXRFile *file, int32_t part, int32_t index, CEXRAttribute *attribute);

/// Where one channel's values go: `base` is the first value of the data window's
/// top-left pixel; values are `type` (CEXR_HALF or CEXR_FLOAT) at the given strides.
typedef struct CEXRSlice {
    const char *name;
    int32_t type;
    char *base;
    size_t x_stride;
    size_t y_stride;
} CEXRSlice;

/// Decodes the whole data window of `part` (level 0 of a tiled part) into `slices`,
/// using OpenEXR's global thread pool.
int32_t cexr_read_part(CEXRFile *file, int32_t part, const CEXRSlice *slices, int32_t slice_count,
                       CEXRError *error);

/// The same as `cexr_read_part` for a scanline or tiled part (level 0), through
/// OpenEXRCore with one decode pipeline per thread (`threads` in all, this one included).
/// Every compression (DWAA/DWAB, B44/B44A and RLE chunks through the C++ library's codecs);
/// a slice's type is the channel's, or CEXR_FLOAT for a half or uint channel (converted).
int32_t cexr_core_read_scanlines(const char *path, int32_t part, const CEXRSlice *slices, int32_t slice_count,
                                 int32_t threads, CEXRError *error);

/// One part to write: the pixels are interleaved, `channel_count` values of
/// `pixel_type` per pixel, row after row (`y_stride` bytes apart), covering the data window.
typedef struct CEXRPartSpec {
    int32_t data_window[4];
    int32_t display_window[4];
    int32_t compression;
    /// Applied when > 0 (DWAA/DWAB quality, OpenEXR's default is 45).
    float dwa_compression_level;
    /// 0 for scanline; else the tile size.
    int32_t tile_width;
    int32_t tile_height;
    int32_t pixel_type;
    /// The part name (multi-part files), or NULL.
    const char *name;
    int32_t channel_count;
    const char *const *channel_names;
    const char *pixels;
    size_t y_stride;
    /// Extra header attributes; standard names get their standard types, other names a
    /// type from the value's shape. Names the writer controls are ignored.
    const CEXRAttribute *attributes;
    int32_t attribute_count;
} CEXRPartSpec;

/// Writes `part_count` parts (a plain single-part file when 1) to `path`.
int32_t cexr_write(const char *path, const CEXRPartSpec *parts, int32_t part_count, CEXRError *error);

/// `cexr_write` with a choice of encoder: a single-part scanline ZIP/ZIPS file is
/// compressed by `fast_threads` threads with libdeflate when `fast_threads` > 0; with 0
/// every file goes through the OpenEXR C++ API.
int32_t cexr_write_with(const char *path, const CEXRPartSpec *parts, int32_t part_count, int32_t fast_threads,
                        CEXRError *error);

/// Sets OpenEXR's global thread count (0 = decode on the calling thread only).
void cexr_set_thread_count(int32_t count);

/// OpenEXR's global thread count.
int32_t cexr_thread_count(void);

/// Sets the function the library asks between chunks whether a cancel was requested
/// (Ctrl-C, or the cancel token of the task the asking thread works for), and the two
/// that let the library's own worker threads work for the task of the thread that started
/// them: `current_task` gives that thread's token, `adopt_task` makes it a worker's (both
/// may be NULL). The loader passes the process's vfx_cancel_requested,
/// vfx_cancel_token_current_opaque and vfx_cancel_token_adopt_opaque once it opened the
/// library, which has no flag of its own.
void cexr_set_cancel_check(int (*check)(void), void *(*current_task)(void), void *(*adopt_task)(void *));

/// Which inflater OpenEXR's C++ library calls where it calls zlib's `uncompress` (its own
/// codecs: DWAA/DWAB, and the C++ API's ZIP and PXR24): libdeflate when `libdeflate` is
/// nonzero (the default, set when the library loads), else zlib. Returns the number of
/// OpenEXR's call slots it set, or -1 when it found none or could not write them.
int32_t cexr_set_library_inflate(int32_t libdeflate);

#ifdef __cplusplus
}
#endif

#include "CEXRStream.h"

#endif
