// Lut3DOp's CPU kernel (VFXLut3D.h): a portable one-pixel-at-a-time loop, which is the
// reference arithmetic, and an AVX2 loop that runs eight pixels per step with the same
// float operations in the same order, so the two agree bit for bit.
//
// The AVX2 loop: the eight pixels' R, G and B are transposed into vectors, their grid
// positions, cells, tetrahedra and weights computed together and without branches
// (entry indices in float: exact integers, below 2^24 for every size up to 256). The
// corners are then read with one 16-byte load each from the RGBA-padded table and
// blended two pixels per vector in RGBA order. OpenColorIO's AVX2 kernel reads the
// corners with gathers instead (three per corner, one per channel); measured on this
// project's x86-64 machine (AMD EPYC, 4K f32, one core), gathers were 1.5x slower for
// tetrahedral and 2x slower for trilinear than these plain loads.
//
// vfx_lut3d_stored (CPixelKernels.h) runs the same eight-pixel step on f16, u8 and u16
// pixels, and on three-channel pixels of every format, converted with vector
// instructions (pixel_convert_simd.h, block_convert.c) 64 at a time into a float buffer
// that stays in L1: no staged block from the caller, and exactly the staged result,
// since the step only sees the floats the staged load would have made.
#include "VFXLut3D.h"
#include "CPixelKernels.h"
#include "stored_blocks.h"

#include <stdint.h>

// The grid position of one channel: (v * a + b) * last, clamped to [0, last]; NaN and
// -0 become +0 (the comparison is false for NaN, as x86's maxps(q, 0) gives 0).
static inline float lut3d_position(float v, float a, float b, float last) {
    float q = (v * a + b) * last;
    q = q > 0.0f ? q : 0.0f;
    return q < last ? q : last;
}

static inline float lut3d_max(float x, float y) { return x > y ? x : y; }
static inline float lut3d_min(float x, float y) { return x < y ? x : y; }

static void lut3d_portable(float *rgba, size_t count, const float *table, int size,
                           const float scale[3], const float offset[3], int tetrahedral) {
    const float last = (float)(size - 1);
    const int strideG = size, strideB = size * size;
    for (size_t i = 0; i < count; i++) {
        float *p = rgba + 4 * i;
        float qr = lut3d_position(p[0], scale[0], offset[0], last);
        float qg = lut3d_position(p[1], scale[1], offset[1], last);
        float qb = lut3d_position(p[2], scale[2], offset[2], last);
        // q >= 0, so truncation is floor; q - floor(q) is exact
        int r0 = (int)qr, g0 = (int)qg, b0 = (int)qb;
        float fr = qr - (float)r0, fg = qg - (float)g0, fb = qb - (float)b0;
        int dr = r0 < size - 1 ? 1 : 0;
        int dg = g0 < size - 1 ? strideG : 0;
        int db = b0 < size - 1 ? strideB : 0;
        const float *c000 = table + 4 * (b0 * strideB + g0 * strideG + r0);
        const float *c111 = c000 + 4 * (dr + dg + db);
        if (tetrahedral) {
            // The walk base -> +largest axis -> +middle axis -> c111 (OCIO's six
            // tetrahedra); the largest and smallest axes are picked with opposite tie
            // preferences so they are never the same axis.
            float f1 = lut3d_max(fr, lut3d_max(fg, fb));
            float f3 = lut3d_min(fr, lut3d_min(fg, fb));
            float f2 = lut3d_max(lut3d_min(fr, fg), lut3d_min(lut3d_max(fr, fg), fb));
            int first = fr >= fg && fr >= fb ? dr : (fg >= fb ? dg : db);
            int smallest = fb <= fg && fb <= fr ? db : (fg <= fr ? dg : dr);
            const float *c1 = c000 + 4 * first;
            const float *c2 = c111 - 4 * smallest;
            for (int c = 0; c < 3; c++) {
                p[c] = c000[c] + f1 * (c1[c] - c000[c]) + f2 * (c2[c] - c1[c]) + f3 * (c111[c] - c2[c]);
            }
        } else {
            const float *c100 = c000 + 4 * dr, *c010 = c000 + 4 * dg, *c110 = c000 + 4 * (dr + dg);
            const float *c001 = c000 + 4 * db, *c101 = c000 + 4 * (dr + db), *c011 = c000 + 4 * (dg + db);
            for (int c = 0; c < 3; c++) {
                float x00 = c000[c] + fr * (c100[c] - c000[c]);
                float x10 = c010[c] + fr * (c110[c] - c010[c]);
                float x01 = c001[c] + fr * (c101[c] - c001[c]);
                float x11 = c011[c] + fr * (c111[c] - c011[c]);
                float y0 = x00 + fg * (x10 - x00);
                float y1 = x01 + fg * (x11 - x01);
                p[c] = y0 + fb * (y1 - y0);
            }
        }
    }
}

