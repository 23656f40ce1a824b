#include "VFXColorMath.h"
#include "CPixelKernels.h"
#include "color_pow_simd.h"
#include "color_pow_tables.h"
#include "cpu_features.h"
#include "stored_blocks.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define KERNEL(name) name##_generic
#include "color_kernels.inc"
#undef KERNEL

#if defined(__x86_64__)
/* Kernel levels: 0 baseline (SSE2: the copy above), 1 AVX2, 2 AVX-512F (the explicit
   SIMD copies of color_pow_simd.c); -1 in forced_level: the best this CPU has. */
static int forced_level = -1;

static int cpu_level(void) {
    /* F16C and FMA with AVX2: the AVX2 copies convert halves (cdl_stored) and PQ takes
       exact products with FMA (AVX-512F has both) */
    return vfx_cpu_has(VFX_CPU_AVX512F) ? 2 : vfx_cpu_has(VFX_CPU_AVX2 | VFX_CPU_F16C | VFX_CPU_FMA) ? 1 : 0;
}

int vfx_color_kernels_level(void) {
    int best = cpu_level();
    return forced_level >= 0 && forced_level < best ? forced_level : best;
}

void vfx_color_kernels_force_level(int level) { forced_level = level < 0 ? -1 : level; }

void vfx_color_kernels_force_generic(int generic) { forced_level = generic ? 0 : -1; }

#define DISPATCH_POW(name, ...)                                                               \
    (vfx_color_kernels_level() == 2 ? vfx_##name##_v16(__VA_ARGS__)                            \
     : vfx_color_kernels_level() == 1 ? vfx_##name##_v8(__VA_ARGS__) : name##_generic(__VA_ARGS__))
#else
#define DISPATCH_POW(name, ...) name##_generic(__VA_ARGS__)
int vfx_color_kernels_level(void) { return 0; }
void vfx_color_kernels_force_level(int level) { (void)level; }
void vfx_color_kernels_force_generic(int generic) { (void)generic; }
#endif

float vfx_fast_pow(float x, float p) { return fast_pow_generic(x, p); }

void vfx_pow_rgb_positive(float *rgba, size_t count, const float power[3]) {
    DISPATCH_POW(pow_rgb_positive, rgba, count, power);
}

void vfx_contrast_rgb(float *rgba, size_t count, float amount, float in_scale, float out_scale) {
    DISPATCH_POW(contrast_rgb, rgba, count, amount, in_scale, out_scale);
}

void vfx_matrix_rgba(float *rgba, size_t count, const float matrix[16], const float offset[4]) {
    DISPATCH_POW(matrix_rgba, rgba, count, matrix, offset);
}

void vfx_cdl_rgb(float *rgba, size_t count, const float slope[3], const float offset[3],
                 const float power[3], float saturation, int clamp) {
    DISPATCH_POW(cdl_rgb, rgba, count, slope, offset, power, saturation, clamp);
}

void vfx_stored_through_blocks(const void *source, vfx_pixel_format source_format, int source_channels,
                               void *destination, vfx_pixel_format destination_format, int destination_channels,
                               size_t count, vfx_block_operation apply, const void *settings) {
    enum { STEP = 256 };
    float block[4 * STEP];
    const size_t in_bytes = (size_t)source_channels * vfx_pixel_format_bytes(source_format);
    const size_t out_bytes = (size_t)destination_channels * vfx_pixel_format_bytes(destination_format);
    for (size_t start = 0; start < count; start += STEP) {
        size_t n = count - start < STEP ? count - start : STEP;
        vfx_pixels_to_rgba((const unsigned char *)source + start * in_bytes, source_format, (size_t)source_channels,
                           n, block);
        apply(block, n, settings);
        vfx_rgba_to_pixels(block, n, (unsigned char *)destination + start * out_bytes, destination_format,
                           (size_t)destination_channels);
    }
}

struct cdl_settings {
    const float *slope, *offset, *power;
    float saturation;
    int clamp;
};

static void cdl_block(float *rgba, size_t n, const void *settings) {
    const struct cdl_settings *s = settings;
    cdl_rgb_generic(rgba, n, s->slope, s->offset, s->power, s->saturation, s->clamp);
}

static void scale_block(float *rgba, size_t n, const void *settings) {
    const float *scale = settings;
    for (size_t i = 0; i < n; i++) {
        rgba[4 * i] *= scale[0]; rgba[4 * i + 1] *= scale[1]; rgba[4 * i + 2] *= scale[2];
    }
}

/* The *_stored entry points: the AVX-512 or AVX2 kernel (color_pow_simd.inc), which
   converts in registers, else the portable kernel through float blocks. */
#if defined(__x86_64__)
#define DISPATCH_STORED(name, ...)                                                                      \
    do {                                                                                                \
        switch (vfx_color_kernels_level()) {                                                            \
        case 2: vfx_##name##_stored_v16(VFX_STORED_ARGS, __VA_ARGS__); return;                           \
        case 1: vfx_##name##_stored_v8(VFX_STORED_ARGS, __VA_ARGS__); return;                            \
        }                                                                                               \
    } while (0)
#else
#define DISPATCH_STORED(name, ...) ((void)0)
#endif

void vfx_cdl_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                    vfx_pixel_format destination_format, int destination_channels, size_t count, const float slope[3],
                    const float offset[3], const float power[3], float saturation, int clamp) {
    DISPATCH_STORED(cdl, slope, offset, power, saturation, clamp);
    const struct cdl_settings settings = {slope, offset, power, saturation, clamp};
    vfx_stored_through_blocks(VFX_STORED_ARGS, cdl_block, &settings);
}

