// A faster path for scanline and tiled parts: OpenEXRCore (the C API) with one decode
// pipeline per worker thread, each chunk unpacked straight into the caller's
// interleaved memory (level 0 of tiled parts; half and uint channels converted to float
// where the caller asks). What it cannot decode, or fails on, goes through the C++ API in
// read.cpp.
#include "CEXR.h"
#include "chunked_work.hpp"
#include "guarded.hpp"
#include "library_codec.hpp"
#include "piz.hpp"
#include "pxr24.hpp"
#include "zip_predict.hpp"

#include <ImfChannelList.h>
#include <libdeflate.h>
#include <openexr.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace {

/// The first error any worker met, kept for the report.
struct CoreErrors {
    std::mutex lock;
    std::string message;
    bool failed = false;

    void add(const std::string &text) {
        std::lock_guard<std::mutex> guard(lock);
        if (!failed) {
            failed = true;
            message = text;
        }
    }
};

/// The last message the Core library reported on this thread.
std::string &thread_local_message() {
    thread_local std::string message;
    return message;
}

/// Sets this thread's message (called from OpenEXRCore's C code, by its error handler and
/// our own decompressors: nothing may throw through it).
void setMessage(const char *text) noexcept {
    try {
        thread_local_message() = text ? text : "";
    } catch (...) {
        // no memory for the text: the error code still reports the failure
    }
}

/// The Core library's messages go here instead of stderr.
void quietHandler(exr_const_context_t, exr_result_t, const char *message) { setMessage(message); }

std::string describe(exr_result_t result) {
    std::string detail = thread_local_message();
    const char *name = exr_get_error_code_as_string(result);
    if (!detail.empty()) return detail;
    return name ? name : "OpenEXR Core error";
}

/// Chunks whose decoding OpenEXRCore 3.1 does slower than it can be done: ZIP/ZIPS and
/// PXR24 are inflated with libdeflate (faster than Core's zlib inflate, same bytes out), then
/// their pre-pass is undone as Core's own undo_zip and undo_pxr24 do; PIZ goes through the
/// C++ library's table-driven Huffman decoder (piz.cpp). DWAA/DWAB (which Core 3.1 lacks),
/// B44/B44A (Core 3.1.5 decodes their float channels wrongly) and RLE go through the C++
/// library's own codecs (library_codec.hpp). Uncompressed parts are Core's.
enum class Codec { core, zip, pxr24, piz, library };

/// One worker thread's decompressor and buffers, kept from one chunk to the next.
struct WorkerState {
    libdeflate_decompressor *decompressor = nullptr;
    std::vector<uint8_t> scratch;
    cexr::PizScratch piz;
    std::unique_ptr<cexr::LibraryCodec> library;
    IMATH_NAMESPACE::Box2i chunkRange; // the chunk being decoded, in file coordinates (library codecs)
    ~WorkerState() {
        if (decompressor) libdeflate_free_decompressor(decompressor);
    }
};

thread_local WorkerState *currentWorker = nullptr;

/// Whether `decode`'s chunk still needs its codec: false, with `result` set, when it is
/// empty, when Core gave no buffers, or when it is stored as it is (compression did not make
/// it smaller: then it was copied to the unpacked buffer).
bool needsDecoding(exr_decode_pipeline_t *decode, exr_result_t &result) {
    result = EXR_ERR_SUCCESS;
    const size_t unpacked = decode->chunk.unpacked_size;
    if (decode->chunk.packed_size == 0) return false;
    if (!decode->packed_buffer || !decode->unpacked_buffer) {
        result = EXR_ERR_INVALID_ARGUMENT;
        return false;
    }
    if (decode->chunk.packed_size != unpacked) return true;
    if (decode->unpacked_buffer != decode->packed_buffer)
        std::memcpy(decode->unpacked_buffer, decode->packed_buffer, unpacked);
    return false;
}

