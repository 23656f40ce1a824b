// The portable path of the *_stored kernels (VFXColorMath's vfx_cdl_stored and
// vfx_scale_stored, VFXLut3D's vfx_lut3d_stored), and their path on CPUs without the
// vector conversions: `count` four-channel pixels converted to a small float block, as
// PixelBlocks stages them, `apply` run on each block of `n` RGBA floats, and converted
// back, by block_convert.c's rules. Defined in color_math.c.
#ifndef VFX_STORED_BLOCKS_H
#define VFX_STORED_BLOCKS_H
#include <stddef.h>

#include "CPixelKernels.h"

typedef void (*vfx_block_operation)(float *rgba, size_t n, const void *settings);

void vfx_stored_through_blocks(const void *source, vfx_pixel_format source_format, void *destination,
                               vfx_pixel_format destination_format, size_t count, vfx_block_operation apply,
                               const void *settings);
#endif
