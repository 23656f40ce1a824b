// The SIMD steps of the stored-value conversions, as inline helpers: block_convert.c's
// value runs (8 lanes) and the fused kernels of color_pow_simd.c, which load and store
// four-channel f16, u8 and u16 pixels inside their own loops (8 and 16 lanes), both use
// these, so the rules block_convert.c states live in one place:
//   u8 / u16 -> float: v / max correctly rounded (float(double(v) * (1.0 / max)) is that)
//   float -> u8 / u16: clamp to [0, 1] (NaN and -0 -> 0), then (int32)(c * max + 0.5f)
//   f16 <-> float: F16C, widening exact, narrowing to nearest even.
// The 16-lane versions do the same operations on twice the lanes, so every width gives
// the same bits.
#ifndef VFX_PIXEL_CONVERT_SIMD_H
#define VFX_PIXEL_CONVERT_SIMD_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "CPixelKernels.h"

#define VFX_AVX2_F16C __attribute__((target("avx2,f16c")))
#define VFX_AVX512F __attribute__((target("avx512f")))
#define VFX_INLINE static inline __attribute__((always_inline))

// ---- 8 lanes (AVX2 + F16C)

VFX_AVX2_F16C VFX_INLINE __m256 vfx_scaled_to_float8(__m256i integers, __m256d scale) {
    __m128 low = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(integers)), scale));
    __m128 high = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(integers, 1)), scale));
    return _mm256_set_m128(high, low);
}

// max_ps(v, 0) is 0 for NaN (it returns its second operand when either is NaN) and for
// -0; min_ps(c, 1) is c < 1 ? c : 1.
VFX_AVX2_F16C VFX_INLINE __m256i vfx_quantized8(__m256 v, __m256 maximum) {
    __m256 clamped = _mm256_min_ps(_mm256_max_ps(v, _mm256_setzero_ps()), _mm256_set1_ps(1.0f));
    return _mm256_cvttps_epi32(_mm256_add_ps(_mm256_mul_ps(clamped, maximum), _mm256_set1_ps(0.5f)));
}

// Eight u8 (bytes 1) or u16 (bytes 2) codes to floats, and back.
VFX_AVX2_F16C VFX_INLINE __m256 vfx_codes8_to_float(const void *source, int bytes) {
    __m256i v = bytes == 1 ? _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)source))
                           : _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)source));
    return vfx_scaled_to_float8(v, _mm256_set1_pd(bytes == 1 ? 1.0 / 255.0 : 1.0 / 65535.0));
}

VFX_AVX2_F16C VFX_INLINE void vfx_codes8_from_float(__m256 v, void *destination, int bytes) {
    __m256i q = vfx_quantized8(v, _mm256_set1_ps(bytes == 1 ? 255.0f : 65535.0f));
    __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
    if (bytes == 1) _mm_storel_epi64((__m128i *)destination, _mm_packus_epi16(words, words));
    else _mm_storeu_si128((__m128i *)destination, words);
}

VFX_AVX2_F16C VFX_INLINE __m256 vfx_halves8_to_float(const void *source) {
    return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)source));
}

VFX_AVX2_F16C VFX_INLINE void vfx_halves8_from_float(__m256 v, void *destination) {
    _mm_storeu_si128((__m128i *)destination, _mm256_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

// Eight values of `format` (vfx_pixel_format) starting at value `i` of `values`, as
// floats, and back: the kernels that read and write stored pixels in their own loops
// (color_pow_simd.inc, lut3d_kernels.c) pick the conversion here. With a constant
// format the switch folds away; otherwise it is one predicted branch per vector.
// Both widths are written once here (VFX_VALUES_IO, instantiated below for 8 and 16 lanes).
#define VFX_VALUES_IO(lanes, target, vector, load_floats, store_floats)                          \
    target VFX_INLINE vector vfx_values##lanes##_load(const void *values, int format, size_t i) {  \
        const unsigned char *base = values;                                                       \
        switch (format) {                                                                         \
        case VFX_PIXEL_F16: return vfx_halves##lanes##_to_float(base + 2 * i);                   \
        case VFX_PIXEL_U8: return vfx_codes##lanes##_to_float(base + i, 1);                      \
        case VFX_PIXEL_U16: return vfx_codes##lanes##_to_float(base + 2 * i, 2);                 \
        default: return load_floats((const float *)values + i);                                  \
        }                                                                                         \
    }                                                                                             \
    target VFX_INLINE void vfx_values##lanes##_store(void *values, int format, size_t i, vector v) { \
        unsigned char *base = values;                                                             \
        switch (format) {                                                                         \
        case VFX_PIXEL_F16: vfx_halves##lanes##_from_float(v, base + 2 * i); break;              \
        case VFX_PIXEL_U8: vfx_codes##lanes##_from_float(v, base + i, 1); break;                 \
        case VFX_PIXEL_U16: vfx_codes##lanes##_from_float(v, base + 2 * i, 2); break;            \
        default: store_floats((float *)values + i, v);                                           \
        }                                                                                         \
    }

