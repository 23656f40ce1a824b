// Pixel runs of any stored format and channel count <-> floats: VFXCore's PixelLoader,
// the one pixel loader (flat value runs for the ops and whole-image conversions, RGBA
// blocks for the color engine and GPU uploads).
//
// Two layers. The value layer converts a flat run of values to or from floats; it is
// the expensive part and has an AVX2 + F16C version, chosen at run time, beside the
// portable one. The layout layer moves floats between the stored channel layout and
// RGBA (gray spread to RGB, alpha 1 for three channels, only the first four of more);
// it is plain float moves, staged through a small stack buffer.
//
// Semantics (both versions, bit for bit; PixelLoaderTests checks every code):
//   u8  -> float: v / 255 correctly rounded (as Float(v) / 255)
//   u16 -> float: v / 65535 correctly rounded
//   f16 -> float: exact widening
//   float -> u8/u16: clamp to [0, 1] (NaN -> 0), then (int32)(c * max + 0.5f)
//   float -> f16: round to nearest even, overflow to infinity, NaN stays NaN
#include "CPixelKernels.h"

#include <string.h>

// The portable version converts halves with clang's _Float16, which is what Swift's
// Float16 conversions compile to (the same compiler-rt routines without F16C).
static inline float half_to_float(uint16_t bits) {
    _Float16 h;
    memcpy(&h, &bits, 2);
    return (float)h;
}

static inline uint16_t float_to_half(float value) {
    _Float16 h = (_Float16)value;
    uint16_t bits;
    memcpy(&bits, &h, 2);
    return bits;
}

// Clamps to [0, 1]; NaN fails both comparisons and becomes 0 (as does -0).
static inline float clamp_unit(float value) {
    return value > 0.0f ? (value < 1.0f ? value : 1.0f) : 0.0f;
}

static inline uint8_t float_to_u8(float value) {
    return (uint8_t)(int32_t)(clamp_unit(value) * 255.0f + 0.5f);
}

static inline uint16_t float_to_u16(float value) {
    return (uint16_t)(int32_t)(clamp_unit(value) * 65535.0f + 0.5f);
}

// ---------------------------------------------------------------------------------
// Value layer, portable.

static void values_to_float_generic(const void *source, vfx_pixel_format format, size_t count, float *out) {
    switch (format) {
    case VFX_PIXEL_U8: {
        const uint8_t *s = source;
        for (size_t i = 0; i < count; i++) out[i] = (float)s[i] / 255.0f;
        break;
    }
    case VFX_PIXEL_U16: {
        const uint16_t *s = source;
        for (size_t i = 0; i < count; i++) out[i] = (float)s[i] / 65535.0f;
        break;
    }
    case VFX_PIXEL_F16: {
        const uint16_t *s = source;
        for (size_t i = 0; i < count; i++) out[i] = half_to_float(s[i]);
        break;
    }
    default:
        memcpy(out, source, count * 4);
    }
}

static void values_from_float_generic(const float *in, size_t count, void *destination, vfx_pixel_format format) {
    switch (format) {
    case VFX_PIXEL_U8: {
        uint8_t *d = destination;
        for (size_t i = 0; i < count; i++) d[i] = float_to_u8(in[i]);
        break;
    }
    case VFX_PIXEL_U16: {
        uint16_t *d = destination;
        for (size_t i = 0; i < count; i++) d[i] = float_to_u16(in[i]);
        break;
    }
    case VFX_PIXEL_F16: {
        uint16_t *d = destination;
        for (size_t i = 0; i < count; i++) d[i] = float_to_half(in[i]);
        break;
    }
    default:
        memcpy(destination, in, count * 4);
    }
}

// ---------------------------------------------------------------------------------
// Layout layer, portable.

enum { STAGE_PIXELS = 256 };

