// Bulk half <-> float conversion with the x86 F16C instructions, which Swift cannot
// reach: one instruction converts 8 values with IEEE round-to-nearest-even. Callers
// check vfx_has_f16c() first and use their portable path otherwise.
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

#endif
