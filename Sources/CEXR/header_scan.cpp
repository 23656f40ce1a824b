// A pass over the EXR header's attribute sizes before OpenEXR reads it. OpenEXR 3.1's
// header reader allocates whatever an attribute's size field says before it reads the
// value: a 7 KB file whose field says 2 GB made it allocate 2.1 GB before failing. A
// value can never be larger than the bytes left in the file, so such a header is refused
// here, with no allocation beyond a name.
#include "header_scan.hpp"

#include "guarded.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace cexr {
namespace {

struct File {
    std::FILE *handle;
    ~File() { if (handle) std::fclose(handle); }
};

/// Reads a NUL-terminated name of at most `limit` characters; false at end of file.
bool readName(std::FILE *file, std::string &name, size_t limit) {
    name.clear();
    for (;;) {
        int c = std::fgetc(file);
        if (c == EOF) return false;
        if (c == 0) return true;
        if (name.size() >= limit) throw Failure(CEXR_FORMAT_ERROR, "invalid header: a name longer than " + std::to_string(limit) + " characters");
        name.push_back(static_cast<char>(c));
    }
}

/// `text` for a message: bytes outside printable ASCII as \xNN (a damaged header's
/// names are arbitrary bytes).
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

} // namespace

void checkHeaderSizes(const char *path) {
    File file{std::fopen(path, "rb")};
    if (!file.handle) return;  // OpenEXR reports the open error in its own words
    if (std::fseek(file.handle, 0, SEEK_END) != 0) return;
    long end = std::ftell(file.handle);
    if (end < 8 || std::fseek(file.handle, 0, SEEK_SET) != 0) return;
    unsigned char start[8];
    if (std::fread(start, 1, 8, file.handle) != 8) return;
    if (!(start[0] == 0x76 && start[1] == 0x2f && start[2] == 0x31 && start[3] == 0x01)) return;  // not EXR
    const bool multiPart = (start[5] & 0x10) != 0;  // version flags: bit 12
    const size_t limit = 255;  // long names; shorter ones are OpenEXR's to judge
    std::string name, type;
    for (int header = 0;; ++header) {
        bool any = false;
        for (;;) {
            if (!readName(file.handle, name, limit)) return;  // truncated: OpenEXR says so
            if (name.empty()) break;  // end of this header
            any = true;
            if (!readName(file.handle, type, limit)) return;
            unsigned char field[4];
            if (std::fread(field, 1, 4, file.handle) != 4) return;
            int32_t size = static_cast<int32_t>(uint32_t(field[0]) | uint32_t(field[1]) << 8 | uint32_t(field[2]) << 16
                                                | uint32_t(field[3]) << 24);
            long here = std::ftell(file.handle);
            if (size < 0 || here < 0 || static_cast<long>(size) > end - here) {
                throw Failure(CEXR_FORMAT_ERROR, "invalid header: attribute '" + printable(name) + "' (" + printable(type) + ") claims "
                              + std::to_string(size) + " bytes, but the file has " + std::to_string(end - (here < 0 ? end : here))
                              + " left");
            }
            if (std::fseek(file.handle, size, SEEK_CUR) != 0) return;
        }
        // a single-part file has one header; a multi-part one ends with an empty header
        if (!multiPart || !any) return;
    }
}

} // namespace cexr
