// color_pow_simd.inc compiled for AVX2 (8 lanes) and AVX-512F (16 lanes). Each copy
// first defines the vector vocabulary the .inc is written in; the two differ only in
// register width and in how compare masks are held (a vector in AVX2, a k-register
// in AVX-512), never in the float operations.
#include "color_pow_simd.h"
#include "color_pow_tables.h"
#include "curve_lut.h"
#include "stored_blocks.h"
#include "CPixelKernels.h"
#include "pixel_convert_simd.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma clang attribute push (__attribute__((target("avx2,f16c,fma"))), apply_to = function)
#define V_LANES 8
#define V_AVX512 0
#define VN(name) name##_v8
typedef __m256 vf_t;
typedef __m256i vi_t;
typedef __m256 vm_t;
#define vset1(x) _mm256_set1_ps(x)
#define vsetzero() _mm256_setzero_ps()
#define vadd _mm256_add_ps
#define vsub _mm256_sub_ps
#define vmul _mm256_mul_ps
#define vfmsub _mm256_fmsub_ps
#define vfmadd _mm256_fmadd_ps
#define vfloor _mm256_floor_ps
#define vdiv _mm256_div_ps
#define vmin _mm256_min_ps
#define vmax _mm256_max_ps
#define vlt(a, b) _mm256_cmp_ps(a, b, _CMP_LT_OQ)
#define vgt(a, b) _mm256_cmp_ps(a, b, _CMP_GT_OQ)
#define veq(a, b) _mm256_cmp_ps(a, b, _CMP_EQ_OQ)
#define vge(a, b) _mm256_cmp_ps(a, b, _CMP_GE_OQ)
#define vsel(m, t, f) _mm256_blendv_ps(f, t, m)
#define vcast_i _mm256_castps_si256
#define vcast_f _mm256_castsi256_ps
#define vcvt_f _mm256_cvtepi32_ps
#define vcvtt_i _mm256_cvttps_epi32
#define vi_set1 _mm256_set1_epi32
#define vi_add _mm256_add_epi32
#define vi_sub _mm256_sub_epi32
#define vi_and _mm256_and_si256
#define vi_or _mm256_or_si256
#define vi_srl _mm256_srli_epi32
#define vi_sra _mm256_srai_epi32
#define vi_sll _mm256_slli_epi32
#define vi_add_where(v, m, k) _mm256_add_epi32(v, _mm256_and_si256(_mm256_castps_si256(m), _mm256_set1_epi32(k)))
#define vi_sub_where(v, m, k) _mm256_sub_epi32(v, _mm256_and_si256(_mm256_castps_si256(m), _mm256_set1_epi32(k)))
#define vloadu _mm256_loadu_ps
#define vstoreu _mm256_storeu_ps
#define vunpacklo _mm256_unpacklo_ps
#define vunpackhi _mm256_unpackhi_ps
#define vshuffle _mm256_shuffle_ps
/* Entries i of an interleaved (T, D) pair table: one 64-bit gather per four lanes, then
   the pairs split into T and D in lane order. */
static inline __attribute__((always_inline)) void lut1d_pairs_v8(const float *pairs, __m256i i, __m256 *t, __m256 *d) {
    const double *base = (const double *)(const void *)pairs;
    __m256 lo = _mm256_castpd_ps(_mm256_i32gather_pd(base, _mm256_castsi256_si128(i), 8));
    __m256 hi = _mm256_castpd_ps(_mm256_i32gather_pd(base, _mm256_extracti128_si256(i, 1), 8));
    /* shuffle_ps works per 128-bit half: T = (t0 t1 t4 t5 | t2 t3 t6 t7), reordered by 64-bit blocks */
    *t = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0x88)), 0xD8));
    *d = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0xDD)), 0xD8));
}
/* Entry (i & 15) of a 16-float table in every lane: two in-register permutes (each
   reads i's low 3 bits) and a blend on bit 3. */
static inline __attribute__((always_inline)) __m256 table16_v8(__m256i i, const float table[16]) {
    __m256 lo = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), i);
    __m256 hi = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8), i);
    return _mm256_blendv_ps(lo, hi, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)));
}
/* Entry (i & 31) of a 32-float table: four permutes (i's low 3 bits) and blends on bits 3
   and 4, whose masks table32_index_v8 makes once for both tables log2_parts reads. */