// Planar floats of `channels` (1..3) per pixel -> RGBA.
static void spread_generic(const float *in, int channels, size_t count, float *rgba) {
    switch (channels) {
    case 1:
        for (size_t i = 0; i < count; i++) {
            float v = in[i];
            rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; rgba[4 * i + 3] = 1.0f;
        }
        break;
    case 2:
        for (size_t i = 0; i < count; i++) {
            float v = in[2 * i];
            rgba[4 * i] = v; rgba[4 * i + 1] = v; rgba[4 * i + 2] = v; rgba[4 * i + 3] = in[2 * i + 1];
        }
        break;
    default:
        for (size_t i = 0; i < count; i++) {
            rgba[4 * i] = in[3 * i]; rgba[4 * i + 1] = in[3 * i + 1]; rgba[4 * i + 2] = in[3 * i + 2];
            rgba[4 * i + 3] = 1.0f;
        }
    }
}

// RGBA -> planar floats of `channels` (1..3): gray from R, two channels gray + alpha.
static void gather_generic(const float *rgba, size_t count, int channels, float *out) {
    switch (channels) {
    case 1:
        for (size_t i = 0; i < count; i++) out[i] = rgba[4 * i];
        break;
    case 2:
        for (size_t i = 0; i < count; i++) {
            out[2 * i] = rgba[4 * i]; out[2 * i + 1] = rgba[4 * i + 3];
        }
        break;
    default:
        for (size_t i = 0; i < count; i++) {
            out[3 * i] = rgba[4 * i]; out[3 * i + 1] = rgba[4 * i + 1]; out[3 * i + 2] = rgba[4 * i + 2];
        }
    }
}

// ---------------------------------------------------------------------------------
// Value layer, AVX2 + F16C: eight values per step, the tail through the portable code.
//
// Integers: v / 255 is not v * (1 / 255) in float (126 of the 256 codes differ), but
// it is float(double(v) * (1.0 / 255)): the double product is within 2^-52 relative of
// v / 255, which is never that close to a float rounding boundary (v / 255 is no
// dyadic rational except at 0 and 1, and its distance to one is at least 2^-25 / 255
// relative); the same holds for 65535. Two double multiplies beat one float division.

#if defined(__x86_64__)
#include "cpu_features.h"
#include "pixel_convert_simd.h"

#define AVX2_F16C VFX_AVX2_F16C

// Whole steps of eight u8 (bytes 1) or u16 (bytes 2) codes to floats; returns the values
// done. Always inlined with a constant `bytes`, so each format gets its own loop.
AVX2_F16C __attribute__((always_inline)) static inline size_t
codes_to_float_avx2(const void *source, int bytes, size_t count, float *out) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        _mm256_storeu_ps(out + i, vfx_codes8_to_float((const uint8_t *)source + i * (size_t)bytes, bytes));
    return i;
}

// The reverse: whole steps of eight floats to u8 or u16 codes (quantized).
AVX2_F16C __attribute__((always_inline)) static inline size_t
codes_from_float_avx2(const float *in, size_t count, void *destination, int bytes) {
    size_t i = 0;
    for (; i + 8 <= count; i += 8)
        vfx_codes8_from_float(_mm256_loadu_ps(in + i), (uint8_t *)destination + i * (size_t)bytes, bytes);
    return i;
}

AVX2_F16C static void values_to_float_avx2(const void *source, vfx_pixel_format format, size_t count, float *out) {
    size_t i = 0;
    switch (format) {
    case VFX_PIXEL_U8:
        i = codes_to_float_avx2(source, 1, count, out);
        break;
    case VFX_PIXEL_U16:
        i = codes_to_float_avx2(source, 2, count, out);
        break;
    case VFX_PIXEL_F16: {
        const uint16_t *s = source;
        for (; i + 8 <= count; i += 8)
            _mm256_storeu_ps(out + i, vfx_halves8_to_float(s + i));
        break;
    }
    default:
        memcpy(out, source, count * 4);
        return;
    }
    values_to_float_generic((const uint8_t *)source + i * vfx_pixel_format_bytes(format), format, count - i, out + i);
}

AVX2_F16C static void values_from_float_avx2(const float *in, size_t count, void *destination, vfx_pixel_format format) {
    size_t i = 0;
    switch (format) {
    case VFX_PIXEL_U8:
        i = codes_from_float_avx2(in, count, destination, 1);
        break;
    case VFX_PIXEL_U16:
        i = codes_from_float_avx2(in, count, destination, 2);
        break;
    case VFX_PIXEL_F16: {
        uint16_t *d = destination;
        for (; i + 8 <= count; i += 8)
            vfx_halves8_from_float(_mm256_loadu_ps(in + i), d + i);
        break;
    }
    default:
        memcpy(destination, in, count * 4);
        return;
    }
    values_from_float_generic(in + i, count - i, (uint8_t *)destination + i * vfx_pixel_format_bytes(format), format);
}


