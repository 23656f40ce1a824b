// CPNG: libpng behind a small C interface. libpng reports errors by longjmp, which
// must not cross Swift frames, so every libpng call lives in C: each entry point sets
// its own setjmp, and errors come back as a status code plus a message, never on stderr.
// The functions that need libpng (the reader, cpng_write, the writer, cpng_write_encoded)
// are implemented in their own shared library, libvfxrun-png.so (Sources/CPNGLibrary,
// linked against libpng); vfxrun links only their loader (Sources/CPNG/loader.c), which
// opens that library on first use (vfx_library.h): a library that cannot be loaded gives
// CPNG_UNSUPPORTED with the reason. The encoding helpers (cpng_filter_rows,
// cpng_deflate_piece, cpng_adler32_combine, cpng_free) need only zlib and are linked.
#ifndef CPNG_H
#define CPNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { CPNG_MESSAGE_LENGTH = 512 };

/// pHYs units (PNG_RESOLUTION_*).
enum { CPNG_RESOLUTION_UNKNOWN = 0, CPNG_RESOLUTION_METER = 1 };

/// The outcome of a call: CPNG_OK, or CPNG_FORMAT (the data is not valid PNG, or
/// libpng refused it), CPNG_IO (the file system failed; `system_error` is errno),
/// CPNG_MEMORY (an allocation failed), CPNG_UNSUPPORTED (libvfxrun-png.so cannot be
/// loaded), CPNG_CANCELLED (a read stopped because the cancel check,
/// `cpng_set_cancel_check`, said so). `message` is a NUL-terminated description.
enum { CPNG_OK = 0, CPNG_FORMAT = 1, CPNG_IO = 2, CPNG_MEMORY = 3, CPNG_UNSUPPORTED = 4, CPNG_CANCELLED = 5 };
typedef struct {
    int code;
    int system_error;
    char message[CPNG_MESSAGE_LENGTH];
} cpng_status;

/// What the header says, with the pixel layout after expansion (palette → RGB,
/// tRNS → alpha, 1/2/4-bit gray → 8-bit).
typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;        // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (after expansion)
    int bit_depth;       // 8 or 16 (after expansion)
    int file_bit_depth;  // 1, 2, 4, 8 or 16 as stored
    int color_type;      // PNG_COLOR_TYPE_* as stored
    int interlaced;
    int has_gamma;
    double gamma;        // the gAMA value (e.g. 0.45455)
    int has_srgb;
    int srgb_intent;
    int has_phys;
    uint32_t phys_x;
    uint32_t phys_y;
    int phys_unit;       // 0 unknown (aspect only), 1 meter
    int has_time;
    int time[6];         // year, month, day, hour, minute, second
    int has_icc;
} cpng_header;

/// One text chunk: `encoding` 0 Latin-1 (tEXt/zTXt), 1 UTF-8 (iTXt).
typedef struct {
    const char *key;
    const char *text;
    size_t length;
    int encoding;
} cpng_text;

typedef struct cpng_reader cpng_reader;

/// Parses the signature and every chunk up to the image data of the PNG held in
/// `data[0..<size]` (which must stay valid until `cpng_reader_close`). NULL on failure.
cpng_reader *cpng_reader_open(const void *data, size_t size, cpng_header *header, cpng_status *status);

/// Decodes all rows into `pixels` (`row_bytes` apart; 16-bit samples in host order),
/// then checks the chunks after the image data up to IEND. Reads ask the cancel check
/// every few rows; the fast path (cpng_decode_idat) inflates the whole image data in one
/// libdeflate call, which cannot stop midway: it asks before and after it.
int cpng_reader_decode(cpng_reader *reader, void *pixels, size_t row_bytes, cpng_status *status);

/// Decodes the next `count` rows, in order, through libpng into `pixels` (`row_bytes`
/// apart), or skips them when `pixels` is NULL. Only for files that are not interlaced;
/// the rows continue from where the previous call stopped (the first row after open).
/// After a failure the reader is spent: open a new one.
int cpng_reader_read_rows(cpng_reader *reader, void *pixels, size_t row_bytes, uint32_t count, cpng_status *status);

