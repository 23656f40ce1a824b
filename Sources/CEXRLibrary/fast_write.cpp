// The writer of scanline and tiled (one level) parts, single- or multi-part, of every
// compression: OpenEXR serializes the headers, and the chunks (a band of lines or a tile;
// OpenEXR's ZIP: byte de-interleave, delta predictor, zlib stream; PXR24: byte planes of
// differences, a zlib stream, both with libdeflate; PIZ: piz.cpp; DWAA/DWAB, B44/B44A and
// RLE: the C++ library's codecs, library_codec.hpp) are compressed in parallel and written
// in order as they finish (decreasing-y scanline parts last chunk first), part after part,
// the offset tables last. Mip-mapped, subsampled and decreasing-y tiled parts go through
// the C++ API in write.cpp.
#include "fast_write.hpp"

#include "chunked_work.hpp"
#include "guarded.hpp"
#include "library_codec.hpp"
#include "piz.hpp"
#include "pxr24.hpp"
#include "zip_predict.hpp"

#include <ImfChannelList.h>
#include <ImfIO.h>
#include <ImfMultiPartOutputFile.h>
#include <ImfTileDescription.h>
#include <ImfVersion.h>
#include <libdeflate.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cexr {

namespace {

/// Bytes written between two early writeback requests (see writeFinishedLocked).
constexpr uint64_t kWritebackBytes = 8u << 20;

/// Header bytes collected in memory.
class MemoryStream : public Imf::OStream {
public:
    MemoryStream() : Imf::OStream("memory") {}
    void write(const char c[], int n) override {
        if (n <= 0) return;
        size_t end = position + static_cast<size_t>(n);
        if (bytes.size() < end) bytes.resize(end);
        std::memcpy(bytes.data() + position, c, static_cast<size_t>(n));
        position = end;
    }
    uint64_t tellp() override { return position; }
    void seekp(uint64_t to) override { position = static_cast<size_t>(to); }
    std::vector<char> bytes;

private:
    size_t position = 0;
};

void putLE32(std::vector<uint8_t> &out, uint32_t value) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
}

/// Compresses the chunks on several threads into a ring of slots (`slotBytes` each, so no
/// chunk waits for another's size), and writes the finished ones to the file in order as
/// they come: whichever thread finishes a chunk writes it and any finished after it, so
/// the file writing overlaps the compression. A chunk waits for its slot only while the
/// chunk that used the slot before is not written yet.
struct ChunkWriter {
    ZipRows rows{};
    std::vector<int> channelOrder; // image channel index per file channel (alphabetical)
    const Imf::Header *header = nullptr;
    int part = -1; // a multi-part file's part number, which each chunk starts with; else -1
    int xMin = 0, yMin = 0, yMax = 0, linesPerChunk = 1, chunkCount = 0;
    // a tiled part (one level): its chunks are tiles, row of tiles after row of tiles
    bool tiled = false;
    int tileWidth = 0, tilesAcross = 1;
    int firstTileRow = 0; // the row of tiles the rows start at (a band of a streamed tiled part)
    // A decreasing-y scanline part: its chunks go into the file last first, as OpenEXR
    // stores them. The ring, `sizes` and `done` follow the file's order; `offsets` the chunks'.
    bool decreasing = false;

    /// The chunk that comes `position`th in the file.
    int chunkAt(int position) const { return decreasing ? chunkCount - 1 - position : position; }
    size_t fullChunk = 0; // the bytes of a whole chunk, uncompressed
    enum class Codec { none, zip, pxr24, piz, library } codec = Codec::zip;
    int level = 4;
    size_t slotBytes = 0;
    int slotCount = 1;
    std::unique_ptr<uint8_t[]> slots;
    std::vector<uint32_t> sizes;                // stored bytes of each chunk, its 8-byte prefix included
    std::unique_ptr<std::atomic<bool>[]> done;  // chunk compressed and its size set
    std::atomic<int> next{0};
    std::atomic<bool> failed{false};

    // The file, written by whichever thread holds `writing`.
    std::mutex writing;
    std::condition_variable slotFreed;
    int written = 0; // chunks in the file, in order
    int fd = -1;
    uint64_t fileOffset = 0;
    uint64_t writebackFrom = 0; // where the last early writeback ended
    std::vector<uint64_t> offsets;
    int writeErrno = 0;

    size_t rowsBytes(const ZipRows &view, int first, int last) const {
        return static_cast<size_t>(view.width) * view.valueBytes * channelOrder.size()
            * static_cast<size_t>(last - first + 1);
    }

