// The portable path of the *_stored kernels (VFXColorMath's vfx_cdl_stored and
// vfx_scale_stored, VFXLut3D's vfx_lut3d_stored), and their path on CPUs without the
// vector conversions: `count` pixels of `source_channels` values (3 or 4) loaded into a
// small RGBA float block, as PixelBlocks stages them, `apply` run on each block of `n` RGBA
// floats, and stored as pixels of `destination_channels` values, by block_convert.c's
// rules. Defined in color_math.c.
#ifndef VFX_STORED_BLOCKS_H
#define VFX_STORED_BLOCKS_H
#include <stddef.h>

#include "CPixelKernels.h"

/* The arguments every _stored kernel passes on, by their parameter names. */
#define VFX_STORED_ARGS \
    source, source_format, source_channels, destination, destination_format, destination_channels, count

typedef void (*vfx_block_operation)(float *rgba, size_t n, const void *settings);

void vfx_stored_through_blocks(const void *source, vfx_pixel_format source_format, int source_channels,
                               void *destination, vfx_pixel_format destination_format, int destination_channels,
                               size_t count, vfx_block_operation apply, const void *settings);
#endif
