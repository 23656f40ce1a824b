// CEXR by bands: reading a range of rows of a part, and writing a single-part file
// band after band, so that a huge image never has to fit in memory (vfxpy.open,
// vfxpy.create, vfxpy.stream). Included by CEXR.h.
#ifndef CEXR_STREAM_H
#define CEXR_STREAM_H

#ifdef __cplusplus
extern "C" {
#endif

/// Decodes rows `y_first`..`y_last` (inclusive, file coordinates inside the data window)
/// of `part` (scanline or tiled, level 0) into `slices`, whose `base` is the first value
/// of the band's first pixel (x = the data window's xmin, y = `y_first`). Only the
/// chunks that hold those rows are read; a cancel (vfx_interrupt.h) is honoured between
/// groups of chunks.
int32_t cexr_read_rows(CEXRFile *file, int32_t part, int32_t y_first, int32_t y_last, const CEXRSlice *slices,
                       int32_t slice_count, CEXRError *error);

/// The same through OpenEXRCore with `threads` decode pipelines (the faster path of
/// `cexr_core_read_scanlines`), for bands that start and end on chunk boundaries (a
/// scanline chunk's lines, a tiled part's rows of tiles; the last row of the image may end a
/// chunk early); CEXR_UNSUPPORTED
/// otherwise (the caller then uses `cexr_read_rows`). `base` as for `cexr_read_rows`.
int32_t cexr_core_read_rows(const char *path, int32_t part, int32_t y_first, int32_t y_last, const CEXRSlice *slices,
                            int32_t slice_count, int32_t threads, CEXRError *error);

typedef struct CEXRStreamWriter CEXRStreamWriter;

/// Starts a single-part file at `path` described by `spec` (its `pixels` and `y_stride`
/// are ignored): the header is written now, the rows by `cexr_stream_write`.
int32_t cexr_stream_create(const char *path, const CEXRPartSpec *spec, CEXRStreamWriter **writer, CEXRError *error);

/// Writes the next `rows` rows (interleaved as in CEXRPartSpec, `y_stride` bytes apart).
/// Scanline parts encode them at once; tiled parts keep at most one row of tiles.
int32_t cexr_stream_write(CEXRStreamWriter *writer, const char *pixels, size_t y_stride, int32_t rows,
                          CEXRError *error);

/// Rows written so far.
int32_t cexr_stream_rows_written(const CEXRStreamWriter *writer);

/// Closes the file (the chunk offset table is written); an error when rows are missing
/// or the file system refused.
int32_t cexr_stream_finish(CEXRStreamWriter *writer, CEXRError *error);

/// Frees a writer (finished or not; an unfinished file is incomplete and the caller
/// removes it).
void cexr_stream_free(CEXRStreamWriter *writer);

#ifdef __cplusplus
}
#endif

#endif