    /// Bytes before each chunk's data: its part (multi-part files), its first line
    /// (scanlines) or tile and level coordinates (tiles), then its size.
    size_t prefixBytes() const { return (part >= 0 ? 4 : 0) + (tiled ? 20 : 8); }

    /// The ring slot of the chunk that comes `position`th in the file.
    uint8_t *slot(int position) const { return slots.get() + static_cast<size_t>(position % slotCount) * slotBytes; }

    void fail() {
        std::lock_guard<std::mutex> lock(writing);
        failed = true;
        slotFreed.notify_all();
    }

    /// Writes the chunks finished so far that follow the ones already written (with
    /// `writing` held).
    void writeFinishedLocked() {
        const int before = written;
        while (written < chunkCount && !writeErrno && done[written].load(std::memory_order_acquire)) {
            const uint8_t *bytes = slot(written);
            size_t left = sizes[static_cast<size_t>(written)];
            offsets[static_cast<size_t>(chunkAt(written))] = fileOffset;
            while (left) {
                ssize_t count = ::pwrite(fd, bytes, left, static_cast<off_t>(fileOffset));
                if (count < 0 && errno == EINTR) continue;
                if (count <= 0) {
                    writeErrno = count < 0 ? errno : EIO;
                    failed = true;
                    break;
                }
                bytes += count;
                left -= static_cast<size_t>(count);
                fileOffset += static_cast<uint64_t>(count);
            }
            if (writeErrno) break;
            ++written;
        }
        // The caller flushes the file to disk before it renames it into place
        // (PendingFile.commit); starting the disk writes of what is written now, while the
        // rest compresses, leaves that flush only the tail to wait for. A hint: errors
        // (a file system without it) change nothing.
        if (fileOffset - writebackFrom >= kWritebackBytes) {
            ::sync_file_range(fd, static_cast<off_t>(writebackFrom), static_cast<off_t>(fileOffset - writebackFrom),
                              SYNC_FILE_RANGE_WRITE);
            writebackFrom = fileOffset;
        }
        if (written != before || failed) slotFreed.notify_all();
    }

    void writeFinished() {
        std::lock_guard<std::mutex> lock(writing);
        writeFinishedLocked();
    }

    /// Compresses and writes every chunk on `workers` threads into `file` from `offset`
    /// (`flushedTo`: where the last early writeback ended); throws on failure.
    void run(int workers, int file, uint64_t offset, uint64_t flushedTo) {
        // not zeroed: every byte written to the file is written by a worker first
        slots.reset(new uint8_t[static_cast<size_t>(slotCount) * slotBytes]);
        fd = file;
        fileOffset = offset;
        writebackFrom = flushedTo;
        runOnWorkers(workers, [this] { work(); });
        slots.reset();
        throwIfCancelled();
        writeFinished();
        if (writeErrno)
            throw Failure(CEXR_IO_ERROR, std::string("cannot write: ") + std::strerror(writeErrno), writeErrno);
        if (failed || written != chunkCount) throw std::bad_alloc();
    }

    /// Waits until the slot of the `position`th chunk in the file is free (the chunk before
    /// it in the slot is written); false when the write failed meanwhile.
    bool waitForSlot(int position) {
        if (position < slotCount) return true;
        std::unique_lock<std::mutex> lock(writing);
        writeFinishedLocked();
        slotFreed.wait(lock, [&] { return failed || written > position - slotCount; });
        return !failed;
    }