/// Inflates `decode`'s chunk into this thread's scratch buffer; `needed` is what its
/// pre-pass consumes (`exact`: nothing more may come out; `corrupt`: the message when the
/// stream is not that). Sets `inflated` and `size` to the bytes there.
exr_result_t inflate(exr_decode_pipeline_t *decode, size_t needed, bool exact, const char *corrupt,
                     const uint8_t *&inflated, size_t &size) {
    const size_t unpacked = decode->chunk.unpacked_size;
    WorkerState *state = currentWorker;
    if (!state || !state->decompressor) return EXR_ERR_OUT_OF_MEMORY;
    // room for the chunk's unpacked size: a PXR24 float chunk inflates to less than that
    const size_t room = unpacked > needed ? unpacked : needed;
    try {
        if (state->scratch.size() < room) state->scratch.resize(room);
    } catch (...) {
        return EXR_ERR_OUT_OF_MEMORY;
    }
    size_t actual = 0;
    libdeflate_result result = libdeflate_zlib_decompress(state->decompressor, decode->packed_buffer,
                                                          decode->chunk.packed_size, state->scratch.data(), room,
                                                          &actual);
    if (result != LIBDEFLATE_SUCCESS || actual < needed || (exact && actual != needed)) {
        setMessage(corrupt);
        return EXR_ERR_CORRUPT_CHUNK;
    }
    inflated = state->scratch.data();
    size = actual;
    return EXR_ERR_SUCCESS;
}

exr_result_t undoZip(exr_decode_pipeline_t *decode) {
    exr_result_t result;
    if (!needsDecoding(decode, result)) return result;
    const size_t unpacked = decode->chunk.unpacked_size;
    const uint8_t *inflated = nullptr;
    size_t size = 0;
    result = inflate(decode, unpacked, true, "corrupt ZIP data", inflated, size);
    if (result != EXR_ERR_SUCCESS) return result;
    // undo the predictor and the byte split (16 bytes at a time)
    cexr::zipUnpredict(inflated, unpacked, static_cast<uint8_t *>(decode->unpacked_buffer));
    return EXR_ERR_SUCCESS;
}

exr_result_t undoPxr24(exr_decode_pipeline_t *decode) {
    exr_result_t result;
    if (!needsDecoding(decode, result)) return result;
    const uint8_t *inflated = nullptr;
    size_t size = 0;
    result = inflate(decode, cexr::pxr24PackedBytes(*decode), false, "corrupt PXR24 data", inflated, size);
    if (result != EXR_ERR_SUCCESS) return result;
    if (!cexr::pxr24Unpack(*decode, inflated, size, static_cast<uint8_t *>(decode->unpacked_buffer),
                           decode->chunk.unpacked_size)) {
        setMessage("corrupt PXR24 data");
        return EXR_ERR_CORRUPT_CHUNK;
    }
    return EXR_ERR_SUCCESS;
}

exr_result_t undoPiz(exr_decode_pipeline_t *decode) {
    exr_result_t result;
    if (!needsDecoding(decode, result)) return result;
    WorkerState *state = currentWorker;
    if (!state) return EXR_ERR_OUT_OF_MEMORY;
    const char *problem = cexr::pizDecode(*decode, static_cast<const uint8_t *>(decode->packed_buffer),
                                          decode->chunk.packed_size, static_cast<uint8_t *>(decode->unpacked_buffer),
                                          decode->chunk.unpacked_size, state->piz);
    if (!problem) return EXR_ERR_SUCCESS;
    setMessage(problem);
    return EXR_ERR_CORRUPT_CHUNK;
}

exr_result_t undoLibrary(exr_decode_pipeline_t *decode) {
    exr_result_t result;
    if (!needsDecoding(decode, result)) return result;
    WorkerState *state = currentWorker;
    if (!state || !state->library) return EXR_ERR_OUT_OF_MEMORY;
    try {
        const char *out = nullptr;
        const size_t made = state->library->decode(static_cast<uint8_t *>(decode->packed_buffer),
                                                   decode->chunk.packed_size, state->chunkRange, out);
        if (made != decode->chunk.unpacked_size || !out) {
            setMessage("corrupt chunk: it decodes to the wrong size");
            return EXR_ERR_CORRUPT_CHUNK;
        }
        std::memcpy(decode->unpacked_buffer, out, made);
        return EXR_ERR_SUCCESS;
    } catch (const std::bad_alloc &) {
        return EXR_ERR_OUT_OF_MEMORY;
    } catch (const std::exception &failure) {
        setMessage(failure.what());
    } catch (...) {
        setMessage("corrupt chunk");
    }
    return EXR_ERR_CORRUPT_CHUNK;
}

