// Bulk half <-> float conversion with the x86 F16C instructions, which Swift cannot
// reach: one instruction converts 8 values with IEEE round-to-nearest-even. Callers
// check vfx_has_f16c() first and use their portable path otherwise. And the pixel
// block load/store of the color engine, which dispatch by themselves.
#ifndef VFX_PIXEL_KERNELS_H
#define VFX_PIXEL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "VFXColorMath.h"
#include "VFXLut3D.h"

/// 1 when this CPU has F16C (and AVX), 0 otherwise.
int vfx_has_f16c(void);

/// dst[i] = half(src[i]), rounded to nearest even; only when vfx_has_f16c().
void vfx_f32_to_f16(const float *src, uint16_t *dst, size_t count);

/// dst[i] = float(src[i]) (exact); only when vfx_has_f16c().
void vfx_f16_to_f32(const uint16_t *src, float *dst, size_t count);

/// Stored channel formats of vfx_pixels_to_rgba / vfx_rgba_to_pixels.
typedef enum vfx_pixel_format {
    VFX_PIXEL_U8 = 0,
    VFX_PIXEL_U16 = 1,
    VFX_PIXEL_F16 = 2,
    VFX_PIXEL_F32 = 3,
} vfx_pixel_format;

/// Loads `count` pixels of `channels` values each (in `format`) as RGBA floats:
/// integers v / 255 and v / 65535, halves widened; 1 channel -> (v, v, v, 1),
/// 2 -> (v, v, v, a), 3 -> (r, g, b, 1), more -> the first four. AVX2 + F16C where the
/// CPU has them (see block_convert.c), bit-identical to the portable path.
void vfx_pixels_to_rgba(const void *pixels, vfx_pixel_format format, size_t channels, size_t count, float *rgba);

/// Stores `count` RGBA floats as pixels of `channels` values (in `format`): integers
/// clamped to [0, 1] (NaN -> 0) and rounded half up, halves rounded to nearest even;
/// 1 channel <- R, 2 <- (R, A), 3 <- RGB; with more, values past the fourth are untouched.
void vfx_rgba_to_pixels(const float *rgba, size_t count, void *pixels, vfx_pixel_format format, size_t channels);

/// Tests: nonzero forces the portable block conversion even where AVX2 + F16C exist.
void vfx_block_convert_force_generic(int generic);

#endif