// vfx_lut3d_stored's portable path: vfx_lut3d_rgba on each staged block (the variant
// chosen there: portable, or AVX2 on a CPU without F16C).
struct lut3d_settings {
    const float *table;
    int size;
    const float *scale, *offset;
    int tetrahedral;
};

static void lut3d_block(float *rgba, size_t n, const void *settings) {
    const struct lut3d_settings *s = settings;
    vfx_lut3d_rgba(rgba, n, s->table, s->size, s->scale, s->offset, s->tetrahedral);
}

#if defined(__x86_64__)
#include <immintrin.h>

#include "cpu_features.h"
#include "pixel_convert_simd.h"

#define AVX2 __attribute__((target("avx2")))

static int lut3d_variant = VFX_LUT3D_AUTO;

typedef struct {
    const float *table;
    __m256 scale[3], offset[3];
    __m256 last, strideG, strideB;
} lut3d_avx2_context;

// v0 + f * (v1 - v0), the operation order of the portable loop
AVX2 static inline __m256 lut3d_step(__m256 v0, __m256 f, __m256 v1) {
    return _mm256_add_ps(v0, _mm256_mul_ps(f, _mm256_sub_ps(v1, v0)));
}

// The table entries of two pixels, one per 128-bit half (`at` holds float offsets).
AVX2 static inline __m256 lut3d_pair(const float *table, const int32_t *at, int j, int k) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(table + at[j])), _mm_loadu_ps(table + at[k]), 1);
}

// Weight j of one pixel in the low half, weight k in the high half.
AVX2 static inline __m256 lut3d_spread(const float *f, int j, int k) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_broadcast_ss(f + j)), _mm_broadcast_ss(f + k), 1);
}

