// Header attributes to and from plain values.
#include "attributes.hpp"

#include <ImfBoxAttribute.h>
#include <ImfChromaticitiesAttribute.h>
#include <ImfCompressionAttribute.h>
#include <ImfDeepImageStateAttribute.h>
#include <ImfDoubleAttribute.h>
#include <ImfEnvmapAttribute.h>
#include <ImfFloatAttribute.h>
#include <ImfFloatVectorAttribute.h>
#include <ImfIntAttribute.h>
#include <ImfKeyCodeAttribute.h>
#include <ImfLineOrderAttribute.h>
#include <ImfMatrixAttribute.h>
#include <ImfRationalAttribute.h>
#include <ImfStringAttribute.h>
#include <ImfStringVectorAttribute.h>
#include <ImfTileDescriptionAttribute.h>
#include <ImfTimeCodeAttribute.h>
#include <ImfVecAttribute.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>
#include <type_traits>


namespace cexr {

CEXRAttribute PlainAttribute::view() const {
    CEXRAttribute result{};
    result.name = name.c_str();
    result.kind = kind;
    switch (kind) {
    case CEXR_VALUE_INT:
    case CEXR_VALUE_INTS:
        result.count = static_cast<int32_t>(ints.size());
        result.ints = ints.data();
        break;
    case CEXR_VALUE_DOUBLE:
    case CEXR_VALUE_DOUBLES:
        result.count = static_cast<int32_t>(doubles.size());
        result.doubles = doubles.data();
        break;
    default:
        result.count = static_cast<int32_t>(stringPointers.size());
        result.strings = stringPointers.data();
        break;
    }
    return result;
}

const char *compressionName(int compression) {
    static const char *const names[] = {"none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"};
    if (compression < 0 || compression > 9) return "unknown";
    return names[compression];
}

namespace {

const char *lineOrderName(Imf::LineOrder order) {
    switch (order) {
    case Imf::INCREASING_Y: return "increasing_y";
    case Imf::DECREASING_Y: return "decreasing_y";
    case Imf::RANDOM_Y: return "random_y";
    default: return "unknown";
    }
}

std::string timeCodeText(const Imf::TimeCode &code) {
    char text[32];
    std::snprintf(text, sizeof(text), "%02d:%02d:%02d%c%02d", code.hours(), code.minutes(), code.seconds(),
                  code.dropFrame() ? ';' : ':', code.frame());
    return text;
}

/// An attribute called `name` of `kind`, its values in the member that holds their type.
template <typename Value>
PlainAttribute makePlain(const std::string &name, int32_t kind, std::vector<Value> values) {
    PlainAttribute plain;
    plain.name = name;
    plain.kind = kind;
    if constexpr (std::is_same_v<Value, int64_t>) plain.ints = std::move(values);
    else if constexpr (std::is_same_v<Value, double>) plain.doubles = std::move(values);
    else plain.strings = std::move(values);
    return plain;
}

PlainAttribute makeInts(const std::string &name, std::vector<int64_t> values, bool scalar = false) {
    return makePlain(name, scalar ? CEXR_VALUE_INT : CEXR_VALUE_INTS, std::move(values));
}

PlainAttribute makeDoubles(const std::string &name, std::vector<double> values, bool scalar = false) {
    return makePlain(name, scalar ? CEXR_VALUE_DOUBLE : CEXR_VALUE_DOUBLES, std::move(values));
}

PlainAttribute makeStrings(const std::string &name, std::vector<std::string> values, bool scalar = false) {
    return makePlain(name, scalar ? CEXR_VALUE_STRING : CEXR_VALUE_STRINGS, std::move(values));
}

template <typename Matrix>
std::vector<double> matrixValues(const Matrix &matrix, int size) {
    std::vector<double> values;
    for (int row = 0; row < size; ++row)
        for (int column = 0; column < size; ++column) values.push_back(matrix[row][column]);
    return values;
}

/// The plain form of one attribute, or false when it has none.
bool plainForm(const std::string &name, const Imf::Attribute &attribute, PlainAttribute &plain) {
    using namespace Imf;
    if (auto a = dynamic_cast<const IntAttribute *>(&attribute)) { plain = makeInts(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const FloatAttribute *>(&attribute)) { plain = makeDoubles(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const DoubleAttribute *>(&attribute)) { plain = makeDoubles(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const StringAttribute *>(&attribute)) { plain = makeStrings(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const StringVectorAttribute *>(&attribute)) { plain = makeStrings(name, a->value()); return true; }
    if (auto a = dynamic_cast<const FloatVectorAttribute *>(&attribute)) {
        plain = makeDoubles(name, std::vector<double>(a->value().begin(), a->value().end()));
        return true;
    }
    if (auto a = dynamic_cast<const V2iAttribute *>(&attribute)) { plain = makeInts(name, {a->value().x, a->value().y}); return true; }
    if (auto a = dynamic_cast<const V3iAttribute *>(&attribute)) {
        plain = makeInts(name, {a->value().x, a->value().y, a->value().z});
        return true;
    }
    if (auto a = dynamic_cast<const V2fAttribute *>(&attribute)) { plain = makeDoubles(name, {a->value().x, a->value().y}); return true; }
    if (auto a = dynamic_cast<const V2dAttribute *>(&attribute)) { plain = makeDoubles(name, {a->value().x, a->value().y}); return true; }
    if (auto a = dynamic_cast<const V3fAttribute *>(&attribute)) {
        plain = makeDoubles(name, {a->value().x, a->value().y, a->value().z});
        return true;
    }
    if (auto a = dynamic_cast<const V3dAttribute *>(&attribute)) {
        plain = makeDoubles(name, {a->value().x, a->value().y, a->value().z});
        return true;
    }
    if (auto a = dynamic_cast<const Box2iAttribute *>(&attribute)) {
        const auto &box = a->value();
        plain = makeInts(name, {box.min.x, box.min.y, box.max.x, box.max.y});
        return true;
    }
    if (auto a = dynamic_cast<const Box2fAttribute *>(&attribute)) {
        const auto &box = a->value();
        plain = makeDoubles(name, {box.min.x, box.min.y, box.max.x, box.max.y});
        return true;
    }
    if (auto a = dynamic_cast<const M33fAttribute *>(&attribute)) { plain = makeDoubles(name, matrixValues(a->value(), 3)); return true; }
    if (auto a = dynamic_cast<const M33dAttribute *>(&attribute)) { plain = makeDoubles(name, matrixValues(a->value(), 3)); return true; }
    if (auto a = dynamic_cast<const M44fAttribute *>(&attribute)) { plain = makeDoubles(name, matrixValues(a->value(), 4)); return true; }
    if (auto a = dynamic_cast<const M44dAttribute *>(&attribute)) { plain = makeDoubles(name, matrixValues(a->value(), 4)); return true; }
    if (auto a = dynamic_cast<const ChromaticitiesAttribute *>(&attribute)) {
        const auto &c = a->value();
        plain = makeDoubles(name, {c.red.x, c.red.y, c.green.x, c.green.y, c.blue.x, c.blue.y, c.white.x, c.white.y});
        return true;
    }
    if (auto a = dynamic_cast<const RationalAttribute *>(&attribute)) {
        plain = makeInts(name, {a->value().n, static_cast<int64_t>(a->value().d)});
        return true;
    }
    if (auto a = dynamic_cast<const TimeCodeAttribute *>(&attribute)) {
        plain = makeStrings(name, {timeCodeText(a->value())}, true);
        return true;
    }
    if (auto a = dynamic_cast<const CompressionAttribute *>(&attribute)) {
        plain = makeStrings(name, {compressionName(a->value())}, true);
        return true;
    }
    if (auto a = dynamic_cast<const LineOrderAttribute *>(&attribute)) {
        plain = makeStrings(name, {lineOrderName(a->value())}, true);
        return true;
    }
    if (auto a = dynamic_cast<const EnvmapAttribute *>(&attribute)) { plain = makeInts(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const DeepImageStateAttribute *>(&attribute)) { plain = makeInts(name, {a->value()}, true); return true; }
    if (auto a = dynamic_cast<const KeyCodeAttribute *>(&attribute)) {
        const auto &k = a->value();
        plain = makeInts(name, {k.filmMfcCode(), k.filmType(), k.prefix(), k.count(), k.perfOffset(), k.perfsPerFrame(),
                                k.perfsPerCount()});
        return true;
    }
    if (auto a = dynamic_cast<const TileDescriptionAttribute *>(&attribute)) {
        plain = makeInts(name, {a->value().xSize, a->value().ySize});
        return true;
    }
    return false;
}

} // namespace

std::vector<PlainAttribute> readAttributes(const Imf::Header &header) {
    std::vector<PlainAttribute> result;
    for (auto it = header.begin(); it != header.end(); ++it) {
        std::string name = it.name();
        if (name == "channels") continue;
        PlainAttribute plain;
        if (!plainForm(name, it.attribute(), plain)) continue;
        result.push_back(std::move(plain));
    }
    // Point at the strings only now: a short string lives inside its std::string, which
    // moved with every push_back above.
    for (auto &plain : result) {
        plain.stringPointers.clear();
        for (const auto &text : plain.strings) plain.stringPointers.push_back(text.c_str());
    }
    return result;
}

namespace {

bool isNumeric(const CEXRAttribute &a) {
    return a.kind == CEXR_VALUE_INT || a.kind == CEXR_VALUE_DOUBLE || a.kind == CEXR_VALUE_INTS
        || a.kind == CEXR_VALUE_DOUBLES;
}

/// The numbers of a numeric attribute, as doubles.
std::vector<double> numbers(const CEXRAttribute &a) {
    std::vector<double> values;
    if (a.kind == CEXR_VALUE_INT || a.kind == CEXR_VALUE_INTS) {
        for (int32_t i = 0; i < a.count; ++i) values.push_back(static_cast<double>(a.ints[i]));
    } else if (a.kind == CEXR_VALUE_DOUBLE || a.kind == CEXR_VALUE_DOUBLES) {
        for (int32_t i = 0; i < a.count; ++i) values.push_back(a.doubles[i]);
    }
    return values;
}

std::vector<std::string> texts(const CEXRAttribute &a) {
    std::vector<std::string> values;
    if (a.kind == CEXR_VALUE_STRING || a.kind == CEXR_VALUE_STRINGS)
        for (int32_t i = 0; i < a.count; ++i) values.emplace_back(a.strings[i] ? a.strings[i] : "");
    return values;
}

template <typename Matrix>
Matrix matrixFrom(const std::vector<double> &values, int size) {
    Matrix matrix;
    for (int row = 0; row < size; ++row)
        for (int column = 0; column < size; ++column) matrix[row][column] = static_cast<float>(values[row * size + column]);
    return matrix;
}

bool parseTimeCode(const std::string &text, Imf::TimeCode &code) {
    int h = 0, m = 0, s = 0, f = 0;
    char separator = 0;
    if (std::sscanf(text.c_str(), "%d:%d:%d%c%d", &h, &m, &s, &separator, &f) != 5) return false;
    if (separator != ':' && separator != ';') return false;
    if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || f < 0 || f > 29) return false;
    code = Imf::TimeCode(h, m, s, f, separator == ';');
    return true;
}

const std::set<std::string> &controlledNames() {
    static const std::set<std::string> names = {
        "channels", "compression", "dataWindow", "displayWindow", "tiles", "type", "name", "version",
        "chunkCount", "maxSamplesPerPixel", "deepImageState", "dwaCompressionLevel", "bit_depth", "preview",
    };
    return names;
}

const std::set<std::string> &floatNames() {
    static const std::set<std::string> names = {
        "pixelAspectRatio", "screenWindowWidth", "xDensity", "utcOffset", "longitude", "latitude", "altitude",
        "focus", "expTime", "aperture", "isoSpeed", "whiteLuminance",
    };
    return names;
}

const std::set<std::string> &stringNames() {
    static const std::set<std::string> names = {
        "owner", "comments", "capDate", "renderingTransform", "lookModTransform", "wrapmodes", "view",
    };
    return names;
}

/// Adds by the value's shape (for names with no standard type).
void writeByShape(Imf::Header &header, const std::string &name, const CEXRAttribute &a) {
    using namespace Imf;
    switch (a.kind) {
    case CEXR_VALUE_INT:
        if (a.count == 1) {
            int64_t value = a.ints[0];
            if (value >= INT32_MIN && value <= INT32_MAX) header.insert(name, IntAttribute(static_cast<int>(value)));
            else header.insert(name, DoubleAttribute(static_cast<double>(value)));
        }
        return;
    case CEXR_VALUE_DOUBLE:
        if (a.count == 1) header.insert(name, FloatAttribute(static_cast<float>(a.doubles[0])));
        return;
    case CEXR_VALUE_STRING:
        if (a.count == 1) header.insert(name, StringAttribute(a.strings[0] ? a.strings[0] : ""));
        return;
    case CEXR_VALUE_STRINGS:
        header.insert(name, StringVectorAttribute(texts(a)));
        return;
    default:
        break;
    }
    auto v = numbers(a);
    bool integral = a.kind == CEXR_VALUE_INTS;
    if (integral) {
        for (auto value : v)
            if (value < INT32_MIN || value > INT32_MAX) integral = false;
    }
    switch (v.size()) {
    case 0:
        return;
    case 2:
        if (integral) header.insert(name, V2iAttribute(Imath::V2i(int(v[0]), int(v[1]))));
        else header.insert(name, V2fAttribute(Imath::V2f(float(v[0]), float(v[1]))));
        return;
    case 3:
        if (integral) header.insert(name, V3iAttribute(Imath::V3i(int(v[0]), int(v[1]), int(v[2]))));
        else header.insert(name, V3fAttribute(Imath::V3f(float(v[0]), float(v[1]), float(v[2]))));
        return;
    case 4:
        if (integral)
            header.insert(name, Box2iAttribute(Imath::Box2i(Imath::V2i(int(v[0]), int(v[1])), Imath::V2i(int(v[2]), int(v[3])))));
        else
            header.insert(name, Box2fAttribute(Imath::Box2f(Imath::V2f(float(v[0]), float(v[1])),
                                                            Imath::V2f(float(v[2]), float(v[3])))));
        return;
    case 9:
        header.insert(name, M33fAttribute(matrixFrom<Imath::M33f>(v, 3)));
        return;
    case 16:
        header.insert(name, M44fAttribute(matrixFrom<Imath::M44f>(v, 4)));
        return;
    default:
        header.insert(name, FloatVectorAttribute(std::vector<float>(v.begin(), v.end())));
        return;
    }
}

} // namespace

/// True when the value pointer its kind needs is there (a failed allocation on the
/// Swift side leaves it NULL).
static bool hasValues(const CEXRAttribute &a) {
    if (a.count < 0) return false;
    if (a.count == 0) return true;
    switch (a.kind) {
    case CEXR_VALUE_INT:
    case CEXR_VALUE_INTS: return a.ints != nullptr;
    case CEXR_VALUE_DOUBLE:
    case CEXR_VALUE_DOUBLES: return a.doubles != nullptr;
    case CEXR_VALUE_STRING:
    case CEXR_VALUE_STRINGS: return a.strings != nullptr;
    default: return false;
    }
}

void writeAttribute(Imf::Header &header, const CEXRAttribute &a) {
    using namespace Imf;
    if (!a.name || !a.name[0] || !hasValues(a)) return;
    std::string name = a.name;
    if (controlledNames().count(name)) return;
    auto v = numbers(a);
    auto t = texts(a);
    if (floatNames().count(name)) {
        if (v.size() == 1) header.insert(name, FloatAttribute(static_cast<float>(v[0])));
        return;
    }
    if (stringNames().count(name)) {
        if (t.size() == 1) header.insert(name, StringAttribute(t[0]));
        return;
    }
    if (name == "screenWindowCenter" || name == "adoptedNeutral") {
        if (v.size() == 2) header.insert(name, V2fAttribute(Imath::V2f(float(v[0]), float(v[1]))));
        return;
    }
    if (name == "worldToCamera" || name == "worldToNDC") {
        if (v.size() == 16) header.insert(name, M44fAttribute(matrixFrom<Imath::M44f>(v, 4)));
        return;
    }
    if (name == "chromaticities") {
        if (v.size() == 8) {
            Chromaticities c{Imath::V2f(float(v[0]), float(v[1])), Imath::V2f(float(v[2]), float(v[3])),
                             Imath::V2f(float(v[4]), float(v[5])), Imath::V2f(float(v[6]), float(v[7]))};
            header.insert(name, ChromaticitiesAttribute(c));
        }
        return;
    }
    if (name == "framesPerSecond") {
        if (a.kind == CEXR_VALUE_INTS && v.size() == 2 && v[1] > 0 && v[1] <= UINT32_MAX
            && std::fabs(v[0]) <= INT32_MAX) {
            header.insert(name, RationalAttribute(Rational(int(v[0]), static_cast<unsigned int>(v[1]))));
        } else if (v.size() == 1 && std::isfinite(v[0])) {
            header.insert(name, RationalAttribute(Rational(v[0])));
        }
        return;
    }
    if (name == "timeCode") {
        TimeCode code;
        if (t.size() == 1 && parseTimeCode(t[0], code)) header.insert(name, TimeCodeAttribute(code));
        return;
    }
    if (name == "multiView") {
        if (!t.empty()) header.insert(name, StringVectorAttribute(t));
        return;
    }
    if (name == "originalDataWindow") {
        if (a.kind == CEXR_VALUE_INTS && v.size() == 4)
            header.insert(name, Box2iAttribute(Imath::Box2i(Imath::V2i(int(v[0]), int(v[1])), Imath::V2i(int(v[2]), int(v[3])))));
        return;
    }
    if (name == "envmap") {
        if (a.kind == CEXR_VALUE_INT && v.size() == 1 && (v[0] == 0 || v[0] == 1)) header.insert(name, EnvmapAttribute(Envmap(int(v[0]))));
        return;
    }
    if (name == "keyCode") {
        if (a.kind == CEXR_VALUE_INTS && v.size() == 7) {
            try {
                KeyCode code{int(v[0]), int(v[1]), int(v[2]), int(v[3]), int(v[4]), int(v[5]), int(v[6])};
                header.insert(name, KeyCodeAttribute(code));
            } catch (const std::exception &) {
                // out-of-range key code fields: not a key code, skip it
            }
        }
        return;
    }
    if (name == "lineOrder") {
        if (t.size() != 1) return;
        if (t[0] == "increasing_y") header.lineOrder() = INCREASING_Y;
        else if (t[0] == "decreasing_y") header.lineOrder() = DECREASING_Y;
        else if (t[0] == "random_y" && header.hasTileDescription()) header.lineOrder() = RANDOM_Y;
        return;
    }
    if (!isNumeric(a) && a.kind != CEXR_VALUE_STRING && a.kind != CEXR_VALUE_STRINGS) return;
    writeByShape(header, name, a);
}

} // namespace cexr
