// Per-channel lookup tables over every stored value (VFXColor's ChannelTables): a run of
// per-channel color ops baked once into a table per channel, indexed by the stored
// half or integer value itself. Pixel p's channel c becomes table[offsets[c] + v], v
// its stored value (the half's bit pattern, the integer code); channels that share a
// table share an offset. AVX2 gathers take eight values at a time; a portable loop does
// the rest, and everything where AVX2 is missing. Both read the same entries, so the bits agree.
#include "CPixelKernels.h"

// Pixel by pixel, each channel through its table (3 or 4 channels).
#define LOOKUP_LOOP(value_type, entry_type)                                                    \
    {                                                                                           \
        const value_type *s = source;                                                           \
        const entry_type *t = table;                                                            \
        const entry_type *t0 = t + offsets[0], *t1 = t + offsets[1], *t2 = t + offsets[2];     \
        const entry_type *t3 = t + offsets[channels == 4 ? 3 : 0];                              \
        for (size_t p = 0; p < pixels; p++, s += channels) {                                    \
            entry_type r = t0[s[0]], g = t1[s[1]], b = t2[s[2]];                                 \
            entry_type a = channels == 4 ? t3[s[3]] : (entry_type)1;                             \
            OUT(r, g, b, a);                                                                     \
        }                                                                                       \
    }

static void lookup_stored_generic(const void *source, void *destination, vfx_pixel_format format, size_t pixels,
                                  int channels, const void *table, const int32_t offsets[4]) {
#define OUT(r, g, b, a) do { d[0] = r; d[1] = g; d[2] = b; if (channels == 4) d[3] = a; d += channels; } while (0)
    if (format == VFX_PIXEL_U8) {
        uint8_t *d = destination;
        LOOKUP_LOOP(uint8_t, uint8_t)
    } else {
        uint16_t *d = destination;
        LOOKUP_LOOP(uint16_t, uint16_t)
    }
#undef OUT
}

static void lookup_rgba_generic(const void *source, vfx_pixel_format format, size_t pixels, int channels,
                                const float *table, const int32_t offsets[4], float *rgba) {
    float *d = rgba;
#define OUT(r, g, b, a) do { d[0] = r; d[1] = g; d[2] = b; d[3] = channels == 4 ? a : 1.0f; d += 4; } while (0)
    if (format == VFX_PIXEL_U8) LOOKUP_LOOP(uint8_t, float)
    else LOOKUP_LOOP(uint16_t, float)
#undef OUT
}

#if defined(__x86_64__)
#include <immintrin.h>

#include "cpu_features.h"

#define AVX2 __attribute__((target("avx2")))

// Eight stored values (u8 when bytes is 1, else 16-bit) widened to 32 bits.
AVX2 __attribute__((always_inline)) static inline __m256i values8(const void *source, int bytes) {
    return bytes == 1 ? _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)source))
                      : _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)source));
}

// The same as indices into the table.
AVX2 __attribute__((always_inline)) static inline __m256i indices8(const void *source, int bytes, __m256i offset) {
    return _mm256_add_epi32(values8(source, bytes), offset);
}

// Three runs of eight values (six pixels of four channels, eight of three) per step;
// returns the pixels done. Run k's lane j holds channel (8k + j) % channels. A gather
// reads 32 bits at each entry, so the table has bytes to spare after its last entry
// (see the header).
AVX2 __attribute__((always_inline)) static inline size_t
lookup_stored_avx2(const void *source, void *destination, int bytes, int channels, size_t pixels,
                   const void *table, const int32_t o[4]) {
    __m256i offset[3];
    for (int k = 0; k < 3; k++) {
        int32_t lanes[8];
        for (int j = 0; j < 8; j++) lanes[j] = o[(8 * k + j) % channels];
        offset[k] = _mm256_loadu_si256((const __m256i *)lanes);
    }
    const __m256i mask = _mm256_set1_epi32(bytes == 1 ? 0xFF : 0xFFFF);
    const int *base = table;
    const char *s = source;
    char *d = destination;
    size_t step = 24 / (size_t)channels, p = 0;
    for (; p + step <= pixels; p += step) {
        for (int k = 0; k < 3; k++, s += 8 * bytes, d += 8 * bytes) {
            __m256i index = indices8(s, bytes, offset[k]);
            __m256i g = bytes == 1 ? _mm256_i32gather_epi32(base, index, 1) : _mm256_i32gather_epi32(base, index, 2);
            g = _mm256_and_si256(g, mask);
            __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(g), _mm256_extracti128_si256(g, 1));
            if (bytes == 1) _mm_storel_epi64((__m128i *)d, _mm_packus_epi16(words, words));
            else _mm_storeu_si128((__m128i *)d, words);
        }
    }
    return p;
}

