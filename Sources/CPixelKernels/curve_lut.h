// The sampled curve's per-channel constants, shared by its scalar kernel (ops/curve.inc)
// and its vector copies (color_pow_simd.inc), so both start from the same floats.
#ifndef VFX_CURVE_LUT_H
#define VFX_CURVE_LUT_H
#include <stddef.h>

/// Channel c's table of (sample i, sample i + 1) pairs.
static inline const float *vfx_curve_pairs(const float *pairs, int size, int shared, int c) {
    return pairs + (shared ? 0 : (size_t)c * 2 * (size_t)size);
}

/// A channel's constants: its domain, the scale (size - 1) / (max - min) as a float pair,
/// the last sample pair's index (size - 2) as a float, and the lines' slopes.
typedef struct {
    float lo, hi, scale_hi, scale_lo, last_pair, below, above;
} vfx_curve_channel;

static inline vfx_curve_channel vfx_curve_constants(int size, float min, float max, float below, float above) {
    const double scale = (double)(size - 1) / ((double)max - (double)min);
    const float scale_hi = (float)scale;
    vfx_curve_channel k = {min, max, scale_hi, (float)(scale - (double)scale_hi), (float)(size - 2), below, above};
    return k;
}
#endif
