// Configs: reading (file, string) and the listings as JSON.
#include "guarded.hpp"

#include <cerrno>
#include <sys/stat.h>
#include <fstream>
#include <sstream>

namespace {

void appendEscaped(std::string &out, const char *text) {
    out += '"';
    for (const char *p = text ? text : ""; *p; ++p) {
        unsigned char c = static_cast<unsigned char>(*p);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
                out += buffer;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
}

/// A tiny JSON writer: keys and values appended in order, commas handled.
struct Json {
    std::string out;
    bool first = true;
    void open(char bracket) { out += bracket; first = true; }
    void close(char bracket) { out += bracket; first = false; }
    void comma() { if (!first) out += ','; first = false; }
    void key(const char *name) { comma(); appendEscaped(out, name); out += ':'; first = true; }
    void string(const char *value) { comma(); appendEscaped(out, value); }
    void boolean(bool value) { comma(); out += value ? "true" : "false"; }
};

} // namespace

extern "C" {

const char *cocio_version(COCIOError *) { return OCIO::GetVersion(); }

int32_t cocio_config_from_file(const char *path, COCIOConfig **config, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!path || !config) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "no path");
        // OCIO reports an unreadable file as a plain Exception: check first, for errno
        std::FILE *file = std::fopen(path, "rb");
        if (!file) {
            int code = errno;
            throw cocio::Failure(COCIO_IO_ERROR, std::strerror(code), code);
        }
        struct stat info;
        bool directory = fstat(fileno(file), &info) == 0 && S_ISDIR(info.st_mode);
        std::fclose(file);
        if (directory) throw cocio::Failure(COCIO_IO_ERROR, std::strerror(EISDIR), EISDIR);
        auto loaded = OCIO::Config::CreateFromFile(path);
        *config = new COCIOConfig{loaded};
    });
}

int32_t cocio_config_from_string(const char *text, const char *working_dir, COCIOConfig **config, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!text || !config) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "no text");
        std::istringstream stream(text);
        auto loaded = OCIO::Config::CreateFromStream(stream);
        if (working_dir && *working_dir) {
            auto editable = loaded->createEditableCopy();
            editable->setWorkingDir(working_dir);
            loaded = editable;
        }
        *config = new COCIOConfig{loaded};
    });
}

void cocio_config_free(COCIOConfig *config) { delete config; }

int32_t cocio_config_describe(const COCIOConfig *config, char **json, COCIOError *error) {
    return cocio::guarded(error, [&] {
        if (!config || !json) throw cocio::Failure(COCIO_INVALID_ARGUMENT, "no config");
        const auto &c = config->config;
        Json j;
        j.open('{');
        j.key("name"); j.string(c->getName());
        j.key("description"); j.string(c->getDescription());
        j.key("cache_id"); j.string(c->getCacheID());
        j.key("search_path"); j.string(c->getSearchPath());
        j.key("working_dir"); j.string(c->getWorkingDir());
        std::ostringstream yaml;
        c->serialize(yaml);
        j.key("yaml"); j.string(yaml.str().c_str());
        j.key("color_spaces"); j.open('[');
        for (int i = 0; i < c->getNumColorSpaces(); ++i) {
            const char *name = c->getColorSpaceNameByIndex(i);
            auto space = c->getColorSpace(name);
            if (!space) continue;
            j.comma(); j.open('{');
            j.key("name"); j.string(space->getName());
            j.key("family"); j.string(space->getFamily());
            j.key("encoding"); j.string(space->getEncoding());
            j.key("is_data"); j.boolean(space->isData());
            j.key("description"); j.string(space->getDescription());
            j.key("aliases"); j.open('[');
            for (size_t a = 0; a < space->getNumAliases(); ++a) j.string(space->getAlias(a));
            j.close(']');
            j.close('}');
        }
        j.close(']');
        j.key("roles"); j.open('{');
        for (int i = 0; i < c->getNumRoles(); ++i) {
            j.key(c->getRoleName(i));
            j.string(c->getRoleColorSpace(i));
        }
        j.close('}');
        j.key("displays"); j.open('[');
        for (int i = 0; i < c->getNumDisplays(); ++i) {
            const char *display = c->getDisplay(i);
            j.comma(); j.open('{');
            j.key("name"); j.string(display);
            j.key("default_view"); j.string(c->getDefaultView(display));
            j.key("views"); j.open('[');
            for (int v = 0; v < c->getNumViews(display); ++v) j.string(c->getView(display, v));
            j.close(']');
            j.close('}');
        }
        j.close(']');
        j.key("default_display"); j.string(c->getDefaultDisplay());
        j.key("looks"); j.open('[');
        for (int i = 0; i < c->getNumLooks(); ++i) j.string(c->getLookNameByIndex(i));
        j.close(']');
        j.close('}');
        *json = cocio::copy(j.out);
    });
}

void cocio_free(void *pointer) { std::free(pointer); }

} // extern "C"