// Eight RGBA pixels at p (32 floats) in place: an f32 image's own pixels, or a stored
// run converted into a small float buffer (lut3d_stored_runs). Positions, cells and
// weights are worked out for the eight at once on transposed R, G, B vectors; the
// interpolation then runs on the pixels' own RGBA layout, two pixels per vector, so
// every corner is one 16-byte load and the result goes back without a transpose.
//
// Not inlined, as before the stored loop existed: the f32 loop's code is unchanged
// (passing the pixels in registers instead, or inlining this into the loops, measured
// the trilinear f32 loop 6-10% slower on this project's x86-64 machine, 4K, one core).
AVX2 static __attribute__((noinline)) void lut3d_avx2_eight(float *p, const lut3d_avx2_context *k, int tetrahedral) {
    __m256 v0 = _mm256_loadu_ps(p), v1 = _mm256_loadu_ps(p + 8);
    __m256 v2 = _mm256_loadu_ps(p + 16), v3 = _mm256_loadu_ps(p + 24);
    const __m256 pairs[4] = { v0, v1, v2, v3 };  // alpha comes back from these
    // RGBA x 8 -> R, G, B vectors whose lanes hold pixels 0 2 4 6 1 3 5 7
    __m256 t0 = _mm256_unpacklo_ps(v0, v1), t1 = _mm256_unpackhi_ps(v0, v1);
    __m256 t2 = _mm256_unpacklo_ps(v2, v3), t3 = _mm256_unpackhi_ps(v2, v3);
    __m256 in[3] = { _mm256_shuffle_ps(t0, t2, 0x44), _mm256_shuffle_ps(t0, t2, 0xEE),
                     _mm256_shuffle_ps(t1, t3, 0x44) };
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    __m256 f[3], d[3], base = zero;
    const __m256 strides[3] = { one, k->strideG, k->strideB };
    for (int c = 2; c >= 0; c--) {
        __m256 q = _mm256_mul_ps(_mm256_add_ps(_mm256_mul_ps(in[c], k->scale[c]), k->offset[c]), k->last);
        q = _mm256_max_ps(q, zero);        // q > 0 ? q : 0 (NaN -> 0)
        q = _mm256_min_ps(q, k->last);     // q < last ? q : last
        __m256 i0 = _mm256_round_ps(q, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
        f[c] = _mm256_sub_ps(q, i0);
        d[c] = _mm256_and_ps(_mm256_cmp_ps(i0, k->last, _CMP_LT_OQ), strides[c]);
        // b0 * strideB + g0 * strideG + r0 (exact integers in float)
        base = c == 2 ? _mm256_mul_ps(i0, k->strideB)
                      : _mm256_add_ps(base, c == 1 ? _mm256_mul_ps(i0, k->strideG) : i0);
    }
    __m256 fr = f[0], fg = f[1], fb = f[2];
    __m256 dr = d[0], dg = d[1], db = d[2];
    __m256 i111 = _mm256_add_ps(base, _mm256_add_ps(_mm256_add_ps(dr, dg), db));
    // corner offsets and weights by lane: pixel 2m is lane m, pixel 2m + 1 lane m + 4
    _Alignas(32) int32_t at[4][8];
    _Alignas(32) float w[3][8];
    const __m256 blendAlpha = _mm256_castsi256_ps(_mm256_setr_epi32(0, 0, 0, -1, 0, 0, 0, -1));
    // entry index (float) -> float offset into the table
    #define AT(v) _mm256_slli_epi32(_mm256_cvttps_epi32(v), 2)
    if (tetrahedral) {
        __m256 f1 = _mm256_max_ps(fr, _mm256_max_ps(fg, fb));
        __m256 f3 = _mm256_min_ps(fr, _mm256_min_ps(fg, fb));
        __m256 f2 = _mm256_max_ps(_mm256_min_ps(fr, fg), _mm256_min_ps(_mm256_max_ps(fr, fg), fb));
        // first = fr >= fg && fr >= fb ? dr : (fg >= fb ? dg : db)
        __m256 rFirst = _mm256_and_ps(_mm256_cmp_ps(fr, fg, _CMP_GE_OQ), _mm256_cmp_ps(fr, fb, _CMP_GE_OQ));
        __m256 first = _mm256_blendv_ps(_mm256_blendv_ps(db, dg, _mm256_cmp_ps(fg, fb, _CMP_GE_OQ)), dr, rFirst);
        // smallest = fb <= fg && fb <= fr ? db : (fg <= fr ? dg : dr)
        __m256 bSmallest = _mm256_and_ps(_mm256_cmp_ps(fb, fg, _CMP_LE_OQ), _mm256_cmp_ps(fb, fr, _CMP_LE_OQ));
        __m256 smallest = _mm256_blendv_ps(_mm256_blendv_ps(dr, dg, _mm256_cmp_ps(fg, fr, _CMP_LE_OQ)), db, bSmallest);
        _mm256_store_si256((__m256i *)at[0], AT(base));
        _mm256_store_si256((__m256i *)at[1], AT(_mm256_add_ps(base, first)));
        _mm256_store_si256((__m256i *)at[2], AT(_mm256_sub_ps(i111, smallest)));
        _mm256_store_si256((__m256i *)at[3], AT(i111));
        _mm256_store_ps(w[0], f1);
        _mm256_store_ps(w[1], f2);
        _mm256_store_ps(w[2], f3);
        for (int m = 0; m < 4; m++) {
            __m256 c0 = lut3d_pair(k->table, at[0], m, m + 4), c1 = lut3d_pair(k->table, at[1], m, m + 4);
            __m256 c2 = lut3d_pair(k->table, at[2], m, m + 4), c3 = lut3d_pair(k->table, at[3], m, m + 4);
            __m256 o = _mm256_add_ps(c0, _mm256_mul_ps(lut3d_spread(w[0], m, m + 4), _mm256_sub_ps(c1, c0)));
            o = _mm256_add_ps(o, _mm256_mul_ps(lut3d_spread(w[1], m, m + 4), _mm256_sub_ps(c2, c1)));
            o = _mm256_add_ps(o, _mm256_mul_ps(lut3d_spread(w[2], m, m + 4), _mm256_sub_ps(c3, c2)));
            float *q = p + 8 * m;   // pixels 2m and 2m + 1, alpha kept
            _mm256_storeu_ps(q, _mm256_blendv_ps(o, pairs[m], blendAlpha));
        }
    } else {
        _Alignas(32) int32_t more[4][8];
        _mm256_store_si256((__m256i *)at[0], AT(base));
        _mm256_store_si256((__m256i *)at[1], AT(_mm256_add_ps(base, dr)));
        _mm256_store_si256((__m256i *)at[2], AT(_mm256_add_ps(base, dg)));
        _mm256_store_si256((__m256i *)at[3], AT(_mm256_add_ps(base, _mm256_add_ps(dr, dg))));
        _mm256_store_si256((__m256i *)more[0], AT(_mm256_add_ps(base, db)));
        _mm256_store_si256((__m256i *)more[1], AT(_mm256_add_ps(base, _mm256_add_ps(dr, db))));
        _mm256_store_si256((__m256i *)more[2], AT(_mm256_add_ps(base, _mm256_add_ps(dg, db))));
        _mm256_store_si256((__m256i *)more[3], AT(i111));
        _mm256_store_ps(w[0], fr);
        _mm256_store_ps(w[1], fg);
        _mm256_store_ps(w[2], fb);
        for (int m = 0; m < 4; m++) {
            __m256 wr = lut3d_spread(w[0], m, m + 4);
            __m256 x00 = lut3d_step(lut3d_pair(k->table, at[0], m, m + 4), wr, lut3d_pair(k->table, at[1], m, m + 4));
            __m256 x10 = lut3d_step(lut3d_pair(k->table, at[2], m, m + 4), wr, lut3d_pair(k->table, at[3], m, m + 4));
            __m256 x01 = lut3d_step(lut3d_pair(k->table, more[0], m, m + 4), wr, lut3d_pair(k->table, more[1], m, m + 4));
            __m256 x11 = lut3d_step(lut3d_pair(k->table, more[2], m, m + 4), wr, lut3d_pair(k->table, more[3], m, m + 4));
            __m256 wg = lut3d_spread(w[1], m, m + 4);
            __m256 y0 = lut3d_step(x00, wg, x10);
            __m256 y1 = lut3d_step(x01, wg, x11);
            __m256 o = lut3d_step(y0, lut3d_spread(w[2], m, m + 4), y1);
            float *q = p + 8 * m;
            _mm256_storeu_ps(q, _mm256_blendv_ps(o, pairs[m], blendAlpha));
        }
    }
    #undef AT
}

AVX2 static lut3d_avx2_context lut3d_avx2_setup(const float *table, int size, const float scale[3],
                                                const float offset[3]) {
    lut3d_avx2_context k;
    k.table = table;
    for (int c = 0; c < 3; c++) {
        k.scale[c] = _mm256_set1_ps(scale[c]);
        k.offset[c] = _mm256_set1_ps(offset[c]);
    }
    k.last = _mm256_set1_ps((float)(size - 1));
    k.strideG = _mm256_set1_ps((float)size);
    k.strideB = _mm256_set1_ps((float)size * (float)size);
    return k;
}

AVX2 static void lut3d_avx2(float *rgba, size_t count, const float *table, int size,
                            const float scale[3], const float offset[3], int tetrahedral) {
    const lut3d_avx2_context k = lut3d_avx2_setup(table, size, scale, offset);
    size_t i = 0;
    // constant flags: two specialized loops
    if (tetrahedral) {
        for (; i + 8 <= count; i += 8) lut3d_avx2_eight(rgba + 4 * i, &k, 1);
    } else {
        for (; i + 8 <= count; i += 8) lut3d_avx2_eight(rgba + 4 * i, &k, 0);
    }
    if (i < count) {
        // the last 1-7 pixels through a zeroed eight-pixel buffer
        float rest[32] = { 0 };
        size_t n = count - i;
        for (size_t j = 0; j < 4 * n; j++) rest[j] = rgba[4 * i + j];
        lut3d_avx2_eight(rest, &k, tetrahedral);
        for (size_t j = 0; j < 4 * n; j++) rgba[4 * i + j] = rest[j];
    }
}

// The whole runs of eight pixels between stored formats, for one pair of formats and
// one interpolation (constant arguments where it is inlined, so the conversions'
// format switches fold away), LUT3D_CHUNK pixels at a time: the chunk is converted in
// registers (pixel_convert_simd.h) into a float buffer that stays in L1, the eight-pixel
// step runs over it, and it is converted back. Returns the pixels done.
enum { LUT3D_CHUNK = 64 };

VFX_AVX2_F16C static inline __attribute__((always_inline)) size_t lut3d_stored_runs(
    const void *source, int source_format, void *destination, int destination_format, size_t count,
    const lut3d_avx2_context *k, int tetrahedral) {
    _Alignas(32) float chunk[4 * LUT3D_CHUNK];
    size_t i = 0;
    while (i + 8 <= count) {
        size_t n = count - i < LUT3D_CHUNK ? (count - i) & ~(size_t)7 : LUT3D_CHUNK;
        for (size_t j = 0; j < 4 * n; j += 8) _mm256_store_ps(chunk + j, vfx_values8_load(source, source_format, 4 * i + j));
        for (size_t j = 0; j < 4 * n; j += 32) lut3d_avx2_eight(chunk + j, k, tetrahedral);
        for (size_t j = 0; j < 4 * n; j += 8) vfx_values8_store(destination, destination_format, 4 * i + j, _mm256_load_ps(chunk + j));
        i += n;
    }
    return i;
}

// One specialized loop per in-place format (an image's own pixels, the common case) and
// interpolation; the chains' ends (stored <-> f32) share a loop that switches per vector.
#define LUT3D_STORED_RUNS(format)                                                                     \
    (tetrahedral ? lut3d_stored_runs(source, format, destination, format, count, &k, 1)              \
                 : lut3d_stored_runs(source, format, destination, format, count, &k, 0))

// Runs of eight pixels where a side has three channels (an RGB image, or its staged
// RGBA block): each chunk goes through block_convert.c's pixel loads and stores, which
// give the same floats as the four-channel conversions above (alpha 1 for three
// channels). Returns the pixels done.
VFX_AVX2_F16C static size_t lut3d_pixel_runs(const void *source, vfx_pixel_format source_format, int source_channels,
                                             void *destination, vfx_pixel_format destination_format,
                                             int destination_channels, size_t count, const lut3d_avx2_context *k,
                                             int tetrahedral) {
    _Alignas(32) float chunk[4 * LUT3D_CHUNK];
    const size_t in_bytes = (size_t)source_channels * vfx_pixel_format_bytes(source_format);
    const size_t out_bytes = (size_t)destination_channels * vfx_pixel_format_bytes(destination_format);
    size_t i = 0;
    while (i + 8 <= count) {
        size_t n = count - i < LUT3D_CHUNK ? (count - i) & ~(size_t)7 : LUT3D_CHUNK;
        vfx_pixels_to_rgba((const unsigned char *)source + i * in_bytes, source_format, (size_t)source_channels, n,
                           chunk);
        for (size_t j = 0; j < 4 * n; j += 32) lut3d_avx2_eight(chunk + j, k, tetrahedral);
        vfx_rgba_to_pixels(chunk, n, (unsigned char *)destination + i * out_bytes, destination_format,
                           (size_t)destination_channels);
        i += n;
    }
    return i;
}

VFX_AVX2_F16C static void lut3d_stored_avx2(const void *source, vfx_pixel_format source_format, int source_channels,
                                            void *destination, vfx_pixel_format destination_format,
                                            int destination_channels, size_t count, const float *table, int size,
                                            const float scale[3], const float offset[3], int tetrahedral) {
    const lut3d_avx2_context k = lut3d_avx2_setup(table, size, scale, offset);
    size_t i;
    if (source_channels != 4 || destination_channels != 4) {
        i = lut3d_pixel_runs(VFX_STORED_ARGS, &k, tetrahedral);
    } else if (source_format != destination_format) {
        i = lut3d_stored_runs(source, source_format, destination, destination_format, count, &k, tetrahedral);
    } else {
        switch (source_format) {
        case VFX_PIXEL_F16: i = LUT3D_STORED_RUNS(VFX_PIXEL_F16); break;
        case VFX_PIXEL_U8: i = LUT3D_STORED_RUNS(VFX_PIXEL_U8); break;
        case VFX_PIXEL_U16: i = LUT3D_STORED_RUNS(VFX_PIXEL_U16); break;
        default: i = LUT3D_STORED_RUNS(VFX_PIXEL_F32); break;
        }
    }
    if (i < count) {
        // the last 1-7 pixels through a zeroed eight-pixel float buffer
        float rest[32] = { 0 };
        size_t n = count - i;
        vfx_pixels_to_rgba((const unsigned char *)source
                               + i * (size_t)source_channels * vfx_pixel_format_bytes(source_format),
                           source_format, (size_t)source_channels, n, rest);
        lut3d_avx2_eight(rest, &k, tetrahedral);
        vfx_rgba_to_pixels(rest, n, (unsigned char *)destination
                               + i * (size_t)destination_channels * vfx_pixel_format_bytes(destination_format),
                           destination_format, (size_t)destination_channels);
    }
}
#undef LUT3D_STORED_RUNS

static int lut3d_has_avx2(void) { return vfx_cpu_has(VFX_CPU_AVX2); }

// The stored-pixel loop converts halves with F16C besides AVX2.
static int lut3d_has_f16c(void) { return vfx_cpu_has(VFX_CPU_F16C); }

int vfx_lut3d_use_variant(int variant) {
    if (variant < VFX_LUT3D_AUTO || variant > VFX_LUT3D_AVX2) return 0;
    if (variant == VFX_LUT3D_AVX2 && !lut3d_has_avx2()) return 0;
    __atomic_store_n(&lut3d_variant, variant, __ATOMIC_RELAXED);
    return 1;
}

static int lut3d_current_variant(void) {
    int variant = __atomic_load_n(&lut3d_variant, __ATOMIC_RELAXED);
    return variant == VFX_LUT3D_AUTO ? (lut3d_has_avx2() ? VFX_LUT3D_AVX2 : VFX_LUT3D_PORTABLE) : variant;
}

void vfx_lut3d_rgba(float *rgba, size_t count, const float *table, int size,
                    const float scale[3], const float offset[3], int tetrahedral) {
    if (lut3d_current_variant() == VFX_LUT3D_AVX2) lut3d_avx2(rgba, count, table, size, scale, offset, tetrahedral);
    else lut3d_portable(rgba, count, table, size, scale, offset, tetrahedral);
}

void vfx_lut3d_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count, const float *table,
                      int size, const float scale[3], const float offset[3], int tetrahedral) {
    if (lut3d_current_variant() == VFX_LUT3D_AVX2 && lut3d_has_f16c()) {
        lut3d_stored_avx2(VFX_STORED_ARGS, table, size, scale, offset, tetrahedral);
        return;
    }
    const struct lut3d_settings settings = {table, size, scale, offset, tetrahedral};
    vfx_stored_through_blocks(VFX_STORED_ARGS, lut3d_block, &settings);
}

#else

int vfx_lut3d_use_variant(int variant) {
    return variant == VFX_LUT3D_AUTO || variant == VFX_LUT3D_PORTABLE;
}

void vfx_lut3d_rgba(float *rgba, size_t count, const float *table, int size,
                    const float scale[3], const float offset[3], int tetrahedral) {
    lut3d_portable(rgba, count, table, size, scale, offset, tetrahedral);
}

void vfx_lut3d_stored(const void *source, vfx_pixel_format source_format, int source_channels, void *destination,
                      vfx_pixel_format destination_format, int destination_channels, size_t count, const float *table,
                      int size, const float scale[3], const float offset[3], int tetrahedral) {
    const struct lut3d_settings settings = {table, size, scale, offset, tetrahedral};
    vfx_stored_through_blocks(VFX_STORED_ARGS, lut3d_block, &settings);
}

#endif