VFX_VALUES_IO(8, VFX_AVX2_F16C, __m256, _mm256_loadu_ps, _mm256_storeu_ps)

// ---- 16 lanes (AVX-512F, which has the 512-bit F16C conversions)

// v / max as one float division, the definition itself (IEEE division is correctly
// rounded, and v converts exactly), so the same bits as the double product above. The
// fused kernels are bound by the add and multiply pipes; the divider is a separate unit,
// so there the division costs less than four double-width steps on those pipes.
VFX_AVX512F VFX_INLINE __m512 vfx_codes16i_to_float(__m512i codes, int bytes) {
    return _mm512_div_ps(_mm512_cvtepi32_ps(codes), _mm512_set1_ps(bytes == 1 ? 255.0f : 65535.0f));
}

// vfx_quantized8 on 16 lanes: codes in [0, max], one per 32-bit lane.
VFX_AVX512F VFX_INLINE __m512i vfx_quantized16(__m512 v, int bytes) {
    __m512 clamped = _mm512_min_ps(_mm512_max_ps(v, _mm512_setzero_ps()), _mm512_set1_ps(1.0f));
    return _mm512_cvttps_epi32(_mm512_add_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(bytes == 1 ? 255.0f : 65535.0f)),
                                             _mm512_set1_ps(0.5f)));
}

VFX_AVX512F VFX_INLINE __m512 vfx_codes16_to_float(const void *source, int bytes) {
    return vfx_codes16i_to_float(bytes == 1 ? _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)source))
                                            : _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)source)),
                                 bytes);
}

// The codes are in [0, max] after the clamp, so the narrowing moves are exact.
VFX_AVX512F VFX_INLINE void vfx_codes16_from_float(__m512 v, void *destination, int bytes) {
    __m512i q = vfx_quantized16(v, bytes);
    if (bytes == 1) _mm_storeu_si128((__m128i *)destination, _mm512_cvtepi32_epi8(q));
    else _mm256_storeu_si256((__m256i *)destination, _mm512_cvtepi32_epi16(q));
}

VFX_AVX512F VFX_INLINE __m512 vfx_halves16i_to_float(__m256i halves) { return _mm512_cvtph_ps(halves); }

VFX_AVX512F VFX_INLINE __m256i vfx_halves16i_from_float(__m512 v) {
    return _mm512_cvtps_ph(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

VFX_AVX512F VFX_INLINE __m512 vfx_halves16_to_float(const void *source) {
    return vfx_halves16i_to_float(_mm256_loadu_si256((const __m256i *)source));
}

VFX_AVX512F VFX_INLINE void vfx_halves16_from_float(__m512 v, void *destination) {
    _mm256_storeu_si256((__m256i *)destination, vfx_halves16i_from_float(v));
}

// vfx_values8_load and vfx_values8_store on sixteen values.
VFX_VALUES_IO(16, VFX_AVX512F, __m512, _mm512_loadu_ps, _mm512_storeu_ps)

// A half widened and narrowed again, on halves in the high 16 bits of 32-bit lanes (the
// low bits zero): the same half, except that a signaling NaN comes back quiet (the
// widening quiets it, as the portable _Float16 conversion does; PixelLoaderTests).
VFX_AVX512F VFX_INLINE __m512i vfx_high_halves16_round_trip(__m512i high) {
    __mmask16 nan = _mm512_cmpgt_epu32_mask(_mm512_and_si512(high, _mm512_set1_epi32(0x7FFF0000)),
                                            _mm512_set1_epi32(0x7C00FFFF));
    return _mm512_mask_or_epi32(high, nan, high, _mm512_set1_epi32(0x02000000));
}

#endif
#endif
