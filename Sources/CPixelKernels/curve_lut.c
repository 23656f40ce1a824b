// A sampled per-channel curve with straight-line extrapolation (VFXOCIO's CurveLut1DOp:
// OCIO's grading-curve tone scales, the ACES output transforms' dearest translated
// step): a portable one-value-at-a-time loop, the reference arithmetic, and an AVX2 loop
// that runs eight pixels per step with the same operations in the same order (no fused
// multiply-adds in either), so the two agree bit for bit.
#include "CPixelKernels.h"

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

static void curve_portable(const float *pairs, int size, int shared, const float min[3], const float max[3],
                           const float below[3], const float above[3], float *rgba, size_t count) {
    const int last = size - 1;
    double scale[3];
    for (int c = 0; c < 3; ++c) scale[c] = (double)last / ((double)max[c] - (double)min[c]);
    for (size_t i = 0; i < count; ++i) {
        float *pixel = rgba + 4 * i;
        for (int c = 0; c < 3; ++c) {
            const float *curve = curve_pairs(pairs, size, shared, c);
            const float x = pixel[c];
            float y;
            if (x != x) {
                y = curve[0];
            } else if (x <= min[c]) {
                y = curve[0] + below[c] * (x - min[c]);
            } else if (x >= max[c]) {
                y = curve[2 * last] + above[c] * (x - max[c]);
            } else {
                const double position = ((double)x - (double)min[c]) * scale[c];
                int index = (int)position;  // position > 0: truncation is floor
                if (index > last - 1) index = last - 1;
                const double fraction = position - (double)index;
                const double a = curve[2 * index], b = curve[2 * index + 1];
                y = (float)(a + fraction * (b - a));
            }
            pixel[c] = y;
        }
    }
}

#if defined(__x86_64__)
#define CURVE_AVX2 __attribute__((target("avx2"), always_inline)) static inline

/// Four values' interpolation in double: position (x - lo) * scale, its integer part
/// (at most last - 1) and fraction, and the (a, b) pair of each lane's sample read with
/// one 64-bit gather element.
CURVE_AVX2 __m128 curve_inside4(__m128 x, const float *pairs, __m256d lo, __m256d scale, __m128i lastIndex) {
    const __m256d position = _mm256_mul_pd(_mm256_sub_pd(_mm256_cvtps_pd(x), lo), scale);
    const __m128i index = _mm_min_epi32(_mm256_cvttpd_epi32(position), lastIndex);
    const __m256d fraction = _mm256_sub_pd(position, _mm256_cvtepi32_pd(index));
    const __m256i pair = _mm256_i32gather_epi64((const long long *)pairs, index, 8);
    const __m256 ab = _mm256_permutevar8x32_ps(_mm256_castsi256_ps(pair), _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
    const __m256d a = _mm256_cvtps_pd(_mm256_castps256_ps128(ab));
    const __m256d b = _mm256_cvtps_pd(_mm256_extractf128_ps(ab, 1));
    return _mm256_cvtpd_ps(_mm256_add_pd(a, _mm256_mul_pd(fraction, _mm256_sub_pd(b, a))));
}

/// One channel of eight pixels. Every lane interpolates its value clamped into the
/// domain, so the gathers stay inside the table; NaN clamps to the minimum (maxps(NaN,
/// lo) is lo), where the interpolation gives exactly the first sample (fraction 0), the
/// portable loop's answer for NaN. The lines then replace it, below taking precedence.
CURVE_AVX2 __m256 curve_channel8(__m256 x, const float *pairs, int last, float min, float max, double scale,
                                 float below, float above) {
    const __m256 lo = _mm256_set1_ps(min), hi = _mm256_set1_ps(max);
    const __m256 inside = _mm256_min_ps(_mm256_max_ps(x, lo), hi);
    const __m256d loWide = _mm256_set1_pd(min), scaleWide = _mm256_set1_pd(scale);
    const __m128i lastIndex = _mm_set1_epi32(last - 1);
    __m256 y = _mm256_set_m128(curve_inside4(_mm256_extractf128_ps(inside, 1), pairs, loWide, scaleWide, lastIndex),
                               curve_inside4(_mm256_castps256_ps128(inside), pairs, loWide, scaleWide, lastIndex));
    const __m256 lineAbove = _mm256_add_ps(_mm256_set1_ps(pairs[2 * last]),
                                           _mm256_mul_ps(_mm256_set1_ps(above), _mm256_sub_ps(x, hi)));
    const __m256 lineBelow = _mm256_add_ps(_mm256_set1_ps(pairs[0]),
                                           _mm256_mul_ps(_mm256_set1_ps(below), _mm256_sub_ps(x, lo)));
    y = _mm256_blendv_ps(y, lineAbove, _mm256_cmp_ps(x, hi, _CMP_GE_OQ));
    return _mm256_blendv_ps(y, lineBelow, _mm256_cmp_ps(x, lo, _CMP_LE_OQ));
}

/// Eight pixels at a time, transposed into R, G, B and A vectors (lane order 0 2 4 6 1 3
/// 5 7, undone on the way back; alpha is carried through); the last count % 8 pixels go
/// through the portable loop.
__attribute__((target("avx2")))
static void curve_avx2(const float *pairs, int size, int shared, const float min[3], const float max[3],
                       const float below[3], const float above[3], float *rgba, size_t count) {
    const int last = size - 1;
    double scale[3];
    for (int c = 0; c < 3; ++c) scale[c] = (double)last / ((double)max[c] - (double)min[c]);
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
        r = curve_channel8(r, curve[0], last, min[0], max[0], scale[0], below[0], above[0]);
        g = curve_channel8(g, curve[1], last, min[1], max[1], scale[1], below[1], above[1]);
        b = curve_channel8(b, curve[2], last, min[2], max[2], scale[2], below[2], above[2]);
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
    if (!forced_portable && vfx_cpu_has(VFX_CPU_AVX2)) {
        curve_avx2(pairs, size, shared, min, max, below, above, rgba, count);
        return;
    }
#endif
    curve_portable(pairs, size, shared, min, max, below, above, rgba, count);
}
