// A sampled per-channel curve with straight-line extrapolation (VFXOCIO's CurveLut1DOp:
// OCIO's grading-curve tone scales, the ACES output transforms' dearest translated
// step): a portable one-value-at-a-time loop, the reference arithmetic, and an AVX2 + FMA
// loop that runs eight pixels per step with the same operations in the same order (the
// portable loop's fused multiply-adds are C's fmaf, exactly rounded like the
// instruction), so the two agree bit for bit.
//
// The position (x - min) * (size - 1) / (max - min) needs more than a float's 24 bits: with
// 16384 samples a float position keeps 10 bits of fraction, which moves the ACES tone
// scale's output by a few 1e-6. So it is carried as a float and its error, exactly:
// x - min by TwoSum, the product by FMA, the scale as a float pair; the fraction is then
// good to about 1e-7 of a sample, and the interpolation a + f * (b - a) rounds once (FMA;
// b - a is exact for neighboring samples of a smooth curve).
#include "CPixelKernels.h"

#include <math.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>
#include "cpu_features.h"
#endif

#pragma clang fp contract(off)

/// Channel c's table of (sample i, sample i + 1) pairs.
static inline const float *curve_pairs(const float *pairs, int size, int shared, int c) {
    return pairs + (shared ? 0 : (size_t)c * 2 * (size_t)size);
}

/// A channel's constants: its domain, the scale (size - 1) / (max - min) as a float pair,
/// the last sample pair's index (size - 2) as a float, and the lines' slopes.
typedef struct {
    float lo, hi, scale_hi, scale_lo, last_pair, below, above;
} curve_channel;

static curve_channel curve_constants(int size, float min, float max, float below, float above) {
    const double scale = (double)(size - 1) / ((double)max - (double)min);
    const float scale_hi = (float)scale;
    curve_channel k = {min, max, scale_hi, (float)(scale - (double)scale_hi), (float)(size - 2), below, above};
    return k;
}

/// The interpolation at x in [lo, hi] (NaN clamped to lo by the caller's min/max).
static inline float curve_inside(float x, const float *pairs, const curve_channel *k) {
    const float d = x - k->lo;
    const float back = d - x;  // TwoSum(x, -lo): d + e1 is x - lo exactly
    const float e1 = (x - (d - back)) + (-k->lo - back);
    const float p = d * k->scale_hi;
    const float e2 = fmaf(d, k->scale_hi, -p);
    const float correction = fmaf(e1, k->scale_hi, fmaf(d, k->scale_lo, e2));
    float i = floorf(p);
    i = i < k->last_pair ? i : k->last_pair;
    const float f = (p - i) + correction;
    const int index = (int)i;
    const float a = pairs[2 * index], b = pairs[2 * index + 1];
    return fmaf(f, b - a, a);
}

static void curve_portable(const float *pairs, int size, int shared, const float min[3], const float max[3],
                           const float below[3], const float above[3], float *rgba, size_t count) {
    curve_channel k[3];
    for (int c = 0; c < 3; ++c) k[c] = curve_constants(size, min[c], max[c], below[c], above[c]);
    for (size_t i = 0; i < count; ++i) {
        float *pixel = rgba + 4 * i;
        for (int c = 0; c < 3; ++c) {
            const float *curve = curve_pairs(pairs, size, shared, c);
            const float x = pixel[c];
            float y;
            if (x != x) {
                y = curve[0];
            } else if (x <= k[c].lo) {
                y = curve[0] + k[c].below * (x - k[c].lo);
            } else if (x >= k[c].hi) {
                y = curve[2 * (size - 1)] + k[c].above * (x - k[c].hi);
            } else {
                y = curve_inside(x, curve, &k[c]);
            }
            pixel[c] = y;
        }
    }
}

#if defined(__x86_64__)
#define CURVE_AVX2 __attribute__((target("avx2,fma"), always_inline)) static inline

