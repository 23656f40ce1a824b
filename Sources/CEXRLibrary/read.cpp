// Opening EXR files and decoding parts into caller-owned memory.
#include "CEXR.h"
#include "attributes.hpp"
#include "chunked_work.hpp"
#include "guarded.hpp"
#include "header_scan.hpp"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfInputPart.h>
#include <ImfMultiPartInputFile.h>
#include <ImfPartType.h>
#include <ImfThreading.h>
#include <ImfTiledInputPart.h>

#include <memory>
#include <string>
#include <vector>


struct CEXRPartData {
    CEXRPartInfo info{};
    std::vector<std::string> channelNames;
    std::vector<CEXRChannel> channels;
    std::vector<cexr::PlainAttribute> attributes;
    bool deep = false;
};

struct CEXRFile {
    std::unique_ptr<Imf::MultiPartInputFile> input;
    std::vector<CEXRPartData> parts;
};

namespace {

void describe(const Imf::Header &header, CEXRPartData &part) {
    const auto &data = header.dataWindow();
    const auto &display = header.displayWindow();
    part.info.data_window[0] = data.min.x;
    part.info.data_window[1] = data.min.y;
    part.info.data_window[2] = data.max.x;
    part.info.data_window[3] = data.max.y;
    part.info.display_window[0] = display.min.x;
    part.info.display_window[1] = display.min.y;
    part.info.display_window[2] = display.max.x;
    part.info.display_window[3] = display.max.y;
    part.info.compression = header.compression();
    part.info.tiled = header.hasTileDescription() ? 1 : 0;
    if (part.info.tiled) {
        part.info.tile_width = static_cast<int32_t>(header.tileDescription().xSize);
        part.info.tile_height = static_cast<int32_t>(header.tileDescription().ySize);
    }
    part.deep = header.hasType() && Imf::isDeepData(header.type());
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
        part.channelNames.emplace_back(it.name());
        CEXRChannel channel{};
        channel.type = it.channel().type;
        channel.x_sampling = it.channel().xSampling;
        channel.y_sampling = it.channel().ySampling;
        part.channels.push_back(channel);
    }
    // Names only now: channelNames no longer grows, so its strings stay put.
    for (size_t i = 0; i < part.channels.size(); ++i) part.channels[i].name = part.channelNames[i].c_str();
    part.info.channel_count = static_cast<int32_t>(part.channels.size());
    part.attributes = cexr::readAttributes(header);
}

const CEXRPartData *partAt(const CEXRFile *file, int32_t part) {
    if (!file || part < 0 || static_cast<size_t>(part) >= file->parts.size()) return nullptr;
    return &file->parts[static_cast<size_t>(part)];
}

} // namespace

extern "C" {

int32_t cexr_open(const char *path, CEXRFile **file, CEXRError *error) {
    if (file) *file = nullptr;
    return cexr::guarded(error, CEXR_FORMAT_ERROR, [&] {
        if (!path || !file) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "no path");
        cexr::checkHeader(path);
        auto opened = std::make_unique<CEXRFile>();
        // reconstructChunkOffsetTable = true: a truncated file still opens, and the
        // chunks that are missing fail when read, with a message naming them.
        opened->input = std::make_unique<Imf::MultiPartInputFile>(path, Imf::globalThreadCount(), true);
        int count = opened->input->parts();
        if (count < 1) throw cexr::Failure(CEXR_FORMAT_ERROR, "the file has no parts");
        opened->parts.resize(static_cast<size_t>(count));
        for (int i = 0; i < count; ++i) describe(opened->input->header(i), opened->parts[static_cast<size_t>(i)]);
        *file = opened.release();
    });
}

void cexr_close(CEXRFile *file) {
    try {
        delete file;
    } catch (...) {
        // closing never fails visibly
    }
}

int32_t cexr_part_count(const CEXRFile *file) {
    return file ? static_cast<int32_t>(file->parts.size()) : 0;
}

int32_t cexr_part_info(const CEXRFile *file, int32_t part, CEXRPartInfo *info, CEXRError *error) {
    const CEXRPartData *data = partAt(file, part);
    if (!data || !info) return cexr::report(error, CEXR_INVALID_ARGUMENT, "no such part");
    if (data->deep) return cexr::report(error, CEXR_UNSUPPORTED, "the part holds deep data, which vfxpy does not read");
    *info = data->info;
    return cexr::report(error, CEXR_OK, "");
}

int32_t cexr_channel(const CEXRFile *file, int32_t part, int32_t index, CEXRChannel *channel) {
    const CEXRPartData *data = partAt(file, part);
    if (!data || !channel || index < 0 || static_cast<size_t>(index) >= data->channels.size()) return 0;
    *channel = data->channels[static_cast<size_t>(index)];
    return 1;
}

int32_t cexr_attribute_count(const CEXRFile *file, int32_t part) {
    const CEXRPartData *data = partAt(file, part);
    return data ? static_cast<int32_t>(data->attributes.size()) : 0;
}

