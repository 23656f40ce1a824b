// Header attributes to and from plain values (ints, doubles, strings).
#pragma once

#include "CEXR.h"

#include <ImfHeader.h>
#include <string>
#include <vector>

namespace cexr {

/// One attribute with owned storage; `view()` gives the C struct pointing into it.
struct PlainAttribute {
    std::string name;
    int32_t kind = CEXR_VALUE_INT;
    std::vector<int64_t> ints;
    std::vector<double> doubles;
    std::vector<std::string> strings;
    std::vector<const char *> stringPointers;

    CEXRAttribute view() const;
};

/// The header's attributes as plain values (those with no plain form are left out).
std::vector<PlainAttribute> readAttributes(const OPENEXR_IMF_NAMESPACE::Header &header);

/// Adds `attribute` to `header` under its standard type or one from its shape; names
/// the writer controls and values whose shape does not fit are skipped.
void writeAttribute(OPENEXR_IMF_NAMESPACE::Header &header, const CEXRAttribute &attribute);

/// "zip" etc.
const char *compressionName(int compression);

} // namespace cexr
