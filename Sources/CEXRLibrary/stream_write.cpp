// Writing a single-part EXR band after band (CEXRStream.h). The header is the one
// cexr_write would write (write.cpp's makeHeader). Parts the parallel chunk writer takes
// (fast_write.cpp: every compression, scanline or tiled at one level) go to it band by
// band: scanline rows with the rows of a chunk split between two bands gathered here, tiled
// parts a row of tiles at a time, gathered here. Anything else goes to OpenEXR's
// OutputPart / TiledOutputPart the same way.
#include "CEXR.h"
#include "chunked_work.hpp"
#include "fast_write.hpp"
#include "guarded.hpp"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfMultiPartOutputFile.h>
#include <ImfOutputPart.h>
#include <ImfThreading.h>
#include <ImfTileDescription.h>
#include <ImfTiledOutputPart.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace cexr {
Imf::Header partHeader(const CEXRPartSpec &spec, bool multiPart);
}

struct CEXRStreamWriter {
    std::unique_ptr<Imf::MultiPartOutputFile> output;
    std::vector<std::string> channelNames;
    int32_t pixelType = CEXR_HALF;
    Imath::Box2i window;
    int32_t nextRow = 0; // rows written (or gathered), from the data window's top
    int32_t height = 0;
    size_t pixelBytes = 0; // one pixel, every channel
    // tiled parts: one row of tiles, gathered until complete
    bool tiled = false;
    int32_t tileHeight = 0;
    int32_t tilesX = 0;
    std::vector<char> tileRow;
    int32_t tileRowFirst = 0; // first row held in tileRow (from the data window's top)
    // ZIP/ZIPS through libdeflate: the rows of an unfinished chunk wait in `carry`
    std::unique_ptr<cexr::FastBandWriter> fast;
    std::vector<const char *> channelPointers;
    std::vector<char> carry;
    int32_t carryFirst = 0, carryRows = 0;

    void writeFast(const char *pixels, size_t yStride, int32_t rows) {
        const int32_t lines = fast->chunkLines();
        const size_t bytes = rowBytes();
        const bool last = nextRow + rows == height;
        int32_t r = 0;
        if (carryRows > 0) {
            for (; carryRows < lines && r < rows; ++r, ++carryRows)
                std::memcpy(carry.data() + static_cast<size_t>(carryRows) * bytes,
                            pixels + static_cast<size_t>(r) * yStride, bytes);
            if (carryRows == lines || (last && r == rows)) {
                fast->write(carry.data(), bytes, window.min.y + carryFirst, carryRows);
                carryRows = 0;
            }
        }
        if (carryRows == 0 && r < rows) {
            // whole chunks (and the image's last rows) straight from the caller's memory
            int32_t straight = last ? rows - r : (rows - r) / lines * lines;
            if (straight > 0) {
                fast->write(pixels + static_cast<size_t>(r) * yStride, yStride, window.min.y + nextRow + r, straight);
                r += straight;
            }
            if (r < rows) {
                carryFirst = nextRow + r;
                for (; r < rows; ++r, ++carryRows)
                    std::memcpy(carry.data() + static_cast<size_t>(carryRows) * bytes,
                                pixels + static_cast<size_t>(r) * yStride, bytes);
            }
        }
        nextRow += rows;
    }

    size_t rowBytes() const { return pixelBytes * static_cast<size_t>(window.max.x - window.min.x + 1); }

    Imf::FrameBuffer frame(const char *pixels, size_t yStride, int32_t firstRow, int32_t rows) const {
        const size_t value = pixelType == CEXR_HALF ? 2 : 4;
        const Imath::Box2i band(Imath::V2i(window.min.x, window.min.y + firstRow),
                                Imath::V2i(window.max.x, window.min.y + firstRow + rows - 1));
        Imf::FrameBuffer buffer;
        for (size_t i = 0; i < channelNames.size(); ++i) {
            buffer.insert(channelNames[i], Imf::Slice::Make(static_cast<Imf::PixelType>(pixelType),
                                                            pixels + i * value, band, pixelBytes, yStride));
        }
        return buffer;
    }

    void writeScanlines(const char *pixels, size_t yStride, int32_t rows) {
        Imf::OutputPart part(*output, 0);
        part.setFrameBuffer(frame(pixels, yStride, nextRow, rows));
        const int lines = cexr::bandLines(part.header().compression());
        // writePixels(n) writes the next n scanlines in order
        cexr::forEachBand(0, rows - 1, lines, [&](int first, int last) { part.writePixels(last - first + 1); });
        nextRow += rows;
    }

