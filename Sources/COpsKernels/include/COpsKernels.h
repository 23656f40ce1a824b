// The hot loops of vfxpy.ops in C, where clang vectorizes them (Swift's generic SIMD
// code often does not). Each entry point picks an AVX2+FMA copy at run time when the CPU
// has one, else a portable copy; both give the same results up to FMA rounding.
#ifndef VFX_OPS_KERNELS_H
#define VFX_OPS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Horizontal resampling of one row of interleaved float pixels: output pixel x is
/// sum over t < taps of weights[x * taps + t] * src[(start[x] + t) * channels + c],
/// for every channel c. `start[x] + taps` never exceeds the source row's pixel count.
void vfx_resample_row(const float *src, float *dst, size_t out_count, int channels,
                      const int32_t *start, const float *weights, int taps);

/// Vertical resampling: dst[i] = sum over t < taps of weights[t] * rows[t][i], i < count.
void vfx_resample_column(const float *const *rows, const float *weights, int taps,
                         float *dst, size_t count);

/// One output row of a vertical-first resample: vfx_resample_column over the source
/// rows, then vfx_resample_row, done a block of output pixels at a time through
/// `scratch` (`scratch_count` floats, at least taps * channels) so the intermediate
/// values stay in cache. Same results as the two calls, bit for bit.
void vfx_resample_column_row(const float *const *rows, const float *row_weights, int row_taps, float *dst,
                             size_t out_count, int channels, const int32_t *start, const float *weights, int taps,
                             float *scratch, size_t scratch_count);

/// Two output rows of a vertical-first resample at once: row a from rows[0 ..< row_taps]
/// with row_weights_a, row b from rows[shift ..< shift + row_taps] with row_weights_b
/// (0 <= shift <= row_taps), each source value loaded once for both. `scratch` holds
/// scratch_count floats, at least 2 * taps * channels. Same results as two calls of
/// vfx_resample_column_row, bit for bit.
void vfx_resample_column_row2(const float *const *rows, const float *row_weights_a, const float *row_weights_b,
                              int row_taps, int shift, float *dst_a, float *dst_b, size_t out_count, int channels,
                              const int32_t *start, const float *weights, int taps, float *scratch,
                              size_t scratch_count);

/// One output row of a vertical-first resample of 4-channel pixels when output pixel
/// x reads source pixels x*fx ..< (x+1)*fx (weights[x*fx + j]) and the row reads `fy`
/// source rows (an integer-ratio box shrink), summed in registers without a scratch
/// row. Same results as vfx_resample_column then vfx_resample_row, bit for bit.
void vfx_resample_box_row(const float *const *rows, const float *row_weights, int fy, float *dst,
                          size_t out_count, const float *weights, int fx);

/// Same-size convolution of a row of interleaved values: dst[i] = sum over t < taps of
/// weights[t] * padded[i + t * stride], i < count (stride = channels; `padded` starts
/// taps / 2 pixels before the row and extends as far past it).
void vfx_convolve_row(const float *padded, float *dst, size_t count, int stride,
                      const float *weights, int taps);

/// 1 when the loops above round each multiply-add once (fused: the AVX2+FMA copy, or a
/// portable copy built for a target with FMA, which clang contracts), 0 when they round
/// the product and the sum apart. The Vulkan ops repeat the same rounding.
int vfx_ops_kernels_fused_multiply_add(void);

/// 1 to force the portable copies (tests compare the two), 0 to pick by CPU again.
void vfx_ops_kernels_force_generic(int generic);

#endif