// Layout layer, AVX2: whole groups of pixels by lane permutes, the rest portably.
// Loads and stores stay inside the runs (the f32 path reads and writes image memory).

AVX2_F16C static void spread_avx2(const float *in, int channels, size_t count, float *rgba) {
    __m256 one = _mm256_set1_ps(1.0f);
    size_t i = 0;
    switch (channels) {
    case 1: {
        const __m256i pairs[4] = {
            _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1), _mm256_setr_epi32(2, 2, 2, 2, 3, 3, 3, 3),
            _mm256_setr_epi32(4, 4, 4, 4, 5, 5, 5, 5), _mm256_setr_epi32(6, 6, 6, 6, 7, 7, 7, 7)};
        for (; i + 8 <= count; i += 8) {
            __m256 v = _mm256_loadu_ps(in + i);
            for (int k = 0; k < 4; k++)
                _mm256_storeu_ps(rgba + 4 * i + 8 * k, _mm256_blend_ps(_mm256_permutevar8x32_ps(v, pairs[k]), one, 0x88));
        }
        break;
    }
    case 2: {
        __m256i low = _mm256_setr_epi32(0, 0, 0, 1, 2, 2, 2, 3), high = _mm256_setr_epi32(4, 4, 4, 5, 6, 6, 6, 7);
        for (; i + 4 <= count; i += 4) {
            __m256 v = _mm256_loadu_ps(in + 2 * i);
            _mm256_storeu_ps(rgba + 4 * i, _mm256_permutevar8x32_ps(v, low));
            _mm256_storeu_ps(rgba + 4 * i + 8, _mm256_permutevar8x32_ps(v, high));
        }
        break;
    }
    default:  // three channels: rgb_convert_avx2, whole groups of four pixels before this
        break;
    }
    spread_generic(in + (size_t)channels * i, channels, count - i, rgba + 4 * i);
}

AVX2_F16C static void gather_avx2(const float *rgba, size_t count, int channels, float *out) {
    size_t i = 0;
    switch (channels) {
    case 1: {
        // x of 8 pixels: unpack and shuffle to lane order 0 2 4 6 | 1 3 5 7, then permute.
        __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        for (; i + 8 <= count; i += 8) {
            const float *p = rgba + 4 * i;
            __m256 ab = _mm256_unpacklo_ps(_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8));
            __m256 cd = _mm256_unpacklo_ps(_mm256_loadu_ps(p + 16), _mm256_loadu_ps(p + 24));
            __m256 x = _mm256_shuffle_ps(ab, cd, _MM_SHUFFLE(1, 0, 1, 0));
            _mm256_storeu_ps(out + i, _mm256_permutevar8x32_ps(x, order));
        }
        break;
    }
    case 2: {
        __m256i low = _mm256_setr_epi32(0, 3, 4, 7, 0, 3, 4, 7);
        for (; i + 4 <= count; i += 4) {
            __m256 a = _mm256_permutevar8x32_ps(_mm256_loadu_ps(rgba + 4 * i), low);
            __m256 b = _mm256_permutevar8x32_ps(_mm256_loadu_ps(rgba + 4 * i + 8), low);
            _mm256_storeu_ps(out + 2 * i, _mm256_blend_ps(a, b, 0xF0));
        }
        break;
    }
    default:  // three channels: rgb_convert_avx2, whole groups of four pixels before this
        break;
    }
    gather_generic(rgba + 4 * i, count - i, channels, out + (size_t)channels * i);
}

