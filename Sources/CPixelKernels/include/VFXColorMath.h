// Vectorizable pow for color ops. Swift's generic SIMD code for the same math does not
// compile to vector instructions; these loops do (clang auto-vectorizes them).
#ifndef VFX_COLOR_MATH_H
#define VFX_COLOR_MATH_H

#include <stddef.h>

/// For each RGBA pixel: channel c (0..2) becomes pow(v, power[c]) when v > 0; zero,
/// negatives and NaN pass through; alpha is untouched. Within 7e-8 + 4e-8 * power relative
/// (1.6e-7 up to power 3; Tests/python/test_pow_accuracy.py), results past the float range
/// +inf, below half the smallest denormal 0.
void vfx_pow_rgb_positive(float *rgba, size_t count, const float power[3]);

/// For each RGBA pixel: channel c (0..2) becomes pow(max(v * in_scale, 0), amount) * out_scale
/// (NaN → 0); alpha untouched.
void vfx_contrast_rgb(float *rgba, size_t count, float amount, float in_scale, float out_scale);

/// out = M * in + offset on RGBA pixels (M row-major 4x4).
void vfx_matrix_rgba(float *rgba, size_t count, const float matrix[16], const float offset[4]);

/// ASC CDL v1.2 on RGB: slope, offset, [clamp], power (positive values only), saturation
/// about Rec.709 luma, [clamp]; clamp != 0 is the ASC style. Alpha untouched.
void vfx_cdl_rgb(float *rgba, size_t count, const float slope[3], const float offset[3],
                 const float power[3], float saturation, int clamp);

/// A transfer curve in float32 on RGB (alpha untouched, NaN inputs unchanged), with
/// fast_pow's log2/exp2 (bit-identical at every kernel level and in transfer32.glsl).
/// `kind` (in this order: ColorOps.table's floatCurve, FloatCurveKernel.Kind's raw value)
/// and the constants k[]:
///   0 power:      v > k0 ? pow((v + k2) * k3, k4) * k5 + k6 : v * k1
///   1 gamma:      v > 0 ? v^k0 : (k1 != 0 ? -(-v)^k0 for v < 0, zeros kept : 0)
///   2 log encode: v >= k0 ? log2(max(v * k1 + k2, k3)) * c + d : v * k10 + k11, with
///                 c = k4 = k5 + k6 (12-bit halves) plus k7 (its rounding), d = k8 + k9
///   3 log decode: x > k0 ? min((2^((x - d) * s) - k9) * k10, k13) : (v - k11) * k12, with
///                 x = v clamped to [k1, k2], d = k3 + k4 (a float pair), s = k5 + k8
///                 (k5 = k6 + k7, Dekker's split in two 12-bit halves).
///   4 split log encode: kind 2 with the constants at k + 3 for v < k0, at k + 15 from k0
///                 on; k1 != 0: the first set runs on -v, its result negated (mirrored);
///                 k2 != 0: the lower piece is sqrt(x * k13) (fast_pow, p = 0.5).
///   5 split log decode: kind 3 with the constants at k + 3 for v < k0, at k + 17 from k0
///                 on; k1 mirrors as in 4; k2 != 0: the lower piece is ((x - f) * n) * x.
///   6 PQ encode:  SMPTE ST 2084's inverse EOTF of max(v * p, 0), p = k0 + k1 = scale / 10000
///                 (k1 k0's rounding), k2 + k3 = k0 (k2 its top 12 bits)
///   7 PQ decode:  v > 0 ? ST 2084's EOTF of v * k0 (k0 = 10000 / scale) : 0; +inf for
///                 codes past ~1.99 (the formula's pole). Both carry float pairs where the
///                 curve amplifies rounding (ops/transfer_pq.inc): within 3.5e-7 of float64.
/// Other kinds do nothing.
void vfx_transfer_rgb(float *rgba, size_t count, int kind, const float *k);

/// CLF's Log node on RGB (alpha untouched) with fast_pow's log2 / exp2 (log2 within
/// 3e-8 absolute plus one rounding, 2^x within 1.6e-7 relative; the same bits at every
/// kernel level). k holds 8 constants per channel (R at k[0..7], G at k[8..], B at k[16..]):
///   direction 0 (lin to log): x < k5 ? k6 * x + k7 : log2(max(x * k0 + k1, FLT_MIN)) * k2 + k3
///   direction 1 (log to lin): y < k5 ? k6 * (y + k7) : (2^((y + k1) * k0) + k2) * k3
/// (k4 unused; k5 = -inf where there is no straight segment). Other directions do nothing.
void vfx_log_rgb(float *rgba, size_t count, int direction, const float *k);

