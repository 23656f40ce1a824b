// See header_scan.hpp. The walk follows ImfHeader.cpp (Header::readFrom) and each
// attribute type's readValueFrom in OpenEXR 3.1: most types read a fixed number of bytes
// whatever the size field says, so the stream position is tracked as that reader moves.
#include "header_scan.hpp"

#include "guarded.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

namespace cexr {
namespace {

/// The header bytes, read through a FILE with the position and the file's end known.
struct Walk {
    std::FILE *file = nullptr;
    long end = 0;
    ~Walk() { if (file) std::fclose(file); }

    long position() const { return std::ftell(file); }
    long left() const { long here = position(); return here < 0 ? 0 : end - here; }

    /// A NUL-terminated name (at most 255 characters, as OpenEXR reads them); false at
    /// the end of the file or on a name with no terminator (OpenEXR refuses those).
    bool name(std::string &out) {
        out.clear();
        for (int count = 0; count <= 255; ++count) {
            int c = std::fgetc(file);
            if (c == EOF) return false;
            if (c == 0) return true;
            out.push_back(static_cast<char>(c));
        }
        return false;
    }

    bool int32(int32_t &value) {
        unsigned char bytes[4];
        if (std::fread(bytes, 1, 4, file) != 4) return false;
        value = static_cast<int32_t>(uint32_t(bytes[0]) | uint32_t(bytes[1]) << 8 | uint32_t(bytes[2]) << 16
                                     | uint32_t(bytes[3]) << 24);
        return true;
    }

    bool skip(long bytes) { return bytes >= 0 && bytes <= left() && std::fseek(file, bytes, SEEK_CUR) == 0; }
};

/// Bytes the C++ reader takes for the types it reads with a fixed layout.
const std::map<std::string, long> &fixedSizes() {
    static const std::map<std::string, long> sizes = {
        {"box2i", 16}, {"box2f", 16}, {"chromaticities", 32}, {"compression", 1}, {"deepImageState", 1},
        {"double", 8}, {"envmap", 1}, {"float", 4}, {"int", 4}, {"keycode", 28}, {"lineOrder", 1},
        {"m33f", 36}, {"m33d", 72}, {"m44f", 64}, {"m44d", 128}, {"rational", 8}, {"tiledesc", 9},
        {"timecode", 8}, {"v2i", 8}, {"v2f", 8}, {"v2d", 16}, {"v3i", 12}, {"v3f", 12}, {"v3d", 24},
    };
    return sizes;
}

/// `text` for a message: bytes outside printable ASCII as \xNN.
std::string printable(const std::string &text) {
    std::string out;
    for (unsigned char c : text) {
        if (c >= 0x20 && c < 0x7f) {
            out.push_back(static_cast<char>(c));
        } else {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        }
    }
    return out;
}

[[noreturn]] void refuse(const std::string &name, const std::string &type, const std::string &what, long long claim,
                         long left) {
    throw Failure(CEXR_FORMAT_ERROR, "invalid header: attribute '" + printable(name) + "' (" + printable(type) + ") "
                  + what + " " + std::to_string(claim) + " bytes, but the file has " + std::to_string(left) + " left");
}

/// Moves past one attribute's value as the C++ reader would; false where that reader
/// stops with an error of its own (end of file, a bad name).
bool value(Walk &walk, const std::string &name, const std::string &type, int32_t size) {
    auto fixed = fixedSizes().find(type);
    if (fixed != fixedSizes().end()) return walk.skip(fixed->second);
    if (type == "chlist") {  // channels until an empty name, 16 bytes after each
        std::string channel;
        for (;;) {
            if (!walk.name(channel)) return false;
            if (channel.empty()) return true;
            if (!walk.skip(16)) return false;
        }
    }
    if (type == "preview") {  // width, height, then width × height RGBA bytes
        int32_t width = 0, height = 0;
        if (!walk.int32(width) || !walk.int32(height)) return false;
        long long bytes = static_cast<long long>(width < 0 ? 0 : width) * (height < 0 ? 0 : height) * 4;
        if (bytes > walk.left()) refuse(name, type, "holds a preview of", bytes, walk.left());
        return walk.skip(static_cast<long>(bytes));
    }
    if (type == "stringvector") {  // (length, bytes) pairs filling `size`
        if (size > walk.left()) refuse(name, type, "claims", size, walk.left());
        long read = 0;
        while (read < size) {
            int32_t length = 0;
            if (!walk.int32(length)) return false;
            read += 4;
            if (length > walk.left()) refuse(name, type, "holds a string of", length, walk.left());
            if (length < 0 || !walk.skip(length)) return false;
            read += length;
        }
        return true;
    }
    // string, floatvector, idmanifest and every type OpenEXR does not know: `size` bytes,
    // allocated before they are read
    if (size > walk.left()) refuse(name, type, "claims", size, walk.left());
    return walk.skip(size);
}

} // namespace

void checkHeader(const char *path) {
    Walk walk;
    walk.file = std::fopen(path, "rb");
    if (!walk.file) return;  // OpenEXR reports the open error in its own words
    if (std::fseek(walk.file, 0, SEEK_END) != 0) return;
    walk.end = std::ftell(walk.file);
    if (walk.end < 8 || std::fseek(walk.file, 0, SEEK_SET) != 0) return;
    unsigned char start[8];
    if (std::fread(start, 1, 8, walk.file) != 8) return;
    if (!(start[0] == 0x76 && start[1] == 0x2f && start[2] == 0x31 && start[3] == 0x01)) return;  // not EXR
    const bool multiPart = (start[5] & 0x10) != 0;  // version flags, bit 12
    std::string name, type;
    for (;;) {
        bool any = false;
        for (;;) {
            if (!walk.name(name)) return;
            if (name.empty()) break;  // the end of this header
            any = true;
            int32_t size = 0;
            if (!walk.name(type) || !walk.int32(size) || size < 0) return;
            if (!value(walk, name, type, size)) return;
        }
        // a single-part file has one header; a multi-part one ends with an empty header
        if (!multiPart || !any) return;
    }
}

} // namespace cexr