    void work() {
        const bool deflates = codec == Codec::zip || codec == Codec::pxr24;
        libdeflate_compressor *compressor = deflates ? libdeflate_alloc_compressor(level) : nullptr;
        if (deflates && !compressor) {
            fail();
            return;
        }
        try {
            std::vector<uint8_t> predicted(deflates ? fullChunk : 0);
            std::vector<uint16_t> scratch;
            PizScratch piz;
            std::unique_ptr<LibraryCodec> library;
            if (codec == Codec::library)
                library = std::make_unique<LibraryCodec>(*header, fullChunk / static_cast<size_t>(linesPerChunk),
                                                         tiled ? linesPerChunk : 0);
            while (!failed && !cexr::cancelRequested()) {
                const int position = next.fetch_add(1, std::memory_order_relaxed);
                if (position >= chunkCount || !waitForSlot(position)) break;
                const int chunk = chunkAt(position);
                // the chunk's rows (from the window's top) and columns: a band of lines, or a tile
                const int across = tiled ? chunk % tilesAcross : 0, down = tiled ? chunk / tilesAcross : chunk;
                const int first = down * linesPerChunk;
                const int last = std::min(yMax - yMin, first + linesPerChunk - 1);
                ZipRows view = rows;
                if (tiled) {
                    const int left = across * tileWidth;
                    view.pixels += static_cast<size_t>(left) * rows.valueBytes * static_cast<size_t>(rows.channels);
                    view.width = std::min(tileWidth, rows.width - left);
                }
                const size_t n = rowsBytes(view, first, last), prefix = prefixBytes();
                size_t size = 0;
                uint8_t *block = slot(position);
                if (codec == Codec::none) {
                    size = 0; // stored as it is, below
                } else if (codec == Codec::library) {
                    // the library's codecs take the chunk as stored uncompressed: gathered
                    // into the slot, which holds the compressed bytes instead when fewer
                    zipGather(view, first, last, block + prefix);
                    const int left = xMin + (tiled ? across * tileWidth : 0);
                    const IMATH_NAMESPACE::Box2i range({left, yMin + first}, {left + view.width - 1, yMin + last});
                    const char *out = nullptr;
                    size = library->encode(block + prefix, n, range, out);
                    if (size > 0 && size < n) std::memcpy(block + prefix, out, size);
                    else size = n;
                } else if (codec == Codec::piz) {
                    size = pizEncode(view, first, last, block + prefix, piz);
                } else {
                    size_t prepared = n;
                    if (codec == Codec::pxr24) {
                        prepared = pxr24PackedBytes(view, last - first + 1);
                        pxr24Pack(view, first, last, predicted.data(), scratch);
                    } else {
                        zipPredict(view, first, last, predicted.data(), n, scratch);
                    }
                    size = libdeflate_zlib_compress(compressor, predicted.data(), prepared, block + prefix,
                                                    slotBytes - prefix);
                }
                if (codec != Codec::library && (size == 0 || size >= n)) {
                    // not smaller (or not compressed): OpenEXR stores such a chunk uncompressed
                    zipGather(view, first, last, block + prefix);
                    size = n;
                }
                // the prefix: the part (multi-part files), a tile's x, y and level (0, 0) or the
                // band's first line; then the size
                const uint32_t tileFields[6] = {static_cast<uint32_t>(part), static_cast<uint32_t>(across),
                                                static_cast<uint32_t>(firstTileRow + down), 0, 0,
                                                static_cast<uint32_t>(size)};
                const uint32_t lineFields[3] = {static_cast<uint32_t>(part), static_cast<uint32_t>(yMin + first),
                                                static_cast<uint32_t>(size)};
                const uint32_t *fields = (tiled ? tileFields : lineFields) + (part >= 0 ? 0 : 1);
                for (size_t f = 0; f < prefix / 4; ++f) {
                    for (int i = 0; i < 4; ++i) block[4 * f + i] = static_cast<uint8_t>(fields[f] >> (8 * i));
                }
                sizes[static_cast<size_t>(position)] = static_cast<uint32_t>(prefix + size);
                done[position].store(true, std::memory_order_release);
                writeFinished();
            }
        } catch (...) {
            fail();
        }
        if (compressor) libdeflate_free_compressor(compressor);
        // a thread that stops early (a cancel) must not leave others waiting for its slots
        if (cexr::cancelRequested()) fail();
    }
};

bool longNames(const Imf::Header &header) {
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (std::strlen(it.name()) > 31 || std::strlen(it.attribute().typeName()) > 31) return true;
    }
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
        if (std::strlen(it.name()) > 31) return true;
    }
    return false;
}

} // namespace

bool canWriteFast(const Imf::Header &header, bool streamed) {
    const uint16_t probe = 1;
    if (*reinterpret_cast<const uint8_t *>(&probe) != 1) return false; // chunks are copied as little-endian
    if (header.hasTileDescription() && header.tileDescription().mode != Imf::ONE_LEVEL) return false;
    if (header.compression() >= Imf::NUM_COMPRESSION_METHODS) return false;
    // decreasing y: scanline parts, written whole (the band writer's rows come top first)
    if (header.lineOrder() != Imf::INCREASING_Y
        && (header.lineOrder() != Imf::DECREASING_Y || header.hasTileDescription() || streamed))
        return false;
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
        if (it.channel().xSampling != 1 || it.channel().ySampling != 1) return false;
    }
    return true;
}