// Three stored channels <-> RGBA floats in one pass (no staged floats between the
// conversion and the layout), for every format (f32 is the layout alone): four pixels
// (twelve values) per step, converted eight
// values at a time by the helpers every AVX2 conversion uses, so the bits are
// values_to_float's and values_from_float's. Always inlined with a constant format.
AVX2_F16C __attribute__((always_inline)) static inline size_t
rgb_to_rgba_avx2(const void *pixels, vfx_pixel_format format, size_t count, float *rgba) {
    // values 0..7 are r0 g0 b0 r1 g1 b1 r2 g2, values 4..11 g1 b1 r2 g2 b2 r3 g3 b3
    const __m256i first = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0);
    const __m256i second = _mm256_setr_epi32(2, 3, 4, 0, 5, 6, 7, 0);
    const __m256 one = _mm256_set1_ps(1.0f);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256 a = vfx_values8_load(pixels, format, 3 * i), b = vfx_values8_load(pixels, format, 3 * i + 4);
        _mm256_storeu_ps(rgba + 4 * i, _mm256_blend_ps(_mm256_permutevar8x32_ps(a, first), one, 0x88));
        _mm256_storeu_ps(rgba + 4 * i + 8, _mm256_blend_ps(_mm256_permutevar8x32_ps(b, second), one, 0x88));
    }
    return i;
}

// The reverse: values 0..7 and 4..11 of four pixels stored as two overlapping runs of
// eight (the four values both hold are the same).
AVX2_F16C __attribute__((always_inline)) static inline size_t
rgba_to_rgb_avx2(const float *rgba, size_t count, void *pixels, vfx_pixel_format format) {
    const __m256i head_a = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 0, 0), head_b = _mm256_setr_epi32(0, 0, 0, 0, 0, 0, 0, 1);
    const __m256i tail_a = _mm256_setr_epi32(5, 6, 0, 0, 0, 0, 0, 0), tail_b = _mm256_setr_epi32(0, 0, 0, 1, 2, 4, 5, 6);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256 a = _mm256_loadu_ps(rgba + 4 * i), b = _mm256_loadu_ps(rgba + 4 * i + 8);
        __m256 head = _mm256_blend_ps(_mm256_permutevar8x32_ps(a, head_a), _mm256_permutevar8x32_ps(b, head_b), 0xC0);
        __m256 tail = _mm256_blend_ps(_mm256_permutevar8x32_ps(a, tail_a), _mm256_permutevar8x32_ps(b, tail_b), 0xFC);
        vfx_values8_store(pixels, format, 3 * i, head);
        vfx_values8_store(pixels, format, 3 * i + 4, tail);
    }
    return i;
}

// rgb_to_rgba_avx2 or rgba_to_rgb_avx2 with the format made constant; returns the
// pixels done.
AVX2_F16C static size_t rgb_convert_avx2(void *pixels, vfx_pixel_format format, size_t count, float *rgba,
                                         int to_rgba) {
    switch (format) {
    case VFX_PIXEL_U8:
        return to_rgba ? rgb_to_rgba_avx2(pixels, VFX_PIXEL_U8, count, rgba)
                       : rgba_to_rgb_avx2(rgba, count, pixels, VFX_PIXEL_U8);
    case VFX_PIXEL_U16:
        return to_rgba ? rgb_to_rgba_avx2(pixels, VFX_PIXEL_U16, count, rgba)
                       : rgba_to_rgb_avx2(rgba, count, pixels, VFX_PIXEL_U16);
    case VFX_PIXEL_F16:
        return to_rgba ? rgb_to_rgba_avx2(pixels, VFX_PIXEL_F16, count, rgba)
                       : rgba_to_rgb_avx2(rgba, count, pixels, VFX_PIXEL_F16);
    default:
        return to_rgba ? rgb_to_rgba_avx2(pixels, VFX_PIXEL_F32, count, rgba)
                       : rgba_to_rgb_avx2(rgba, count, pixels, VFX_PIXEL_F32);
    }
}

static int forced_generic = 0;

static int use_avx2(void) { return !forced_generic && vfx_cpu_has(VFX_CPU_AVX2 | VFX_CPU_F16C); }

static void values_to_float(const void *source, vfx_pixel_format format, size_t count, float *out) {
    if (use_avx2()) values_to_float_avx2(source, format, count, out);
    else values_to_float_generic(source, format, count, out);
}

static void values_from_float(const float *in, size_t count, void *destination, vfx_pixel_format format) {
    if (use_avx2()) values_from_float_avx2(in, count, destination, format);
    else values_from_float_generic(in, count, destination, format);
}