/// The part's channels and windows as the C++ library's codecs read them.
Imf::Header libraryHeader(exr_const_context_t context, int part, const exr_attr_box2i_t &window,
                          exr_compression_t compression) {
    exr_attr_box2i_t display = window;
    exr_get_display_window(context, part, &display);
    const exr_attr_chlist_t *channels = nullptr;
    if (exr_get_channels(context, part, &channels) != EXR_ERR_SUCCESS || !channels)
        throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: no channel list");
    Imf::Header header(IMATH_NAMESPACE::Box2i({display.min.x, display.min.y}, {display.max.x, display.max.y}),
                       IMATH_NAMESPACE::Box2i({window.min.x, window.min.y}, {window.max.x, window.max.y}));
    header.compression() = static_cast<Imf::Compression>(compression);
    for (int c = 0; c < channels->num_channels; ++c) {
        const exr_attr_chlist_entry_t &entry = channels->entries[c];
        header.channels().insert(entry.name.str, Imf::Channel(static_cast<Imf::PixelType>(entry.pixel_type),
                                                              entry.x_sampling, entry.y_sampling, entry.p_linear != 0));
    }
    return header;
}

struct Reader {
    exr_const_context_t context;
    int part;
    const CEXRSlice *slices;
    int32_t sliceCount;
    int32_t yMin;
    int32_t linesPerChunk;
    int32_t chunkCount;
    // scanline bands (cexr_core_read_rows): the first chunk, and the row the slices start at
    int32_t firstChunk = 0;
    int32_t originY = 0;
    // tiled parts (level 0 only): tile size and tiles per row
    bool tiled = false;
    int32_t tileWidth = 0, tileHeight = 0, tilesPerRow = 1;
    Codec codec = Codec::core;
    // the library codecs' header, and the window (file coordinates)
    const Imf::Header *header = nullptr;
    exr_attr_box2i_t window{};
    std::atomic<int32_t> next{0};
    CoreErrors errors;

    void work() {
        exr_decode_pipeline_t decoder = EXR_DECODE_PIPELINE_INITIALIZER;
        bool initialized = false;
        WorkerState state;
        if (codec == Codec::zip || codec == Codec::pxr24) {
            state.decompressor = libdeflate_alloc_decompressor();
            if (!state.decompressor) {
                errors.add("out of memory");
                return;
            }
        }
        if (codec == Codec::library) {
            try {
                const int64_t width = tiled ? tileWidth : static_cast<int64_t>(window.max.x) - window.min.x + 1;
                // the longest line of the chunk (a bound: x sampling ignored)
                state.library = std::make_unique<cexr::LibraryCodec>(
                    *header, cexr::pixelBytes(*header) * static_cast<size_t>(width), tiled ? tileHeight : 0);
            } catch (const std::exception &failure) {
                errors.add(failure.what());
                return;
            }
        }
        currentWorker = &state;
        while (!errors.failed && !cexr::cancelRequested()) {
            int32_t chunk = firstChunk + next.fetch_add(1, std::memory_order_relaxed);
            if (chunk >= chunkCount) break;
            exr_chunk_info_t info;
            int y = yMin + chunk * linesPerChunk;
            // where the chunk's first pixel lies from the data window's top-left corner
            size_t row = 0, column = 0;
            exr_result_t result;
            if (tiled) {
                int tileX = chunk % tilesPerRow, tileY = chunk / tilesPerRow;
                y = yMin + tileY * tileHeight;
                row = static_cast<size_t>(y - originY); // a band starts on a row of tiles
                column = static_cast<size_t>(tileX) * static_cast<size_t>(tileWidth);
                result = exr_read_tile_chunk_info(context, part, tileX, tileY, 0, 0, &info);
            } else {
                result = exr_read_scanline_chunk_info(context, part, y, &info);
                if (result == EXR_ERR_SUCCESS) row = static_cast<size_t>(info.start_y - originY);
            }
            if (result == EXR_ERR_SUCCESS) {
                result = initialized ? exr_decoding_update(context, part, &info, &decoder)
                                     : exr_decoding_initialize(context, part, &info, &decoder);
            }
            if (result != EXR_ERR_SUCCESS) {
                errors.add("chunk at line " + std::to_string(y) + ": " + describe(result));
                break;
            }
            if (codec == Codec::library) {
                // the chunk's pixels (Core clips a tile to the window; a tile's start is its index)
                const int left = tiled ? window.min.x + static_cast<int>(column) : info.start_x;
                const int top = tiled ? y : info.start_y;
                state.chunkRange = IMATH_NAMESPACE::Box2i({left, top}, {left + info.width - 1, top + info.height - 1});
            }
            for (int16_t c = 0; c < decoder.channel_count; ++c) {
                exr_coding_channel_info_t &channel = decoder.channels[c];
                channel.decode_to_ptr = nullptr;
                for (int32_t s = 0; s < sliceCount; ++s) {
                    if (std::strcmp(slices[s].name, channel.channel_name) != 0) continue;
                    channel.decode_to_ptr = reinterpret_cast<uint8_t *>(slices[s].base) + row * slices[s].y_stride
                        + column * slices[s].x_stride;
                    channel.user_pixel_stride = static_cast<int32_t>(slices[s].x_stride);
                    channel.user_line_stride = static_cast<int32_t>(slices[s].y_stride);
                    channel.user_bytes_per_element = slices[s].type == CEXR_HALF ? 2 : 4;
                    channel.user_data_type = static_cast<uint16_t>(slices[s].type);
                    break;
                }
            }
            if (!initialized) {
                result = exr_decoding_choose_default_routines(context, part, &decoder);
                initialized = result == EXR_ERR_SUCCESS;
                if (initialized && decoder.decompress_fn && codec != Codec::core)
                    decoder.decompress_fn = codec == Codec::zip ? undoZip
                        : codec == Codec::pxr24                 ? undoPxr24
                        : codec == Codec::piz                   ? undoPiz
                                                                : undoLibrary;
            }
            if (result == EXR_ERR_SUCCESS) result = exr_decoding_run(context, part, &decoder);
            if (result != EXR_ERR_SUCCESS) {
                errors.add("chunk at line " + std::to_string(y) + ": " + describe(result));
                break;
            }
        }
        if (initialized || decoder.channels) exr_decoding_destroy(context, &decoder);
        currentWorker = nullptr;
    }
};

} // namespace