// Four pixels per step; returns the pixels done.
AVX2 __attribute__((always_inline)) static inline size_t
lookup_rgba4_avx2(const void *source, int bytes, size_t pixels, const float *table, const int32_t o[4], float *rgba) {
    const __m256i offset = _mm256_setr_epi32(o[0], o[1], o[2], o[3], o[0], o[1], o[2], o[3]);
    const char *s = source;
    size_t p = 0;
    for (; p + 4 <= pixels; p += 4, s += 16 * bytes) {
        _mm256_storeu_ps(rgba + 4 * p, _mm256_i32gather_ps(table, indices8(s, bytes, offset), 4));
        _mm256_storeu_ps(rgba + 4 * p + 8, _mm256_i32gather_ps(table, indices8(s + 8 * bytes, bytes, offset), 4));
    }
    return p;
}

// Three channels: two pixels (six values, spread to r g b r g b by a permute, the alpha
// lanes 1) per gather; the load takes eight values, so it stops short of the end.
AVX2 __attribute__((always_inline)) static inline size_t
lookup_rgba3_avx2(const void *source, int bytes, size_t pixels, const float *table, const int32_t o[4], float *rgba) {
    const __m256i offset = _mm256_setr_epi32(o[0], o[1], o[2], o[0], o[0], o[1], o[2], o[0]);
    const __m256i spread = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 3);
    const __m256 one = _mm256_set1_ps(1.0f);
    const char *s = source;
    size_t p = 0;
    for (; 3 * p + 8 <= 3 * pixels; p += 2, s += 6 * bytes) {
        __m256i index = _mm256_add_epi32(_mm256_permutevar8x32_epi32(values8(s, bytes), spread), offset);
        _mm256_storeu_ps(rgba + 4 * p, _mm256_blend_ps(_mm256_i32gather_ps(table, index, 4), one, 0x88));
    }
    return p;
}

// The loops, one per value size and layout.
AVX2 static size_t lookup_stored_dispatch_avx2(const void *source, void *destination, vfx_pixel_format format,
                                               int channels, size_t pixels, const void *table, const int32_t o[4]) {
    if (format == VFX_PIXEL_U8) {
        return channels == 4 ? lookup_stored_avx2(source, destination, 1, 4, pixels, table, o)
                             : lookup_stored_avx2(source, destination, 1, 3, pixels, table, o);
    }
    return channels == 4 ? lookup_stored_avx2(source, destination, 2, 4, pixels, table, o)
                         : lookup_stored_avx2(source, destination, 2, 3, pixels, table, o);
}

AVX2 static size_t lookup_rgba_dispatch_avx2(const void *source, vfx_pixel_format format, int channels,
                                             size_t pixels, const float *table, const int32_t o[4], float *rgba) {
    if (format == VFX_PIXEL_U8) {
        return channels == 4 ? lookup_rgba4_avx2(source, 1, pixels, table, o, rgba)
                             : lookup_rgba3_avx2(source, 1, pixels, table, o, rgba);
    }
    return channels == 4 ? lookup_rgba4_avx2(source, 2, pixels, table, o, rgba)
                         : lookup_rgba3_avx2(source, 2, pixels, table, o, rgba);
}

static int forced_generic = 0;

static int use_avx2(void) { return !forced_generic && vfx_cpu_has(VFX_CPU_AVX2); }

void vfx_lookup_force_generic(int generic) { forced_generic = generic; }
#else
void vfx_lookup_force_generic(int generic) { (void)generic; }
#endif

void vfx_lookup_stored(const void *source, void *destination, vfx_pixel_format format, size_t pixels,
                       int channels, const void *table, const int32_t offsets[4]) {
    size_t done = 0;
#if defined(__x86_64__)
    if (use_avx2()) done = lookup_stored_dispatch_avx2(source, destination, format, channels, pixels, table, offsets);
#endif
    size_t bytes = vfx_pixel_format_bytes(format) * (size_t)channels * done;
    lookup_stored_generic((const char *)source + bytes, (char *)destination + bytes, format, pixels - done,
                          channels, table, offsets);
}

void vfx_lookup_rgba(const void *source, vfx_pixel_format format, size_t pixels, int channels,
                     const float *table, const int32_t offsets[4], float *rgba) {
    size_t done = 0;
#if defined(__x86_64__)
    if (use_avx2()) done = lookup_rgba_dispatch_avx2(source, format, channels, pixels, table, offsets, rgba);
#endif
    size_t bytes = vfx_pixel_format_bytes(format) * (size_t)channels * done;
    lookup_rgba_generic((const char *)source + bytes, format, pixels - done, channels, table, offsets,
                        rgba + 4 * done);
}