namespace {

/// How a window's rows are cut into chunks: bands of lines, or tiles (one level), row of
/// tiles after row of tiles.
struct ChunkGrid {
    bool tiled = false;
    int linesPerChunk = 1;   // a tile's height in a tiled part (at most the window's)
    int tileWidth = 0;       // at most the window's
    int tilesAcross = 1;
    int chunkCount = 0;
};

/// The chunks of the rows `window` (x min, y min, x max, y max) of a part with `header`.
ChunkGrid chunkGrid(const Imf::Header &header, const int32_t window[4]) {
    ChunkGrid grid;
    grid.linesPerChunk = linesPerChunk(header.compression());
    const int64_t width = static_cast<int64_t>(window[2]) - window[0] + 1;
    const int64_t height = static_cast<int64_t>(window[3]) - window[1] + 1;
    int64_t across = 1;
    if (header.hasTileDescription()) {
        const Imf::TileDescription &tiles = header.tileDescription();
        if (tiles.xSize < 1 || tiles.ySize < 1 || tiles.xSize > INT32_MAX || tiles.ySize > INT32_MAX)
            throw Failure(CEXR_INVALID_ARGUMENT, "bad tile size");
        grid.tiled = true;
        // a tile taller or wider than the window holds only the window's part of it
        grid.tileWidth = static_cast<int>(std::min<int64_t>(tiles.xSize, width));
        grid.linesPerChunk = static_cast<int>(std::min<int64_t>(tiles.ySize, height));
        across = (width + tiles.xSize - 1) / tiles.xSize;
        grid.tilesAcross = static_cast<int>(across);
    }
    const int64_t down = (height + grid.linesPerChunk - 1) / grid.linesPerChunk;
    if (down * across > INT32_MAX) throw Failure(CEXR_UNSUPPORTED, "too many chunks");
    grid.chunkCount = static_cast<int>(down * across);
    return grid;
}

/// Sets up `writer` for the rows of `spec`'s data window (a whole image, or one band of
/// it: the chunks' y come from the window) with slots for `workers` threads; returns the
/// number of threads worth starting.
int prepare(ChunkWriter &writer, const Imf::Header &header, const CEXRPartSpec &spec, int workers) {
    writer.header = &header;
    writer.decreasing = header.lineOrder() == Imf::DECREASING_Y && !header.hasTileDescription();
    writer.xMin = spec.data_window[0];
    writer.yMin = spec.data_window[1];
    writer.yMax = spec.data_window[3];
    const ChunkGrid grid = chunkGrid(header, spec.data_window);
    writer.tiled = grid.tiled;
    writer.linesPerChunk = grid.linesPerChunk;
    writer.tileWidth = grid.tileWidth;
    writer.tilesAcross = grid.tilesAcross;
    writer.chunkCount = grid.chunkCount;
    switch (header.compression()) {
    case Imf::NO_COMPRESSION: writer.codec = ChunkWriter::Codec::none; break;
    case Imf::ZIP_COMPRESSION: case Imf::ZIPS_COMPRESSION: writer.codec = ChunkWriter::Codec::zip; break;
    case Imf::PXR24_COMPRESSION: writer.codec = ChunkWriter::Codec::pxr24; break;
    case Imf::PIZ_COMPRESSION: writer.codec = ChunkWriter::Codec::piz; break;
    default:
        if (!usesLibraryCodec(header.compression())) throw Failure(CEXR_UNSUPPORTED, "unknown compression");
        writer.codec = ChunkWriter::Codec::library;
        break;
    }
    // libdeflate level 4: the level OpenEXR 3.2+ (and so OIIO 3.x) uses by default for ZIP
    // and PXR24, with the same ZIP files to the byte on the benchmark's frames; a little
    // smaller than OpenEXR 3.1's zlib default (26.6 vs 27.1 MiB) in about half the time
    writer.level = 4;
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
        int index = -1;
        for (int32_t c = 0; c < spec.channel_count; ++c)
            if (std::strcmp(spec.channel_names[c], it.name()) == 0) index = c;
        if (index < 0) throw Failure(CEXR_INVALID_ARGUMENT, std::string("no pixels for channel ") + it.name());
        writer.channelOrder.push_back(index);
    }
    writer.rows.pixels = spec.pixels;
    writer.rows.yStride = spec.y_stride;
    writer.rows.width = spec.data_window[2] - spec.data_window[0] + 1;
    writer.rows.channels = spec.channel_count;
    writer.rows.valueBytes = spec.pixel_type == CEXR_HALF ? 2 : 4;
    writer.rows.fileOrder = writer.channelOrder.data();
    if (writer.channelOrder.size() != static_cast<size_t>(spec.channel_count))
        throw Failure(CEXR_INVALID_ARGUMENT, "the header's channels are not the image's");
    ZipRows chunkRows = writer.rows; // a whole chunk's rows: as wide as a tile, or the window
    if (writer.tiled) chunkRows.width = writer.tileWidth;
    const size_t fullChunk = writer.rowsBytes(chunkRows, 0, writer.linesPerChunk - 1);
    writer.fullChunk = fullChunk;
    {
        libdeflate_compressor *compressor = libdeflate_alloc_compressor(writer.level);
        if (!compressor) throw std::bad_alloc();
        writer.slotBytes = writer.prefixBytes()
            + std::max({fullChunk, libdeflate_zlib_compress_bound(compressor, fullChunk),
                        writer.codec == ChunkWriter::Codec::piz ? pizEncodedBound(chunkRows, writer.linesPerChunk)
                                                                : size_t(0)});
        libdeflate_free_compressor(compressor);
    }
    workers = std::max(1, std::min(workers, writer.chunkCount));
    // a few chunks per thread in flight: a thread rarely waits for the writing of another's
    // chunk, and the memory stays a few MiB whatever the image's size
    writer.slotCount = std::max(1, std::min(writer.chunkCount, 4 * workers));
    const size_t chunks = static_cast<size_t>(writer.chunkCount);
    writer.sizes.assign(chunks, 0);
    writer.done.reset(new std::atomic<bool>[chunks]);
    for (size_t i = 0; i < chunks; ++i) writer.done[i].store(false, std::memory_order_relaxed);
    writer.offsets.assign(chunks, 0);
    return workers;
}