/// One channel of eight pixels: curve_inside lane-wise on the value clamped into the
/// domain (so the gathers stay inside the table; NaN clamps to the minimum, where the
/// interpolation gives exactly the first sample, the portable loop's answer for NaN),
/// then the lines replace it, below taking precedence over above. Each lane's (a, b)
/// pair is one 64-bit gather element.
CURVE_AVX2 __m256 curve_channel8(__m256 x, const float *pairs, const curve_channel *k, int size) {
    const __m256 lo = _mm256_set1_ps(k->lo), hi = _mm256_set1_ps(k->hi);
    const __m256 inside = _mm256_min_ps(_mm256_max_ps(x, lo), hi);  // maxps(NaN, lo) is lo
    const __m256 scale_hi = _mm256_set1_ps(k->scale_hi);
    const __m256 d = _mm256_sub_ps(inside, lo);
    const __m256 back = _mm256_sub_ps(d, inside);
    const __m256 e1 = _mm256_add_ps(_mm256_sub_ps(inside, _mm256_sub_ps(d, back)),
                                    _mm256_sub_ps(_mm256_set1_ps(-k->lo), back));
    const __m256 p = _mm256_mul_ps(d, scale_hi);
    const __m256 e2 = _mm256_fmsub_ps(d, scale_hi, p);
    const __m256 correction = _mm256_fmadd_ps(e1, scale_hi, _mm256_fmadd_ps(d, _mm256_set1_ps(k->scale_lo), e2));
    const __m256 i = _mm256_min_ps(_mm256_floor_ps(p), _mm256_set1_ps(k->last_pair));
    const __m256 f = _mm256_add_ps(_mm256_sub_ps(p, i), correction);
    const __m256i index = _mm256_cvttps_epi32(i);
    const double *base = (const double *)(const void *)pairs;
    const __m256 low = _mm256_castpd_ps(_mm256_i32gather_pd(base, _mm256_castsi256_si128(index), 8));
    const __m256 high = _mm256_castpd_ps(_mm256_i32gather_pd(base, _mm256_extracti128_si256(index, 1), 8));
    // (a0 b0 a1 b1 a2 b2 a3 b3), (a4 ... b7) -> a and b in lane order
    const __m256 a = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(low, high, 0x88)), 0xD8));
    const __m256 b = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(low, high, 0xDD)), 0xD8));
    __m256 y = _mm256_fmadd_ps(f, _mm256_sub_ps(b, a), a);
    const __m256 lineAbove = _mm256_add_ps(_mm256_set1_ps(pairs[2 * (size - 1)]),
                                           _mm256_mul_ps(_mm256_set1_ps(k->above), _mm256_sub_ps(x, hi)));
    const __m256 lineBelow = _mm256_add_ps(_mm256_set1_ps(pairs[0]),
                                           _mm256_mul_ps(_mm256_set1_ps(k->below), _mm256_sub_ps(x, lo)));
    y = _mm256_blendv_ps(y, lineAbove, _mm256_cmp_ps(x, hi, _CMP_GE_OQ));
    return _mm256_blendv_ps(y, lineBelow, _mm256_cmp_ps(x, lo, _CMP_LE_OQ));
}

/// Eight pixels at a time, transposed into R, G, B and A vectors (lane order 0 2 4 6 1 3
/// 5 7, undone on the way back; alpha is carried through); the last count % 8 pixels go
/// through the portable loop.
__attribute__((target("avx2,fma")))
static void curve_avx2(const float *pairs, int size, int shared, const float min[3], const float max[3],
                       const float below[3], const float above[3], float *rgba, size_t count) {
    curve_channel k[3];
    for (int c = 0; c < 3; ++c) k[c] = curve_constants(size, min[c], max[c], below[c], above[c]);
    const float *curve[3] = {curve_pairs(pairs, size, shared, 0), curve_pairs(pairs, size, shared, 1),
                             curve_pairs(pairs, size, shared, 2)};
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        float *p = rgba + 4 * i;
        const __m256 p01 = _mm256_loadu_ps(p), p23 = _mm256_loadu_ps(p + 8);
        const __m256 p45 = _mm256_loadu_ps(p + 16), p67 = _mm256_loadu_ps(p + 24);
        __m256 t0 = _mm256_unpacklo_ps(p01, p23), t1 = _mm256_unpackhi_ps(p01, p23);
        __m256 t2 = _mm256_unpacklo_ps(p45, p67), t3 = _mm256_unpackhi_ps(p45, p67);
        __m256 r = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
        __m256 g = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
        __m256 b = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
        const __m256 a = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
        r = curve_channel8(r, curve[0], &k[0], size);
        g = curve_channel8(g, curve[1], &k[1], size);
        b = curve_channel8(b, curve[2], &k[2], size);
        t0 = _mm256_unpacklo_ps(r, g);
        t1 = _mm256_unpackhi_ps(r, g);
        t2 = _mm256_unpacklo_ps(b, a);
        t3 = _mm256_unpackhi_ps(b, a);
        _mm256_storeu_ps(p, _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0)));
        _mm256_storeu_ps(p + 8, _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2)));
        _mm256_storeu_ps(p + 16, _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0)));
        _mm256_storeu_ps(p + 24, _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2)));
    }
    curve_portable(pairs, size, shared, min, max, below, above, rgba + 4 * i, count - i);
}
#endif

static int forced_portable = 0;

void vfx_curve_lut_force_portable(int portable) { forced_portable = portable; }

void vfx_curve_lut_rgba(const float *pairs, int size, int shared, const float min[3], const float max[3],
                        const float below[3], const float above[3], float *rgba, size_t count) {
#if defined(__x86_64__)
    if (!forced_portable && vfx_cpu_has(VFX_CPU_AVX2 | VFX_CPU_FMA)) {
        curve_avx2(pairs, size, shared, min, max, below, above, rgba, count);
        return;
    }
#endif
    curve_portable(pairs, size, shared, min, max, below, above, rgba, count);
}
