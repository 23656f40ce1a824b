// OpenEXR 3.1's own chunk codecs (DWAA/DWAB, B44/B44A, RLE), called one chunk at a time
// from our parallel pipelines: the Core reader (core_read.cpp), which OpenEXRCore 3.1 cannot
// serve for DWA (not implemented) or for B44 float channels (decoded wrongly), and the chunk
// writer (fast_write.cpp). The same code the C++ API's InputFile and OutputFile run, so the
// chunks are those files' to the byte; what changes is who runs them: every core, each chunk
// unpacked straight into the image, each written as it finishes.
#pragma once

#include <ImfCompression.h>
#include <ImfHeader.h>
#include <ImathBox.h>
#include <OpenEXRConfig.h>

#include <cstddef>
#include <cstdint>
#include <memory>

// OpenEXR 3.1 exports its compressors' base class and factories (IMF_EXPORT) but does not
// install their header, ImfCompressor.h; this is its declaration, virtual functions in its
// order. Another OpenEXR release may change the class: check it before moving this.
#if OPENEXR_VERSION_MAJOR != 3 || OPENEXR_VERSION_MINOR != 1
#error "library_codec.hpp declares OpenEXR 3.1's Imf::Compressor; check ImfCompressor.h of this release"
#endif

OPENEXR_IMF_INTERNAL_NAMESPACE_HEADER_ENTER

class Compressor {
public:
    Compressor(const Header &hdr);
    virtual ~Compressor();
    virtual int numScanLines() const = 0;
    enum Format { NATIVE, XDR };
    virtual Format format() const;
    virtual int compress(const char *inPtr, int inSize, int minY, const char *&outPtr) = 0;
    virtual int compressTile(const char *inPtr, int inSize, IMATH_NAMESPACE::Box2i range, const char *&outPtr);
    virtual int uncompress(const char *inPtr, int inSize, int minY, const char *&outPtr) = 0;
    virtual int uncompressTile(const char *inPtr, int inSize, IMATH_NAMESPACE::Box2i range, const char *&outPtr);

private:
    const Header &_header;
};

Compressor *newCompressor(Compression c, size_t maxScanLineSize, const Header &hdr);
Compressor *newTileCompressor(Compression c, size_t tileLineSize, size_t numTileLines, const Header &hdr);

OPENEXR_IMF_INTERNAL_NAMESPACE_HEADER_EXIT

namespace cexr {

/// True for the compressions whose chunks go through LibraryCodec.
bool usesLibraryCodec(Imf::Compression compression);

/// The bytes of one pixel of every channel of `header` (x and y sampling ignored).
size_t pixelBytes(const Imf::Header &header);

/// One thread's instance of the library's codec for a part (its buffers are kept from one
/// chunk to the next; one per thread, as OpenEXR's own line buffers have). `header` holds the
/// part's channels and data window (and, writing DWA, its compression level) and must outlive
/// the codec.
class LibraryCodec {
public:
    /// Scanline chunks of `lineBytes` at most per line, or tiles (`lineBytes` per tile line,
    /// `tileHeight` lines) when `tileHeight` > 0. Throws what the library throws.
    LibraryCodec(const Imf::Header &header, size_t lineBytes, int tileHeight = 0);
    ~LibraryCodec();
    LibraryCodec(const LibraryCodec &) = delete;
    LibraryCodec &operator=(const LibraryCodec &) = delete;

    /// The uncompressed bytes of the chunk `in` covering `range` (file coordinates; a scanline
    /// chunk's x range is the data window's): points `out` at them (the codec's buffer, valid
    /// until its next call) and returns their count. May write to `in` (DWA turns its counters
    /// around in place). Throws on a corrupt chunk.
    size_t decode(uint8_t *in, size_t inBytes, const IMATH_NAMESPACE::Box2i &range, const char *&out);

    /// The chunk's uncompressed bytes (`in`, the file's layout) compressed: `out` as above.
    /// The caller stores the chunk as it is when the result is not smaller.
    ///
    /// DWAA tiles: OpenEXR 3.1's tile codec deflates a tile's AC coefficients at zlib level 9
    /// (a 4K frame in 64x64 tiles: 5.1 s on 2 cores, 80% of it in zlib, and 16.1 MiB), where
    /// its DWAB tiles and every DWA scanline chunk code them with DWA's static Huffman code
    /// (that frame: 0.75 s, 13.2 MiB). Tiles of 32x32 pixels or more are coded so here too,
    /// the library's scanline codec given a header whose window holds a tile; smaller ones
    /// (the code table outweighs what it saves), and any that does not get smaller so, are
    /// deflated as OpenEXR does. The chunk says which coding it holds; DWA decoders read both.
    size_t encode(const uint8_t *in, size_t inBytes, const IMATH_NAMESPACE::Box2i &range, const char *&out);

private:
    /// The Huffman coder of DWAA tiles (see encode); null where the tile codec must do.
    Imf::Compressor *tileHuffman();

    const Imf::Header &header;
    size_t lineBytes;
    int tileHeight;
    std::unique_ptr<Imf::Compressor> compressor;
    std::unique_ptr<Imf::Header> huffmanHeader; // the tile Huffman coder's (it refers to it)
    std::unique_ptr<Imf::Compressor> huffman;
    bool huffmanTried = false;
};

} // namespace cexr