namespace {

/// The whole part, or (`band`) the scanline rows yFirst..yLast, which must start and end
/// on chunk boundaries (the image's last row may end a chunk early).
int32_t coreRead(const char *path, int32_t part, const CEXRSlice *slices, int32_t slice_count, int32_t threads,
                 bool band, int32_t yFirst, int32_t yLast, CEXRError *error) {
    return cexr::guarded(error, CEXR_FORMAT_ERROR, [&] {
        exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
        init.error_handler_fn = quietHandler;
        exr_context_t context = nullptr;
        exr_result_t result = exr_start_read(&context, path, &init);
        if (result != EXR_ERR_SUCCESS) {
            if (context) exr_finish(&context);
            throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: " + describe(result));
        }
        struct Closer {
            exr_context_t *context;
            ~Closer() { exr_finish(context); }
        } closer{&context};
        exr_attr_box2i_t window;
        int32_t lines = 0, chunks = 0;
        exr_storage_t storage;
        if (exr_get_storage(context, part, &storage) != EXR_ERR_SUCCESS
            || (storage != EXR_STORAGE_SCANLINE && storage != EXR_STORAGE_TILED))
            throw cexr::Failure(CEXR_UNSUPPORTED, "not a scanline or tiled part");
        if (exr_get_data_window(context, part, &window) != EXR_ERR_SUCCESS)
            throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: " + describe(EXR_ERR_INVALID_ATTR));
        if (storage == EXR_STORAGE_SCANLINE
            && (exr_get_scanlines_per_chunk(context, part, &lines) != EXR_ERR_SUCCESS || lines < 1
                || exr_get_chunk_count(context, part, &chunks) != EXR_ERR_SUCCESS || chunks < 0))
            throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: " + describe(EXR_ERR_INVALID_ATTR));
        for (int32_t s = 0; s < slice_count; ++s) {
            if (slices[s].x_stride > INT32_MAX || slices[s].y_stride > INT32_MAX)
                throw cexr::Failure(CEXR_UNSUPPORTED, "rows too long for OpenEXRCore");
        }
        Reader reader;
        reader.context = context;
        reader.part = part;
        reader.slices = slices;
        reader.sliceCount = slice_count;
        exr_compression_t compression = EXR_COMPRESSION_NONE;
        if (exr_get_compression(context, part, &compression) != EXR_ERR_SUCCESS)
            throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: " + describe(EXR_ERR_INVALID_ATTR));
        switch (compression) {
        case EXR_COMPRESSION_ZIP:
        case EXR_COMPRESSION_ZIPS: reader.codec = Codec::zip; break;
        case EXR_COMPRESSION_PXR24: reader.codec = Codec::pxr24; break;
        case EXR_COMPRESSION_PIZ: reader.codec = Codec::piz; break;
        case EXR_COMPRESSION_RLE:
        case EXR_COMPRESSION_B44:
        case EXR_COMPRESSION_B44A:
        case EXR_COMPRESSION_DWAA:
        case EXR_COMPRESSION_DWAB: reader.codec = Codec::library; break;
        default: reader.codec = Codec::core; break;
        }
        std::optional<Imf::Header> header; // only the library codecs need one
        if (reader.codec == Codec::library)
            reader.header = &header.emplace(libraryHeader(context, part, window, compression));
        reader.window = window;
        reader.yMin = window.min.y;
        reader.originY = window.min.y;
        reader.linesPerChunk = lines;
        if (storage == EXR_STORAGE_TILED) {
            uint32_t tileWidth = 0, tileHeight = 0;
            exr_tile_level_mode_t levels;
            exr_tile_round_mode_t rounding;
            if (exr_get_tile_descriptor(context, part, &tileWidth, &tileHeight, &levels, &rounding) != EXR_ERR_SUCCESS
                || tileWidth < 1 || tileHeight < 1 || tileWidth > INT32_MAX || tileHeight > INT32_MAX)
                throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the header: " + describe(EXR_ERR_INVALID_ATTR));
            int64_t width = static_cast<int64_t>(window.max.x) - window.min.x + 1;
            int64_t height = static_cast<int64_t>(window.max.y) - window.min.y + 1;
            int64_t across = (width + tileWidth - 1) / tileWidth, down = (height + tileHeight - 1) / tileHeight;
            if (across * down > INT32_MAX) throw cexr::Failure(CEXR_UNSUPPORTED, "too many tiles for OpenEXRCore");
            reader.tiled = true;
            reader.tileWidth = static_cast<int32_t>(tileWidth);
            reader.tileHeight = static_cast<int32_t>(tileHeight);
            reader.tilesPerRow = static_cast<int32_t>(across);
            reader.chunkCount = static_cast<int32_t>(across * down);
        } else {
            reader.chunkCount = static_cast<int32_t>((static_cast<int64_t>(window.max.y) - window.min.y + lines) / lines);
        }
        if (band) {
            // whole chunks: bands of lines, or rows of tiles (their chunks, row after row)
            const int32_t rowsPerChunk = reader.tiled ? reader.tileHeight : lines;
            const int32_t chunksPerRow = reader.tiled ? reader.tilesPerRow : 1;
            if (yFirst < window.min.y || yLast > window.max.y || yFirst > yLast
                || (yFirst - window.min.y) % rowsPerChunk != 0
                || (yLast != window.max.y && (yLast + 1 - window.min.y) % rowsPerChunk != 0))
                throw cexr::Failure(CEXR_UNSUPPORTED, "the band does not start and end on chunks");
            reader.firstChunk = (yFirst - window.min.y) / rowsPerChunk * chunksPerRow;
            reader.chunkCount = ((yLast - window.min.y) / rowsPerChunk + 1) * chunksPerRow;
            reader.originY = yFirst;
        }
        int workers = threads < 1 ? 1 : threads;
        const int32_t chunksToRead = reader.chunkCount - reader.firstChunk;
        if (workers > chunksToRead) workers = chunksToRead > 0 ? chunksToRead : 1;
        cexr::runOnWorkers(workers, [&reader] { reader.work(); });
        cexr::throwIfCancelled();
        if (reader.errors.failed) throw cexr::Failure(CEXR_FORMAT_ERROR, "cannot read the pixels: " + reader.errors.message);
    });
}

} // namespace

extern "C" int32_t cexr_core_read_scanlines(const char *path, int32_t part, const CEXRSlice *slices,
                                            int32_t slice_count, int32_t threads, CEXRError *error) {
    return coreRead(path, part, slices, slice_count, threads, false, 0, 0, error);
}

extern "C" int32_t cexr_core_read_rows(const char *path, int32_t part, int32_t y_first, int32_t y_last,
                                       const CEXRSlice *slices, int32_t slice_count, int32_t threads,
                                       CEXRError *error) {
    return coreRead(path, part, slices, slice_count, threads, true, y_first, y_last, error);
}
