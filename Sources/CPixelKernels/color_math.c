#include "VFXColorMath.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define KERNEL(name) name##_generic
#include "color_kernels.inc"
#undef KERNEL

#if defined(__x86_64__)
#pragma clang attribute push (__attribute__((target("avx2"))), apply_to = function)
#define KERNEL(name) name##_avx2
#include "color_kernels.inc"
#undef KERNEL
#pragma clang attribute pop

static int forced_generic = 0;

void vfx_color_kernels_force_generic(int generic) { forced_generic = generic; }

static int use_avx2(void) {
    static int cached = -1;
    if (forced_generic) return 0;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
}
#define DISPATCH(name, ...) (use_avx2() ? name##_avx2(__VA_ARGS__) : name##_generic(__VA_ARGS__))
#else
#define DISPATCH(name, ...) name##_generic(__VA_ARGS__)
void vfx_color_kernels_force_generic(int generic) { (void)generic; }
#endif

float vfx_fast_pow(float x, float p) { return fast_pow_generic(x, p); }

void vfx_pow_rgb_positive(float *rgba, size_t count, const float power[3]) {
    DISPATCH(pow_rgb_positive, rgba, count, power);
}

void vfx_contrast_rgb(float *rgba, size_t count, float amount, float in_scale, float out_scale) {
    DISPATCH(contrast_rgb, rgba, count, amount, in_scale, out_scale);
}

void vfx_matrix_rgba(float *rgba, size_t count, const float matrix[16], const float offset[4]) {
    DISPATCH(matrix_rgba, rgba, count, matrix, offset);
}

void vfx_cdl_rgb(float *rgba, size_t count, const float slope[3], const float offset[3],
                 const float power[3], float saturation, int clamp) {
    DISPATCH(cdl_rgb, rgba, count, slope, offset, power, saturation, clamp);
}