void vfx_scale_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count,
                      const float scale[3]) {
    DISPATCH_STORED(scale, scale);
    vfx_stored_through_blocks(VFX_STORED_ARGS, scale_block, scale);
}

struct contrast_settings {
    float amount, in_scale, out_scale;
};

static void contrast_block(float *rgba, size_t n, const void *settings) {
    const struct contrast_settings *s = settings;
    contrast_rgb_generic(rgba, n, s->amount, s->in_scale, s->out_scale);
}

void vfx_contrast_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                         vfx_pixel_format destination_format, int destination_channels, size_t count, float amount,
                         float in_scale, float out_scale) {
    DISPATCH_STORED(contrast, amount, in_scale, out_scale);
    const struct contrast_settings settings = {amount, in_scale, out_scale};
    vfx_stored_through_blocks(VFX_STORED_ARGS, contrast_block,
                              &settings);
}

struct matrix_settings {
    const float *matrix, *offset;
};

static void matrix_block(float *rgba, size_t n, const void *settings) {
    const struct matrix_settings *s = settings;
    matrix_rgba_generic(rgba, n, s->matrix, s->offset);
}

void vfx_matrix_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                       vfx_pixel_format destination_format, int destination_channels, size_t count,
                       const float matrix[16], const float offset[4]) {
    DISPATCH_STORED(matrix, matrix, offset);
    const struct matrix_settings settings = {matrix, offset};
    vfx_stored_through_blocks(VFX_STORED_ARGS, matrix_block,
                              &settings);
}

static void transfer_rgb_generic(float *rgba, size_t count, int kind, const float *k) {
    switch (kind) {
    case 0: transfer_power_generic(rgba, count, k); break;
    case 1: transfer_gamma_generic(rgba, count, k); break;
    case 2: transfer_log_encode_generic(rgba, count, k); break;
    case 3: transfer_log_decode_generic(rgba, count, k); break;
    case 4: transfer_split_log_encode_generic(rgba, count, k); break;
    case 5: transfer_split_log_decode_generic(rgba, count, k); break;
    case 6: transfer_pq_encode_generic(rgba, count, k); break;
    case 7: transfer_pq_decode_generic(rgba, count, k); break;
    }
}

// The kinds VFXColorMath.h documents (ColorOps.table's floatCurve): 0 ... 7.
static int transfer_kind_known(int kind) { return kind >= 0 && kind <= 7; }

void vfx_transfer_rgb(float *rgba, size_t count, int kind, const float *k) {
    if (!transfer_kind_known(kind)) return;
    DISPATCH_POW(transfer_rgb, rgba, count, kind, k);
}

/* The portable block of a kernel that takes a kind (or direction) and its constants: the
   transfer curves and the Log node, on CPUs without the SIMD levels. */
struct kind_settings {
    void (*generic)(float *rgba, size_t count, int kind, const float *k);
    int kind;
    const float *k;
};

static void kind_block(float *rgba, size_t n, const void *settings) {
    const struct kind_settings *s = settings;
    s->generic(rgba, n, s->kind, s->k);
}

void vfx_transfer_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                         vfx_pixel_format destination_format, int destination_channels, size_t count, int kind,
                         const float *k) {
    if (!transfer_kind_known(kind)) return;
    DISPATCH_STORED(transfer, kind, k);
    const struct kind_settings settings = {transfer_rgb_generic, kind, k};
    vfx_stored_through_blocks(VFX_STORED_ARGS, kind_block, &settings);
}