/// A 1D LUT on RGB (Lut1DRenderer; alpha untouched): channel c's position
/// t = (v * a[c] + b[c]) * (size - 1), clamped to [0, size - 1] with NaN going to 0, then
/// T[i] + f * D[i] (i = floor(t), f = t - i). `planar` holds one table per channel, 2 * size
/// floats each, of (T, D) pairs: entry i and the difference to entry i + 1 (0 after the
/// last); 8-byte aligned. The same bits at every kernel level (64-bit gathers on AVX2 /
/// AVX-512).
void vfx_lut1d_rgb(float *rgba, size_t count, const float *planar, int size, const float a[3], const float b[3]);

/// CLF's Range on RGBA (RangeRenderer): per channel c, p = v * k[c] + k[4 + c] (no FMA),
/// then p < k[8 + c] gives k[8 + c] and p > k[12 + c] gives k[12 + c]; NaN stays NaN.
/// The same bits at every kernel level.
void vfx_range_rgba(float *rgba, size_t count, const float *k);

/// The ACES fixed functions on RGBA pixels in place (alpha
/// untouched), as OCIO's FixedFunctionOpCPU computes them in float32 (its operations in
/// its order, NaN answers included), except atan2 (Cephes' polynomial, within 2e-7 of
/// libm's) and the surround's power (fast_pow). The same bits at every kernel level.
///   style 0 red modifier forward, 1 inverse: k = 1 - scale, pivot, 4 / hue width (radians)
///   style 2 glow forward, 3 inverse: k = gain, mid
///   style 4 surround (dark to dim and back): k = gamma - 1; AP1 luminance, at least 1e-10
///   style 5 ACES 1.3 gamut compression forward, 6 inverse: k = the cyan, magenta and yellow
///           thresholds, their scales, power, 1 / power (the powers fast_pow too)
/// Other styles do nothing.
void vfx_aces_rgba(float *rgba, size_t count, int style, const float *k);

/// A per-channel curve sampled at `size` evenly spaced points of [min[c], max[c]] on R, G
/// and B of `count` RGBA pixels in place (alpha untouched): inside, linear interpolation at
/// the position (v - min[c]) * (size - 1) / (max[c] - min[c]), carried as a float and its
/// exact error (good to about 1e-7 of a sample), and a + f * (b - a) rounded once (FMA);
/// at or below min[c] the line s[0] + below[c] * (v - min[c]) in float, at or
/// above max[c] the line s[size - 1] + above[c] * (v - max[c]); NaN gives s[0]. `pairs`
/// holds each channel's samples as (s[i], s[i + 1]) pairs, 2 * size floats (the last pair
/// (s[size - 1], s[size - 1])), 8-byte aligned: one table for all three channels when
/// `shared` is nonzero, else R's, G's and B's in turn. The same bits at every kernel level
/// (the baseline's fused multiply-adds are C's fmaf; ops/curve.inc).
void vfx_curve_lut_rgba(const float *pairs, int size, int shared, const float min[3], const float max[3],
                        const float below[3], const float above[3], float *rgba, size_t count);

/// Tests: nonzero forces the baseline (SSE2) kernels even where AVX2 exists; zero
/// returns to the best level (as vfx_color_kernels_force_level(-1)).
void vfx_color_kernels_force_generic(int generic);

/// Tests: run the kernels at most at `level` (0 baseline SSE2, 1 AVX2, 2 AVX-512F;
/// a level the CPU lacks falls to the best it has); -1 returns to the best level.
void vfx_color_kernels_force_level(int level);

/// The level the kernels run at now (0, 1 or 2, as vfx_color_kernels_force_level).
int vfx_color_kernels_level(void);

/// pow(x, p) for one positive finite x (the same arithmetic, for tests and scalars).
float vfx_fast_pow(float x, float p);

/// The floats of fast_pow's tables (color_pow_tables.h) in the order the GPU shaders read
/// them from the front of a chain dispatch's table buffer (gpu_common.glsl's VFX_TABLE_*):
/// 1 / c_i (32), log2(c_i) (32), what its rounding left off (32), 2^(j/16) (16) and its
/// rounding error (16).
#define VFX_POW_TABLE_FLOATS 128
void vfx_pow_tables(float out[VFX_POW_TABLE_FLOATS]);

#endif
