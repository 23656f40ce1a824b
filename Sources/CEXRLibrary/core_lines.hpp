// Which lines of an OpenEXRCore chunk hold a channel's values: the rule the chunk decoders
// that stand in for Core's own (pxr24.cpp, piz.cpp) share with Core 3.1's unpacker.
#pragma once
#include <openexr.h>

namespace cexr {

/// Whether `channel` has values on line `y` (the file's y) of the chunk: every line unless
/// the channel is subsampled in y, then the lines whose y is a multiple of its sampling
/// (C's remainder, as OpenEXRCore 3.1 takes it).
inline bool channelStoresLine(const exr_coding_channel_info_t &channel, int y) {
    return !(channel.y_samples > 1 && (y % channel.y_samples) != 0);
}

} // namespace cexr
