// The explicit-SIMD pow kernels of color_pow_simd.c (x86-64 only), for color_math.c's
// dispatch: _v8 needs AVX2, F16C (the _stored kernels) and FMA (PQ), _v16 AVX-512F. Same
// contracts as VFXColorMath.h's.
#ifndef VFX_COLOR_POW_SIMD_H
#define VFX_COLOR_POW_SIMD_H
#include <stddef.h>
#if defined(__x86_64__)
/* What every _stored kernel starts with: `count` pixels of `source_channels` values (3 or 4)
   in `source_format`, written as pixels of `destination_channels` values in
   `destination_format` (VFXColorMath.h's vfx_cdl_stored). */
#define VFX_STORED_PARAMS const void *source, int source_format, int source_channels, void *destination, \
                          int destination_format, int destination_channels, size_t count
void vfx_pow_rgb_positive_v8(float *rgba, size_t count, const float power[3]);
void vfx_contrast_rgb_v8(float *rgba, size_t count, float amount, float in_scale, float out_scale);
void vfx_cdl_rgb_v8(float *rgba, size_t count, const float slope[3], const float offset[3],
                    const float power[3], float saturation, int clamp);
void vfx_pow_rgb_positive_v16(float *rgba, size_t count, const float power[3]);
void vfx_contrast_rgb_v16(float *rgba, size_t count, float amount, float in_scale, float out_scale);
void vfx_cdl_rgb_v16(float *rgba, size_t count, const float slope[3], const float offset[3],
                     const float power[3], float saturation, int clamp);
void vfx_cdl_stored_v8(VFX_STORED_PARAMS, const float slope[3], const float offset[3], const float power[3],
                       float saturation, int clamp);
void vfx_cdl_stored_v16(VFX_STORED_PARAMS, const float slope[3], const float offset[3], const float power[3],
                        float saturation, int clamp);
void vfx_scale_stored_v8(VFX_STORED_PARAMS, const float scale[3]);
void vfx_scale_stored_v16(VFX_STORED_PARAMS, const float scale[3]);
void vfx_contrast_stored_v8(VFX_STORED_PARAMS, float amount, float in_scale, float out_scale);
void vfx_contrast_stored_v16(VFX_STORED_PARAMS, float amount, float in_scale, float out_scale);
void vfx_matrix_rgba_v8(float *rgba, size_t count, const float matrix[16], const float offset[4]);
void vfx_matrix_rgba_v16(float *rgba, size_t count, const float matrix[16], const float offset[4]);
void vfx_matrix_stored_v8(VFX_STORED_PARAMS, const float matrix[16], const float offset[4]);
void vfx_matrix_stored_v16(VFX_STORED_PARAMS, const float matrix[16], const float offset[4]);
void vfx_transfer_rgb_v8(float *rgba, size_t count, int kind, const float *k);
void vfx_transfer_rgb_v16(float *rgba, size_t count, int kind, const float *k);
void vfx_lut1d_rgb_v8(float *rgba, size_t count, const float *planar, int size, const float a[3],
                      const float b[3]);
void vfx_lut1d_rgb_v16(float *rgba, size_t count, const float *planar, int size, const float a[3],
                       const float b[3]);
void vfx_log_rgb_v8(float *rgba, size_t count, int direction, const float *k);
void vfx_log_rgb_v16(float *rgba, size_t count, int direction, const float *k);
void vfx_transfer_stored_v8(VFX_STORED_PARAMS, int kind, const float *k);
void vfx_transfer_stored_v16(VFX_STORED_PARAMS, int kind, const float *k);
void vfx_lut1d_stored_v8(VFX_STORED_PARAMS, const float *planar, int size, const float a[3], const float b[3]);
void vfx_lut1d_stored_v16(VFX_STORED_PARAMS, const float *planar, int size, const float a[3], const float b[3]);
void vfx_log_stored_v8(VFX_STORED_PARAMS, int direction, const float *k);
void vfx_log_stored_v16(VFX_STORED_PARAMS, int direction, const float *k);
void vfx_curve_lut_rgba_v8(const float *pairs, int size, int shared, const float min[3], const float max[3],
                           const float below[3], const float above[3], float *rgba, size_t count);
void vfx_curve_lut_rgba_v16(const float *pairs, int size, int shared, const float min[3], const float max[3],
                            const float below[3], const float above[3], float *rgba, size_t count);
void vfx_aces_rgba_v8(float *rgba, size_t count, int style, const float *k);
void vfx_aces_rgba_v16(float *rgba, size_t count, int style, const float *k);
void vfx_range_rgba_v8(float *rgba, size_t count, const float *k);
void vfx_range_rgba_v16(float *rgba, size_t count, const float *k);
void vfx_range_stored_v8(VFX_STORED_PARAMS, const float *k);
void vfx_range_stored_v16(VFX_STORED_PARAMS, const float *k);
#endif
#endif
