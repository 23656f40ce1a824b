// Encoding interleaved pixels into single- or multi-part EXR files.
#include "CEXR.h"
#include "attributes.hpp"
#include "fast_write.hpp"
#include "chunked_work.hpp"
#include "guarded.hpp"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfMultiPartOutputFile.h>
#include <ImfOutputPart.h>
#include <ImfPartType.h>
#include <ImfTileDescription.h>
#include <ImfTiledOutputPart.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>


namespace {

Imath::Box2i box(const int32_t values[4]) {
    return Imath::Box2i(Imath::V2i(values[0], values[1]), Imath::V2i(values[2], values[3]));
}

size_t bytesPerValue(int32_t type) {
    return type == CEXR_HALF ? 2 : 4;
}

Imf::Header makeHeader(const CEXRPartSpec &spec, bool multiPart) {
    if (spec.compression < 0 || spec.compression >= Imf::NUM_COMPRESSION_METHODS)
        throw cexr::Failure(CEXR_INVALID_ARGUMENT, "unknown compression");
    if (spec.pixel_type != CEXR_HALF && spec.pixel_type != CEXR_FLOAT)
        throw cexr::Failure(CEXR_INVALID_ARGUMENT, "pixel type must be half or float");
    Imf::Header header(box(spec.display_window), box(spec.data_window), 1.0f, Imath::V2f(0, 0), 1.0f,
                       Imf::INCREASING_Y, static_cast<Imf::Compression>(spec.compression));
    if (spec.tile_width > 0 && spec.tile_height > 0) {
        header.setTileDescription(Imf::TileDescription(static_cast<unsigned>(spec.tile_width),
                                                       static_cast<unsigned>(spec.tile_height), Imf::ONE_LEVEL));
    }
    if (spec.dwa_compression_level > 0) header.dwaCompressionLevel() = spec.dwa_compression_level;
    std::set<std::string> seen;
    for (int32_t i = 0; i < spec.channel_count; ++i) {
        const char *name = spec.channel_names[i];
        if (!name || !name[0]) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "a channel has an empty name");
        if (!seen.insert(name).second)
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, std::string("channel name '") + name + "' appears twice");
        header.channels().insert(name, Imf::Channel(static_cast<Imf::PixelType>(spec.pixel_type)));
    }
    for (int32_t i = 0; i < spec.attribute_count; ++i) {
        try {
            cexr::writeAttribute(header, spec.attributes[i]);
        } catch (const std::exception &) {
            // a value that clashes with an existing attribute's type: not written
        }
    }
    if (multiPart) {
        header.setName(spec.name ? spec.name : "");
    }
    bool tiled = header.hasTileDescription();
    header.setType(tiled ? Imf::TILEDIMAGE : Imf::SCANLINEIMAGE);
    if (!tiled && header.lineOrder() == Imf::RANDOM_Y) header.lineOrder() = Imf::INCREASING_Y;
    return header;
}

Imf::FrameBuffer frameBuffer(const CEXRPartSpec &spec) {
    Imf::FrameBuffer buffer;
    size_t value = bytesPerValue(spec.pixel_type);
    size_t xStride = value * static_cast<size_t>(spec.channel_count);
    Imath::Box2i window = box(spec.data_window);
    for (int32_t i = 0; i < spec.channel_count; ++i) {
        const char *first = spec.pixels + static_cast<size_t>(i) * value;
        buffer.insert(spec.channel_names[i], Imf::Slice::Make(static_cast<Imf::PixelType>(spec.pixel_type), first,
                                                              window, xStride, spec.y_stride));
    }
    return buffer;
}

} // namespace

extern "C" int32_t cexr_write(const char *path, const CEXRPartSpec *parts, int32_t part_count, CEXRError *error) {
    return cexr_write_with(path, parts, part_count, Imf::globalThreadCount() > 0 ? Imf::globalThreadCount() : 1, error);
}

extern "C" int32_t cexr_write_with(const char *path, const CEXRPartSpec *parts, int32_t part_count,
                                   int32_t fast_threads, CEXRError *error) {
    return cexr::guarded(error, CEXR_IO_ERROR, [&] {
        if (!path || !parts || part_count < 1) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "nothing to write");
        bool multiPart = part_count > 1;
        std::vector<Imf::Header> headers;
        for (int32_t i = 0; i < part_count; ++i) headers.push_back(makeHeader(parts[i], multiPart));
        if (fast_threads > 0 && std::all_of(headers.begin(), headers.end(), [](const Imf::Header &header) { return cexr::canWriteFast(header); })) {
            cexr::writeFast(path, headers.data(), parts, part_count, fast_threads);
            return;
        }
        Imf::MultiPartOutputFile output(path, headers.data(), part_count, true, Imf::globalThreadCount());
        for (int32_t i = 0; i < part_count; ++i) {
            const CEXRPartSpec &spec = parts[i];
            Imf::FrameBuffer buffer = frameBuffer(spec);
            if (headers[static_cast<size_t>(i)].hasTileDescription()) {
                Imf::TiledOutputPart part(output, i);
                part.setFrameBuffer(buffer);
                cexr::forEachTileBand(part, [&](int tilesX, int first, int last) {
                    part.writeTiles(0, tilesX - 1, first, last, 0);
                });
            } else {
                Imf::OutputPart part(output, i);
                part.setFrameBuffer(buffer);
                // writePixels(n) writes the next n scanlines in order
                cexr::forEachBand(spec.data_window[1], spec.data_window[3],
                                  cexr::bandLines(headers[static_cast<size_t>(i)].compression()),
                                  [&](int first, int last) { part.writePixels(last - first + 1); });
            }
        }
    });
}

namespace cexr {

/// The header `cexr_write` would write for `spec` (for the band writer in stream.cpp).
Imf::Header partHeader(const CEXRPartSpec &spec, bool multiPart) { return makeHeader(spec, multiPart); }

} // namespace cexr
