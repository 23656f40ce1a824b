#include "library_codec.hpp"

#include "chunked_work.hpp"

#include <ImfChannelList.h>
#include <Iex.h>

#include <algorithm>
#include <climits>

namespace cexr {

bool usesLibraryCodec(Imf::Compression compression) {
    switch (compression) {
    case Imf::RLE_COMPRESSION: case Imf::B44_COMPRESSION: case Imf::B44A_COMPRESSION:
    case Imf::DWAA_COMPRESSION: case Imf::DWAB_COMPRESSION: return true;
    default: return false;
    }
}

size_t pixelBytes(const Imf::Header &header) {
    size_t bytes = 0;
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it)
        bytes += it.channel().type == Imf::HALF ? 2 : 4;
    return bytes;
}

LibraryCodec::LibraryCodec(const Imf::Header &header, size_t lineBytes, int tileHeight)
    : header(header), lineBytes(lineBytes), tileHeight(tileHeight) {
    const Imf::Compression compression = header.compression();
    if (!usesLibraryCodec(compression)) throw IEX_NAMESPACE::ArgExc("not a compression of the library's codecs");
    // the library keeps sizes in int: a chunk must fit (the readers' limits keep them far below)
    const size_t lines = tileHeight > 0 ? static_cast<size_t>(tileHeight) : 256;
    if (lineBytes == 0 || lineBytes > INT_MAX / lines) throw IEX_NAMESPACE::ArgExc("chunk too large");
    compressor.reset(tileHeight > 0
                         ? Imf::newTileCompressor(compression, lineBytes, static_cast<size_t>(tileHeight), header)
                         : Imf::newCompressor(compression, lineBytes, header));
    if (!compressor) throw IEX_NAMESPACE::ArgExc("no codec for this compression");
}

LibraryCodec::~LibraryCodec() = default;

Imf::Compressor *LibraryCodec::tileHuffman() {
    if (huffmanTried) return huffman.get();
    huffmanTried = true;
    if (tileHeight <= 0 || header.compression() != Imf::DWAA_COMPRESSION) return nullptr;
    for (auto it = header.channels().begin(); it != header.channels().end(); ++it) {
        // a subsampled channel's samples depend on where the tile lies: left to the tile codec
        if (it.channel().xSampling != 1 || it.channel().ySampling != 1) return nullptr;
    }
    const size_t bytes = pixelBytes(header);
    if (bytes == 0) return nullptr;
    // The scanline codec sizes its buffers for `lines` lines (32 for DWAA) as wide as its
    // header's window: ceil(lines / 8) * ceil(width / 8) blocks of 8x8, and lines * width
    // pixels. The narrowest window that holds a tile's blocks and pixels (and is as wide as
    // the tile), with the tile's height, so a tile placed at (0, 0) is never clipped. Without
    // subsampling, where a tile lies changes nothing coded.
    const int64_t tileWidth = static_cast<int64_t>(lineBytes / bytes);
    const int64_t lines = linesPerChunk(Imf::DWAA_COMPRESSION);
    const int64_t blocks = ((tileWidth + 7) / 8) * ((static_cast<int64_t>(tileHeight) + 7) / 8);
    const int64_t pixels = tileWidth * tileHeight;
    const int64_t width =
        std::max({tileWidth, 8 * ((blocks + lines / 8 - 1) / (lines / 8)), (pixels + lines - 1) / lines});
    if (width > INT_MAX / 256 || bytes * static_cast<size_t>(width) > INT_MAX / 256) return nullptr;
    auto own = std::make_unique<Imf::Header>(header);
    own->dataWindow() = IMATH_NAMESPACE::Box2i({0, 0}, {static_cast<int>(width) - 1, tileHeight - 1});
    own->displayWindow() = own->dataWindow();
    own->erase("tiles");
    huffman.reset(Imf::newCompressor(Imf::DWAA_COMPRESSION, bytes * static_cast<size_t>(width), *own));
    huffmanHeader = std::move(own);
    return huffman.get();
}

size_t LibraryCodec::decode(uint8_t *in, size_t inBytes, const IMATH_NAMESPACE::Box2i &range, const char *&out) {
    if (inBytes > INT_MAX) throw IEX_NAMESPACE::InputExc("chunk too large");
    const int size = static_cast<int>(inBytes);
    const char *bytes = reinterpret_cast<const char *>(in);
    const int made = tileHeight > 0 ? compressor->uncompressTile(bytes, size, range, out)
                                    : compressor->uncompress(bytes, size, range.min.y, out);
    if (made < 0) throw IEX_NAMESPACE::InputExc("corrupt chunk");
    return static_cast<size_t>(made);
}

size_t LibraryCodec::encode(const uint8_t *in, size_t inBytes, const IMATH_NAMESPACE::Box2i &range,
                            const char *&out) {
    if (inBytes > INT_MAX) throw IEX_NAMESPACE::ArgExc("chunk too large");
    const int size = static_cast<int>(inBytes);
    const char *bytes = reinterpret_cast<const char *>(in);
    if (tileHeight <= 0) return static_cast<size_t>(std::max(0, compressor->compress(bytes, size, range.min.y, out)));
    // Below 32x32 pixels the code table outweighs what it saves (a 1080p frame in 16x16
    // tiles: 8.2 MiB Huffman-coded, 5.9 MiB deflated; in 32x32 tiles 4.4 against 4.5)
    const int64_t pixels = static_cast<int64_t>(range.max.x - range.min.x + 1) * (range.max.y - range.min.y + 1);
    Imf::Compressor *coder = pixels >= 32 * 32 ? tileHuffman() : nullptr;
    if (coder) {
        const int made = coder->compressTile(bytes, size, IMATH_NAMESPACE::Box2i({0, 0}, range.max - range.min), out);
        if (made > 0 && made < size) return static_cast<size_t>(made);
    }
    return static_cast<size_t>(std::max(0, compressor->compressTile(bytes, size, range, out)));
}

} // namespace cexr