    void flushTiles() {
        int32_t rows = std::min(tileHeight, height - tileRowFirst);
        if (fast) {
            cexr::throwIfCancelled();
            fast->write(tileRow.data(), rowBytes(), window.min.y + tileRowFirst, rows);
            tileRowFirst += rows;
            return;
        }
        Imf::TiledOutputPart part(*output, 0);
        part.setFrameBuffer(frame(tileRow.data(), rowBytes(), tileRowFirst, rows));
        int tileY = tileRowFirst / tileHeight;
        cexr::throwIfCancelled();
        part.writeTiles(0, tilesX - 1, tileY, tileY, 0);
        tileRowFirst += rows;
    }

    void gatherTiles(const char *pixels, size_t yStride, int32_t rows) {
        const size_t bytes = rowBytes();
        for (int32_t r = 0; r < rows; ++r) {
            int32_t row = nextRow + r;
            std::memcpy(tileRow.data() + static_cast<size_t>(row - tileRowFirst) * bytes,
                        pixels + static_cast<size_t>(r) * yStride, bytes);
            if (row + 1 == std::min(height, tileRowFirst + tileHeight)) flushTiles();
        }
        nextRow += rows;
    }
};

extern "C" {

int32_t cexr_stream_create(const char *path, const CEXRPartSpec *spec, CEXRStreamWriter **writer,
                           CEXRError *error) {
    if (writer) *writer = nullptr;
    return cexr::guarded(error, CEXR_IO_ERROR, [&] {
        if (!path || !spec || !writer) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "nothing to write");
        Imf::Header header = cexr::partHeader(*spec, false);
        auto made = std::make_unique<CEXRStreamWriter>();
        made->pixelType = spec->pixel_type;
        made->window = header.dataWindow();
        made->height = made->window.max.y - made->window.min.y + 1;
        for (int32_t i = 0; i < spec->channel_count; ++i) made->channelNames.emplace_back(spec->channel_names[i]);
        made->pixelBytes = (spec->pixel_type == CEXR_HALF ? 2 : 4) * static_cast<size_t>(spec->channel_count);
        if (header.hasTileDescription()) {
            made->tiled = true;
            made->tileHeight = static_cast<int32_t>(header.tileDescription().ySize);
            int64_t width = made->window.max.x - made->window.min.x + 1;
            made->tilesX = static_cast<int32_t>((width + header.tileDescription().xSize - 1)
                                                / header.tileDescription().xSize);
            made->tileRow.resize(made->rowBytes() * static_cast<size_t>(std::min(made->tileHeight, made->height)));
        }
        if (cexr::canWriteFast(header, true)) {
            CEXRPartSpec kept = *spec;
            for (auto &name : made->channelNames) made->channelPointers.push_back(name.c_str());
            kept.channel_names = made->channelPointers.data();
            kept.attributes = nullptr; // in the header already
            kept.attribute_count = 0;
            kept.name = nullptr;
            kept.pixels = nullptr;
            made->fast = std::make_unique<cexr::FastBandWriter>(path, header, kept,
                                                                std::max(1, Imf::globalThreadCount()));
            if (!made->tiled) made->carry.resize(made->rowBytes() * static_cast<size_t>(made->fast->chunkLines()));
        } else {
            made->output = std::make_unique<Imf::MultiPartOutputFile>(path, &header, 1, true, Imf::globalThreadCount());
        }
        *writer = made.release();
    });
}

int32_t cexr_stream_write(CEXRStreamWriter *writer, const char *pixels, size_t y_stride, int32_t rows,
                          CEXRError *error) {
    return cexr::guarded(error, CEXR_IO_ERROR, [&] {
        if (!writer || (!writer->output && !writer->fast))
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, "the writer is closed");
        if (rows <= 0) return;
        if (!pixels || y_stride < writer->rowBytes()) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "bad rows");
        if (rows > writer->height - writer->nextRow)
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, "more rows than the image has left");
        if (writer->tiled)
            writer->gatherTiles(pixels, y_stride, rows);
        else if (writer->fast)
            writer->writeFast(pixels, y_stride, rows);
        else
            writer->writeScanlines(pixels, y_stride, rows);
    });
}

int32_t cexr_stream_rows_written(const CEXRStreamWriter *writer) { return writer ? writer->nextRow : 0; }

int32_t cexr_stream_finish(CEXRStreamWriter *writer, CEXRError *error) {
    return cexr::guarded(error, CEXR_IO_ERROR, [&] {
        if (!writer || (!writer->output && !writer->fast))
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, "the writer is closed");
        if (writer->nextRow != writer->height)
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, "only " + std::to_string(writer->nextRow) + " of "
                                + std::to_string(writer->height) + " rows were written");
        if (writer->fast) {
            writer->fast->finish();
            writer->fast.reset();
        }
        // the destructor writes the offset table and closes the file
        writer->output.reset();
    });
}

void cexr_stream_free(CEXRStreamWriter *writer) {
    try {
        delete writer;
    } catch (...) {
        // an unfinished file's close may fail: the caller removes the file
    }
}

} // extern "C"
