#include "COpsKernels.h"

#define KERNEL(name) name##_generic
#include "resample_kernels.inc"
#undef KERNEL

// The portable copy is compiled for the baseline target: clang contracts `a += x * w`
// into one FMA when that target has it (arm64, x86-64-v3 builds), else rounds twice.
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
#define GENERIC_FUSED 1
#else
#define GENERIC_FUSED 0
#endif

#if defined(__x86_64__)
#pragma clang attribute push (__attribute__((target("avx2,fma"))), apply_to = function)
#define KERNEL(name) name##_avx2
#include "resample_kernels.inc"
#undef KERNEL
#pragma clang attribute pop

static int forced_generic = 0;

void vfx_ops_kernels_force_generic(int generic) { forced_generic = generic; }

static int use_avx2(void) {
    static int cached = -1;
    if (forced_generic) return 0;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
    }
    return cached;
}
int vfx_ops_kernels_fused_multiply_add(void) { return use_avx2() ? 1 : GENERIC_FUSED; }
#define DISPATCH(name, ...) (use_avx2() ? name##_avx2(__VA_ARGS__) : name##_generic(__VA_ARGS__))
#else
#define DISPATCH(name, ...) name##_generic(__VA_ARGS__)
void vfx_ops_kernels_force_generic(int generic) { (void)generic; }
int vfx_ops_kernels_fused_multiply_add(void) { return GENERIC_FUSED; }
#endif

void vfx_resample_row(const float *src, float *dst, size_t out_count, int channels,
                      const int32_t *start, const float *weights, int taps) {
    DISPATCH(resample_row, src, dst, out_count, channels, start, weights, taps);
}

void vfx_resample_column(const float *const *rows, const float *weights, int taps,
                         float *dst, size_t count) {
    DISPATCH(resample_column, rows, weights, taps, dst, count);
}

void vfx_resample_column_row(const float *const *rows, const float *row_weights, int row_taps, float *dst,
                             size_t out_count, int channels, const int32_t *start, const float *weights, int taps,
                             float *scratch, size_t scratch_count) {
    DISPATCH(resample_column_row, rows, row_weights, row_taps, dst, out_count, channels, start, weights, taps,
             scratch, scratch_count);
}

void vfx_resample_column_row2(const float *const *rows, const float *row_weights_a, const float *row_weights_b,
                              int row_taps, int shift, float *dst_a, float *dst_b, size_t out_count, int channels,
                              const int32_t *start, const float *weights, int taps, float *scratch,
                              size_t scratch_count) {
    DISPATCH(resample_column_row2, rows, row_weights_a, row_weights_b, row_taps, shift, dst_a, dst_b, out_count,
             channels, start, weights, taps, scratch, scratch_count);
}

void vfx_resample_box_row(const float *const *rows, const float *row_weights, int fy, float *dst,
                          size_t out_count, const float *weights, int fx) {
    DISPATCH(box_row_c4, rows, row_weights, fy, dst, out_count, weights, fx);
}

void vfx_convolve_row(const float *padded, float *dst, size_t count, int stride,
                      const float *weights, int taps) {
    DISPATCH(convolve_row, padded, dst, count, stride, weights, taps);
}
