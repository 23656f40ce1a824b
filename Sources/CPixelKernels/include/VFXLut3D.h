// The 3D LUT kernel of Lut3DOp (Sources/VFXColor/Ops/Lut3D): trilinear or tetrahedral
// interpolation on RGBA float pixels, portable C plus AVX2 chosen at run time
// (lut3d_kernels.c). Every variant does the same float operations in the same order
// (no FMA), so they agree bit for bit, and with lut3d.glsl within float rounding.
#ifndef VFX_LUT3D_H
#define VFX_LUT3D_H

#include <stddef.h>

/// Applies a 3D LUT to `count` RGBA pixels (4 floats each) in place; alpha is untouched.
/// `table` holds size^3 entries of 4 floats (R, G, B, unused), red fastest: entry
/// (r, g, b) starts at float 4 * ((b * size + g) * size + r). 2 <= size <= 256.
/// Channel c's grid position is q = (v * scale[c] + offset[c]) * (size - 1), clamped to
/// [0, size - 1] with NaN going to 0 (so +inf reaches the last entry, -inf the first).
/// `tetrahedral` nonzero: OpenColorIO's tetrahedral split of the cell; zero: trilinear.
void vfx_lut3d_rgba(float *rgba, size_t count, const float *table, int size,
                    const float scale[3], const float offset[3], int tetrahedral);

/// The variants, for tests and benchmarks.
enum {
    VFX_LUT3D_AUTO = 0,      ///< the fastest this CPU runs (the default)
    VFX_LUT3D_PORTABLE = 1,  ///< plain C, one pixel at a time
    VFX_LUT3D_AVX2 = 2,      ///< eight pixels per step with AVX2; corners as whole RGBA loads, no gathers
};

/// Makes later calls use `variant`; returns 0 (and changes nothing) when this CPU cannot
/// run it. Not thread-safe: tests set it while no LUT is being applied.
int vfx_lut3d_use_variant(int variant);

#endif
