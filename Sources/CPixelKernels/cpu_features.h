// What this x86-64 CPU can run, asked once for every kernel file's run-time dispatch
// (color_math.c's levels, block_convert.c, channel_lookup.c, lut3d_kernels.c); each file
// keeps its own switch that tests use to force the portable path.
#ifndef VFX_CPU_FEATURES_H
#define VFX_CPU_FEATURES_H
#if defined(__x86_64__)

enum {
    VFX_CPU_AVX2 = 1,
    VFX_CPU_F16C = 2,
    VFX_CPU_FMA = 4,
    VFX_CPU_AVX512F = 8,
};

/// The VFX_CPU_* features this CPU has (cached after the first call).
int vfx_cpu_features(void);

/// Whether this CPU has every feature in `features` (VFX_CPU_* flags or'ed).
static inline int vfx_cpu_has(int features) { return (vfx_cpu_features() & features) == features; }

#endif
#endif