static void spread(const float *in, int channels, size_t count, float *rgba) {
    if (use_avx2()) spread_avx2(in, channels, count, rgba);
    else spread_generic(in, channels, count, rgba);
}

static void gather(const float *rgba, size_t count, int channels, float *out) {
    if (use_avx2()) gather_avx2(rgba, count, channels, out);
    else gather_generic(rgba, count, channels, out);
}

void vfx_block_convert_force_generic(int generic) { forced_generic = generic; }
#else
#define values_to_float values_to_float_generic
#define values_from_float values_from_float_generic
#define spread spread_generic
#define gather gather_generic
void vfx_block_convert_force_generic(int generic) { (void)generic; }
#endif

void vfx_values_to_float(const void *values, vfx_pixel_format format, size_t count, float *out) {
    values_to_float(values, format, count, out);
}

void vfx_values_from_float(const float *in, size_t count, void *values, vfx_pixel_format format) {
    values_from_float(in, count, values, format);
}

// Copies the first four values of each of `count` pixels of `channels` values of
// `size` bytes between a pixel run and a packed run (to_packed, or back).
static void copy_first_four(const uint8_t *from, uint8_t *to, size_t count, size_t channels, size_t size, int to_packed) {
    size_t pixel = channels * size, four = 4 * size;
    for (size_t i = 0; i < count; i++) {
        if (to_packed) memcpy(to + i * four, from + i * pixel, four);
        else memcpy(to + i * pixel, from + i * four, four);
    }
}

// Pixels of `channels` values to RGBA floats (to_rgba) or back, a stage of STAGE_PIXELS
// at a time: more than four channels keep the first four, fewer are spread to RGBA (or
// gathered from it). Always inlined with a constant direction, so each direction is its
// own loop; the side that is only read is passed without const and never written.
__attribute__((always_inline)) static inline void
convert_pixels(void *pixels, vfx_pixel_format format, size_t channels, size_t count, float *rgba, int to_rgba) {
    if (channels == 4) {
        if (to_rgba) values_to_float(pixels, format, 4 * count, rgba);
        else values_from_float(rgba, 4 * count, pixels, format);
        return;
    }
    size_t size = vfx_pixel_format_bytes(format);
#if defined(__x86_64__)
    if (channels == 3 && use_avx2()) {
        size_t done = rgb_convert_avx2(pixels, format, count, rgba, to_rgba);
        pixels = (uint8_t *)pixels + done * 3 * size;
        rgba += 4 * done;
        count -= done;
    }
#endif
    float staged[4 * STAGE_PIXELS];
    uint8_t packed[16 * STAGE_PIXELS];
    for (size_t start = 0; start < count; start += STAGE_PIXELS) {
        size_t n = count - start < STAGE_PIXELS ? count - start : STAGE_PIXELS;
        uint8_t *run = (uint8_t *)pixels + start * channels * size;
        float *four = rgba + 4 * start;
        if (channels > 4 && to_rgba) {
            copy_first_four(run, packed, n, channels, size, 1);
            values_to_float(packed, format, 4 * n, four);
        } else if (channels > 4) {
            values_from_float(four, 4 * n, packed, format);
            copy_first_four(packed, run, n, channels, size, 0);
        } else if (format == VFX_PIXEL_F32) {
            if (to_rgba) spread((const float *)run, (int)channels, n, four);
            else gather(four, n, (int)channels, (float *)run);
        } else if (to_rgba) {
            values_to_float(run, format, channels * n, staged);
            spread(staged, (int)channels, n, four);
        } else {
            gather(four, n, (int)channels, staged);
            values_from_float(staged, channels * n, run, format);
        }
    }
}

void vfx_pixels_to_rgba(const void *pixels, vfx_pixel_format format, size_t channels, size_t count, float *rgba) {
    convert_pixels((void *)pixels, format, channels, count, rgba, 1);
}

void vfx_rgba_to_pixels(const float *rgba, size_t count, void *pixels, vfx_pixel_format format, size_t channels) {
    convert_pixels(pixels, format, channels, count, (float *)rgba, 0);
}