/// Sets the function reads ask whether to stop (1: stop), or NULL for none. The loader
/// passes the process's vfx_cancel_requested (vfx_interrupt.h: Ctrl-C, or the cancel token
/// of the task the calling thread works for) once it opened the library.
void cpng_set_cancel_check(int (*check)(void));

/// The text chunks before the image data (text after it is not read, as OpenImageIO).
int cpng_reader_text_count(const cpng_reader *reader);
cpng_text cpng_reader_text(const cpng_reader *reader, int index);

void cpng_reader_close(cpng_reader *reader);

/// What to write.
typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;      // 1..4: gray, gray+alpha, RGB, RGBA
    int bit_depth;     // 8 or 16; 16-bit samples are in host order
    int compression;   // zlib level 0..9
    int has_gamma;
    double gamma;
    int has_srgb;
    int srgb_intent;
    int has_phys;
    uint32_t phys_x;
    uint32_t phys_y;
    int phys_unit;
    int has_time;
    int time[6];
    int text_count;
    const cpng_text *texts;  // encoding 0: tEXt (ASCII), 1: iTXt (UTF-8)
} cpng_write_params;

/// Writes a PNG file at `path` from `pixels` (rows `row_bytes` apart).
int cpng_write(const char *path, const void *pixels, size_t row_bytes,
               const cpng_write_params *params, cpng_status *status);

/// The PNG file written piece by piece: `cpng_writer_open` writes the signature and the
/// chunks before the image data; each `cpng_writer_chunk` one IDAT chunk of the zlib
/// stream; `cpng_writer_finish` IEND and closes the file. `cpng_writer_close` frees the
/// writer (and closes the file if unfinished). `cpng_write_encoded` uses the same calls,
/// with IDAT chunks of CPNG_IDAT_BYTES (the last one shorter).
enum { CPNG_IDAT_BYTES = 1 << 20 };
typedef struct cpng_writer cpng_writer;
cpng_writer *cpng_writer_open(const char *path, const cpng_write_params *params, cpng_status *status);
int cpng_writer_chunk(cpng_writer *writer, const unsigned char *data, size_t size, cpng_status *status);
int cpng_writer_finish(cpng_writer *writer, cpng_status *status);
void cpng_writer_close(cpng_writer *writer);

#ifdef __cplusplus
}
#endif

#endif

#ifndef CPNG_ENCODE_H
#define CPNG_ENCODE_H
#ifdef __cplusplus
extern "C" {
#endif

/// Parallel-friendly encoding of the image data (what libpng's png_write_image does,
/// split so that independent pieces of rows can be filtered and deflated on different
/// threads, as pigz does; libpng still writes every other chunk):
///
/// 1. `cpng_filter_rows` filters rows [first, first+count) of an image in host order
///    (16-bit samples are written big-endian) into `out`: (1 + row bytes) per row, the
///    filter byte first. Each row takes the filter with the smallest sum of absolute
///    differences (libpng's heuristic).
/// 2. `cpng_deflate_piece` compresses one piece of that filtered stream as raw deflate,
///    primed with up to 32 KiB of the bytes before it, ending on a byte boundary (sync
///    flush) or, for the last piece, with the final block. It returns a malloc'd buffer.
/// 3. `cpng_write_encoded` writes the file: the header chunks through libpng, the zlib
///    stream (header + pieces + Adler-32, built by the caller) as IDAT chunks, then IEND.
void cpng_filter_rows(const void *pixels, size_t row_bytes, int bytes_per_sample, int bytes_per_pixel,
                      uint32_t first, uint32_t count, unsigned char *out);
unsigned char *cpng_deflate_piece(const unsigned char *data, size_t size, const unsigned char *dictionary,
                                  size_t dictionary_size, int level, int last, size_t *out_size,
                                  unsigned long *adler);
unsigned long cpng_adler32_combine(unsigned long first, unsigned long second, size_t second_size);
int cpng_write_encoded(const char *path, const unsigned char *zlib_stream, size_t size,
                       const cpng_write_params *params, cpng_status *status);
void cpng_free(void *pointer);

#ifdef __cplusplus
}
#endif
#endif