/// The file's first bytes: magic, version and the header (the offset table follows).
std::vector<char> headerBytes(const Imf::Header &header) {
    MemoryStream stream;
    int version = Imf::EXR_VERSION | (longNames(header) ? Imf::LONG_NAMES_FLAG : 0)
        | (header.hasTileDescription() ? Imf::TILED_FLAG : 0);
    std::vector<uint8_t> prefix;
    putLE32(prefix, static_cast<uint32_t>(Imf::MAGIC));
    putLE32(prefix, static_cast<uint32_t>(version));
    stream.write(reinterpret_cast<const char *>(prefix.data()), static_cast<int>(prefix.size()));
    header.writeTo(stream, false);
    return stream.bytes;
}

/// Writes all of `bytes` at `offset`.
void writeAt(int fd, const uint8_t *bytes, size_t count, uint64_t offset) {
    size_t done = 0;
    while (done < count) {
        ssize_t written = ::pwrite(fd, bytes + done, count - done, static_cast<off_t>(offset + done));
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) {
            int code = written < 0 ? errno : EIO;
            throw Failure(CEXR_IO_ERROR, std::string("cannot write: ") + std::strerror(code), code);
        }
        done += static_cast<size_t>(written);
    }
}

/// `path` opened (created, emptied) for the chunk writer.
int openForWriting(const char *path) {
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        int code = errno;
        throw Failure(CEXR_IO_ERROR, std::string("cannot open for writing: ") + std::strerror(code), code);
    }
    return fd;
}

/// Writes the file's first bytes, `head` (magic, version, headers), and after them the
/// offset tables, `offsets`, then closes `fd` (set to -1 first).
void finishFile(int &fd, const std::vector<char> &head, const std::vector<uint64_t> &offsets) {
    std::vector<uint8_t> bytes(head.begin(), head.end());
    for (uint64_t offset : offsets)
        for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(offset >> (8 * i)));
    writeAt(fd, bytes.data(), bytes.size(), 0);
    const int closing = fd;
    fd = -1;
    if (::close(closing) != 0) {
        int code = errno;
        throw Failure(CEXR_IO_ERROR, std::string("cannot write: ") + std::strerror(code), code);
    }
}