void vfx_lut1d_rgb(float *rgba, size_t count, const float *planar, int size, const float a[3], const float b[3]) {
    if (size < 2) return;
    DISPATCH_POW(lut1d_rgb, rgba, count, planar, size, a, b);
}

struct lut1d_settings {
    const float *planar, *a, *b;
    int size;
};

static void lut1d_block(float *rgba, size_t n, const void *settings) {
    const struct lut1d_settings *s = settings;
    lut1d_rgb_generic(rgba, n, s->planar, s->size, s->a, s->b);
}

void vfx_lut1d_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count,
                      const float *planar, int size, const float a[3], const float b[3]) {
    if (size < 2) return;
    DISPATCH_STORED(lut1d, planar, size, a, b);
    const struct lut1d_settings settings = {planar, a, b, size};
    vfx_stored_through_blocks(VFX_STORED_ARGS, lut1d_block,
                              &settings);
}

static void log_rgb_generic(float *rgba, size_t count, int direction, const float *k) {
    if (direction == 0) log_lin_to_log_generic(rgba, count, k);
    else log_log_to_lin_generic(rgba, count, k);
}

void vfx_log_rgb(float *rgba, size_t count, int direction, const float *k) {
    if (direction != 0 && direction != 1) return;
    DISPATCH_POW(log_rgb, rgba, count, direction, k);
}

void vfx_log_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                    vfx_pixel_format destination_format, int destination_channels, size_t count, int direction,
                    const float *k) {
    if (direction != 0 && direction != 1) return;
    DISPATCH_STORED(log, direction, k);
    const struct kind_settings settings = {log_rgb_generic, direction, k};
    vfx_stored_through_blocks(VFX_STORED_ARGS, kind_block, &settings);
}

/* The portable Range (CLF): each of the four channels as RangeRenderer documents; the
   multiply and the add are two statements, so no compiler fuses them (the SIMD copies
   do not either). */
static void range_rgba_generic(float *rgba, size_t count, const float *k) {
    for (size_t i = 0; i < count; i++) {
        for (int c = 0; c < 4; c++) {
            float p = rgba[4 * i + c] * k[c];
            p = p + k[4 + c];
            p = p < k[8 + c] ? k[8 + c] : p;
            rgba[4 * i + c] = p > k[12 + c] ? k[12 + c] : p;
        }
    }
}

void vfx_curve_lut_rgba(const float *pairs, int size, int shared, const float min[3], const float max[3],
                        const float below[3], const float above[3], float *rgba, size_t count) {
    DISPATCH_POW(curve_lut_rgba, pairs, size, shared, min, max, below, above, rgba, count);
}

void vfx_aces_rgba(float *rgba, size_t count, int style, const float *k) {
    DISPATCH_POW(aces_rgba, rgba, count, style, k);
}

void vfx_range_rgba(float *rgba, size_t count, const float *k) {
    DISPATCH_POW(range_rgba, rgba, count, k);
}

static void range_block(float *rgba, size_t n, const void *settings) { range_rgba_generic(rgba, n, settings); }

void vfx_range_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count, const float *k) {
    DISPATCH_STORED(range, k);
    vfx_stored_through_blocks(VFX_STORED_ARGS, range_block, k);
}

void vfx_pow_tables(float out[VFX_POW_TABLE_FLOATS]) {
    _Static_assert(sizeof vfx_pow_inv_c + sizeof vfx_pow_log2_c + sizeof vfx_pow_log2_c_lo + sizeof vfx_pow_exp2_j
                       + sizeof vfx_pow_exp2_j_lo == VFX_POW_TABLE_FLOATS * sizeof(float),
                   "the GPU's table layout (gpu_common.glsl's VFX_TABLE_*)");
    memcpy(out, vfx_pow_inv_c, sizeof vfx_pow_inv_c);
    memcpy(out + 32, vfx_pow_log2_c, sizeof vfx_pow_log2_c);
    memcpy(out + 64, vfx_pow_log2_c_lo, sizeof vfx_pow_log2_c_lo);
    memcpy(out + 96, vfx_pow_exp2_j, sizeof vfx_pow_exp2_j);
    memcpy(out + 112, vfx_pow_exp2_j_lo, sizeof vfx_pow_exp2_j_lo);
}