int32_t cexr_attribute(const CEXRFile *file, int32_t part, int32_t index, CEXRAttribute *attribute) {
    const CEXRPartData *data = partAt(file, part);
    if (!data || !attribute || index < 0 || static_cast<size_t>(index) >= data->attributes.size()) return 0;
    *attribute = data->attributes[static_cast<size_t>(index)].view();
    return 1;
}

} // extern "C"

namespace {

/// The frame buffer of `slices` over the rows of `rows` (slice bases point at its first
/// pixel); refuses channels the header lacks and subsampled ones.
Imf::FrameBuffer frameBuffer(const Imf::Header &header, const CEXRSlice *slices, int32_t slice_count,
                             const Imath::Box2i &rows) {
    Imf::FrameBuffer buffer;
    for (int32_t i = 0; i < slice_count; ++i) {
        const CEXRSlice &slice = slices[i];
        const Imf::Channel *channel = header.channels().findChannel(slice.name);
        if (!channel) throw cexr::Failure(CEXR_INVALID_ARGUMENT, std::string("no channel ") + slice.name);
        if (channel->xSampling != 1 || channel->ySampling != 1)
            throw cexr::Failure(CEXR_UNSUPPORTED, std::string("channel ") + slice.name
                                + " is subsampled, which vfxpy does not read");
        buffer.insert(slice.name, Imf::Slice::Make(static_cast<Imf::PixelType>(slice.type), slice.base, rows,
                                                   slice.x_stride, slice.y_stride));
    }
    return buffer;
}

/// The part whose pixels are to be read: it exists and holds flat (not deep) data.
const CEXRPartData *readablePart(const CEXRFile *file, int32_t part) {
    const CEXRPartData *data = partAt(file, part);
    if (!data) throw cexr::Failure(CEXR_INVALID_ARGUMENT, "no such part");
    if (data->deep) throw cexr::Failure(CEXR_UNSUPPORTED, "the part holds deep data, which vfxpy does not read");
    return data;
}

} // namespace

extern "C" {

int32_t cexr_read_part(CEXRFile *file, int32_t part, const CEXRSlice *slices, int32_t slice_count, CEXRError *error) {
    return cexr::guarded(error, CEXR_FORMAT_ERROR, [&] {
        const CEXRPartData *data = readablePart(file, part);
        const Imf::Header &header = file->input->header(part);
        const Imath::Box2i &window = header.dataWindow();
        Imf::FrameBuffer buffer = frameBuffer(header, slices, slice_count, window);
        if (data->info.tiled) {
            Imf::TiledInputPart input(*file->input, part);
            input.setFrameBuffer(buffer);
            cexr::forEachTileBand(input, [&](int tilesX, int first, int last) {
                input.readTiles(0, tilesX - 1, first, last, 0);
            });
        } else {
            Imf::InputPart input(*file->input, part);
            input.setFrameBuffer(buffer);
            cexr::forEachBand(window.min.y, window.max.y, cexr::bandLines(header.compression()),
                              [&](int first, int last) { input.readPixels(first, last); });
        }
    });
}

void cexr_set_thread_count(int32_t count) {
    try {
        Imf::setGlobalThreadCount(count < 0 ? 0 : count);
    } catch (...) {
        // thread start failure: OpenEXR keeps its previous pool
    }
}

int32_t cexr_thread_count(void) {
    try {
        return Imf::globalThreadCount();
    } catch (...) {
        return -1;
    }
}

} // extern "C"

// Reading by bands (CEXRStream.h): the rows y_first..y_last only. OpenEXR's InputFile
// interface serves both scanline and tiled parts (tiles are read a row of tiles at a
// time and cut to the band), so a band need not be aligned to the chunks; aligned bands
// (vfxpy's regions) decode each chunk once.
extern "C" int32_t cexr_read_rows(CEXRFile *file, int32_t part, int32_t y_first, int32_t y_last,
                                  const CEXRSlice *slices, int32_t slice_count, CEXRError *error) {
    return cexr::guarded(error, CEXR_FORMAT_ERROR, [&] {
        const CEXRPartData *data = readablePart(file, part);
        const Imf::Header &header = file->input->header(part);
        const Imath::Box2i &window = header.dataWindow();
        if (y_first > y_last || y_first < window.min.y || y_last > window.max.y)
            throw cexr::Failure(CEXR_INVALID_ARGUMENT, "rows outside the data window");
        const Imath::Box2i band(Imath::V2i(window.min.x, y_first), Imath::V2i(window.max.x, y_last));
        Imf::FrameBuffer buffer = frameBuffer(header, slices, slice_count, band);
        Imf::InputPart input(*file->input, part);
        input.setFrameBuffer(buffer);
        int lines = data->info.tiled ? std::max(1, data->info.tile_height) * std::max(1, cexr::chunksPerBand() / 4)
                                     : cexr::bandLines(header.compression());
        cexr::forEachBand(y_first, y_last, lines, [&](int first, int last) { input.readPixels(first, last); });
    });
}