typedef struct { __m256i i; __m256 bit3, bit4; } table32_index_t_v8;
static inline __attribute__((always_inline)) table32_index_t_v8 table32_index_v8(__m256i i) {
    table32_index_t_v8 t = {i, _mm256_castsi256_ps(_mm256_slli_epi32(i, 28)),
                            _mm256_castsi256_ps(_mm256_slli_epi32(i, 27))};
    return t;
}
static inline __attribute__((always_inline)) __m256 table32_v8(table32_index_t_v8 t, const float table[32]) {
    __m256 q0 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table), t.i);
    __m256 q1 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8), t.i);
    __m256 q2 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 16), t.i);
    __m256 q3 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 24), t.i);
    return _mm256_blendv_ps(_mm256_blendv_ps(q0, q1, t.bit3), _mm256_blendv_ps(q2, q3, t.bit3), t.bit4);
}
#define vneg(x) _mm256_xor_ps(x, _mm256_set1_ps(-0.0f))
#define vsqrt _mm256_sqrt_ps
#define vle(a, b) _mm256_cmp_ps(a, b, _CMP_LE_OQ)
#define vabs(x) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x)
#define vsignbit(x) (x)   /* a mask: blendv selects on each lane's sign bit */
#define load_values_v8 vfx_values8_load
#define store_values_v8 vfx_values8_store
#include "color_pow_simd.inc"
#undef V_LANES
#undef V_AVX512
#undef VN
#undef vset1
#undef vsetzero
#undef vadd
#undef vsub
#undef vmul
#undef vfmsub
#undef vfmadd
#undef vfloor
#undef vdiv
#undef vmin
#undef vmax
#undef vlt
#undef vgt
#undef veq
#undef vge
#undef vsel
#undef vcast_i
#undef vcast_f
#undef vcvt_f
#undef vcvtt_i
#undef vi_set1
#undef vi_add
#undef vi_sub
#undef vi_and
#undef vi_or
#undef vi_srl
#undef vi_sra
#undef vi_sll
#undef vi_add_where
#undef vi_sub_where
#undef vloadu
#undef vstoreu
#undef vunpacklo
#undef vunpackhi
#undef vshuffle
#undef vneg
#undef vsqrt
#undef vle
#undef vabs
#undef vsignbit
#pragma clang attribute pop

#pragma clang attribute push (__attribute__((target("avx512f"))), apply_to = function)
#define V_LANES 16
#define V_AVX512 1
#define VN(name) name##_v16
#define vf_t __m512
#define vi_t __m512i
#define vm_t __mmask16
#define vset1(x) _mm512_set1_ps(x)
#define vsetzero() _mm512_setzero_ps()
#define vadd _mm512_add_ps
#define vsub _mm512_sub_ps
#define vmul _mm512_mul_ps
#define vfmsub _mm512_fmsub_ps
#define vfmadd _mm512_fmadd_ps
#define vfloor(x) _mm512_roundscale_ps(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC)
#define vdiv _mm512_div_ps
#define vmin _mm512_min_ps
#define vmax _mm512_max_ps
#define vlt(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ)
#define vgt(a, b) _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ)
#define veq(a, b) _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ)
#define vge(a, b) _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ)
#define vsel(m, t, f) _mm512_mask_blend_ps(m, f, t)
#define vcast_i _mm512_castps_si512
#define vcast_f _mm512_castsi512_ps
#define vcvt_f _mm512_cvtepi32_ps
#define vcvtt_i _mm512_cvttps_epi32
#define vi_set1 _mm512_set1_epi32
#define vi_add _mm512_add_epi32
#define vi_sub _mm512_sub_epi32
#define vi_and _mm512_and_si512
#define vi_or _mm512_or_si512
#define vi_srl _mm512_srli_epi32
#define vi_sra _mm512_srai_epi32
#define vi_sll _mm512_slli_epi32
#define vi_add_where(v, m, k) _mm512_mask_add_epi32(v, m, v, _mm512_set1_epi32(k))
#define vi_sub_where(v, m, k) _mm512_mask_sub_epi32(v, m, v, _mm512_set1_epi32(k))
#define vloadu _mm512_loadu_ps
#define vstoreu _mm512_storeu_ps
#define vunpacklo _mm512_unpacklo_ps
#define vunpackhi _mm512_unpackhi_ps
#define vshuffle _mm512_shuffle_ps
static inline __attribute__((always_inline)) void lut1d_pairs_v16(const float *pairs, __m512i i, __m512 *t, __m512 *d) {
    const double *base = (const double *)(const void *)pairs;
    __m512 lo = _mm512_castpd_ps(_mm512_i32gather_pd(_mm512_castsi512_si256(i), base, 8));
    __m512 hi = _mm512_castpd_ps(_mm512_i32gather_pd(_mm512_extracti64x4_epi64(i, 1), base, 8));
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    *t = _mm512_permutex2var_ps(lo, even, hi);
    *d = _mm512_permutex2var_ps(lo, odd, hi);
}
/* Entry (i & 15) of a 16-float table in every lane: one in-register permute. */
static inline __attribute__((always_inline)) __m512 table16_v16(__m512i i, const float table[16]) {
    return _mm512_permutexvar_ps(i, _mm512_loadu_ps(table));
}
/* Entry (i & 31) of a 32-float table: one two-register permute. */
typedef __m512i table32_index_t_v16;
static inline __attribute__((always_inline)) __m512i table32_index_v16(__m512i i) { return i; }
static inline __attribute__((always_inline)) __m512 table32_v16(__m512i i, const float table[32]) {
    return _mm512_permutex2var_ps(_mm512_loadu_ps(table), i, _mm512_loadu_ps(table + 16));
}
#define vneg(x) _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u)))
#define vsqrt _mm512_sqrt_ps
#define vle(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ)
#define vabs(x) _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7FFFFFFF)))
#define vsignbit(x) _mm512_cmplt_epi32_mask(_mm512_castps_si512(x), _mm512_setzero_si512())
#define load_values_v16 vfx_values16_load
#define store_values_v16 vfx_values16_store
#include "color_pow_simd.inc"
#pragma clang attribute pop
#undef vf_t
#undef vi_t
#undef vm_t

#endif