/// A multi-part file's first bytes: magic, version and the headers (the offset tables
/// follow), as OpenEXR's MultiPartOutputFile writes them (its checks, each part's chunk
/// count, the attributes parts share taken from the first), into memory: it writes the
/// offset tables too, `tableBytes` of zeros, which are cut off.
std::vector<char> multiPartHeaderBytes(const Imf::Header *headers, int count, uint64_t tableBytes) {
    MemoryStream stream;
    {
        Imf::MultiPartOutputFile file(stream, headers, count, true, 0);
    }
    if (stream.bytes.size() < tableBytes) throw Failure(CEXR_INVALID_ARGUMENT, "the parts' chunk counts disagree");
    stream.bytes.resize(stream.bytes.size() - tableBytes);
    return stream.bytes;
}

} // namespace

void writeFast(const char *path, const Imf::Header *headers, const CEXRPartSpec *specs, int count, int threads) {
    if (count < 1) throw Failure(CEXR_INVALID_ARGUMENT, "nothing to write");
    // every part's chunk count first: the offset tables come before the chunks
    std::vector<int> workers(static_cast<size_t>(count));
    std::vector<std::unique_ptr<ChunkWriter>> writers;
    uint64_t chunks = 0;
    for (int i = 0; i < count; ++i) {
        headers[i].sanityCheck(headers[i].hasTileDescription(), count > 1);
        writers.push_back(std::make_unique<ChunkWriter>());
        writers.back()->part = count > 1 ? i : -1;
        workers[static_cast<size_t>(i)] = prepare(*writers.back(), headers[i], specs[i], threads);
        chunks += static_cast<uint64_t>(writers.back()->chunkCount);
    }
    const std::vector<char> bytes =
        count > 1 ? multiPartHeaderBytes(headers, count, 8 * chunks) : headerBytes(headers[0]);

    // the chunks go after the headers and the offset tables, which are written last
    int fd = openForWriting(path);
    struct Closer {
        int &fd;
        ~Closer() {
            if (fd >= 0) ::close(fd);
        }
    } closer{fd};
    uint64_t fileOffset = bytes.size() + 8 * chunks, writebackFrom = fileOffset;
    std::vector<uint64_t> offsets;
    for (int i = 0; i < count; ++i) {
        ChunkWriter &writer = *writers[static_cast<size_t>(i)];
        writer.run(workers[static_cast<size_t>(i)], fd, fileOffset, writebackFrom);
        fileOffset = writer.fileOffset;
        writebackFrom = writer.writebackFrom;
        offsets.insert(offsets.end(), writer.offsets.begin(), writer.offsets.end());
    }
    finishFile(fd, bytes, offsets);
}

} // namespace cexr

namespace cexr {

FastBandWriter::FastBandWriter(const char *path, const Imf::Header &header, const CEXRPartSpec &spec, int threads)
    : header(header), spec(spec), threads(std::max(1, threads)) {
    header.sanityCheck(header.hasTileDescription());
    head = headerBytes(header);
    yMin = spec.data_window[1];
    yMax = spec.data_window[3];
    const ChunkGrid grid = chunkGrid(header, spec.data_window); // bands of lines, or of rows of tiles
    linesPerChunk = grid.linesPerChunk;
    chunkCount = grid.chunkCount;
    fd = openForWriting(path);
    fileOffset = head.size() + 8 * static_cast<uint64_t>(chunkCount);
    writebackFrom = fileOffset;
}

FastBandWriter::~FastBandWriter() {
    if (fd >= 0) ::close(fd);
}

void FastBandWriter::write(const char *pixels, size_t yStride, int first, int rows) {
    if (rows <= 0) return;
    if (first != yMin + rowsWritten || (rows % linesPerChunk != 0 && first + rows - 1 != yMax))
        throw Failure(CEXR_INVALID_ARGUMENT, "bands must start and end on a chunk");
    CEXRPartSpec band = spec;
    band.data_window[1] = first;
    band.data_window[3] = first + rows - 1;
    band.pixels = pixels;
    band.y_stride = yStride;
    ChunkWriter writer;
    const int workers = prepare(writer, header, band, threads);
    writer.firstTileRow = rowsWritten / linesPerChunk;
    writer.run(workers, fd, fileOffset, writebackFrom);
    rowsWritten += rows;
    offsets.insert(offsets.end(), writer.offsets.begin(), writer.offsets.end());
    fileOffset = writer.fileOffset;
    writebackFrom = writer.writebackFrom;
}

void FastBandWriter::finish() {
    if (static_cast<int>(offsets.size()) != chunkCount) throw Failure(CEXR_INVALID_ARGUMENT, "rows are missing");
    finishFile(fd, head, offsets);
}

} // namespace cexr
