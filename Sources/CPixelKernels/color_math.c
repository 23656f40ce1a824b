#include "VFXColorMath.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

// log2(x) = e + log2(m), m in [sqrt(1/2), sqrt(2)), via ln(m) = 2 atanh(s).
// The exponent product and 2^y reduction run in double so float rounding of
// p * log2(x) is not amplified; every step is branch-free for the vectorizer.
static inline float fast_pow(float x, float p) {
    uint32_t bits;
    float tiny = x < 1.17549435e-38f ? 16777216.0f : 1.0f;
    float xs = x * tiny;
    memcpy(&bits, &xs, 4);
    int32_t e = (int32_t)(bits >> 23) - 127 - (tiny > 1.0f ? 24 : 0);
    uint32_t mb = (bits & 0x007FFFFFu) | 0x3F800000u;
    float m;
    memcpy(&m, &mb, 4);
    int high = m > 1.41421356f;
    m = high ? m * 0.5f : m;
    e += high;
    float s = (m - 1.0f) / (m + 1.0f);
    float s2 = s * s;
    float series = 1.0f / 11;
    series = series * s2 + 1.0f / 9;
    series = series * s2 + 1.0f / 7;
    series = series * s2 + 1.0f / 5;
    series = series * s2 + 1.0f / 3;
    series = series * s2 + 1.0f;
    float l = s * series * 2.8853900817779268f;
    double y = (double)p * ((double)e + (double)l);
    y = y < -160.0 ? -160.0 : (y > 130.0 ? 130.0 : y);
    double n = (y + 6755399441055744.0) - 6755399441055744.0;  // round to nearest even, no libm call
    float f = (float)(y - n);
    float t = f * 0.69314718f;
    float q = 1.0f / 40320;
    q = q * t + 1.0f / 5040;
    q = q * t + 1.0f / 720;
    q = q * t + 1.0f / 120;
    q = q * t + 1.0f / 24;
    q = q * t + 1.0f / 6;
    q = q * t + 0.5f;
    q = q * t + 1.0f;
    q = q * t + 1.0f;
    int32_t ni = (int32_t)n;
    int32_t half = ni >> 1;  /* a shift, not a division: no vector integer divide */
    uint32_t b1 = (uint32_t)(half + 127) << 23;
    uint32_t b2 = (uint32_t)(ni - half + 127) << 23;
    float f1, f2;
    memcpy(&f1, &b1, 4);
    memcpy(&f2, &b2, 4);
    float r = q * f1 * f2;
    r = y > 128.0 ? INFINITY : r;
    r = y < -150.0 ? 0.0f : r;
    return x == INFINITY ? INFINITY : r;
}

float vfx_fast_pow(float x, float p) { return fast_pow(x, p); }

// One pixel per iteration with the three channels written out: the vectorizer then
// runs four pixels at once (a per-lane power table would need gathers and scalarize).
void vfx_pow_rgb_positive(float *rgba, size_t count, const float power[3]) {
    const float p0 = power[0], p1 = power[1], p2 = power[2];
    for (size_t i = 0; i < count; i++) {
        float *p = rgba + 4 * i;
        float r = p[0], g = p[1], b = p[2];
        float rr = fast_pow(r > 0.0f ? r : 1.0f, p0);
        float gg = fast_pow(g > 0.0f ? g : 1.0f, p1);
        float bb = fast_pow(b > 0.0f ? b : 1.0f, p2);
        p[0] = r > 0.0f ? rr : r;
        p[1] = g > 0.0f ? gg : g;
        p[2] = b > 0.0f ? bb : b;
    }
}

void vfx_contrast_rgb(float *rgba, size_t count, float amount, float in_scale, float out_scale) {
    for (size_t i = 0; i < count; i++) {
        float *p = rgba + 4 * i;
        float r = p[0] * in_scale, g = p[1] * in_scale, b = p[2] * in_scale;
        float rr = fast_pow(r > 0.0f ? r : 1.0f, amount) * out_scale;
        float gg = fast_pow(g > 0.0f ? g : 1.0f, amount) * out_scale;
        float bb = fast_pow(b > 0.0f ? b : 1.0f, amount) * out_scale;
        p[0] = r > 0.0f ? rr : 0.0f;
        p[1] = g > 0.0f ? gg : 0.0f;
        p[2] = b > 0.0f ? bb : 0.0f;
    }
}

void vfx_matrix_rgba(float *rgba, size_t count, const float m[16], const float o[4]) {
    const float m00 = m[0], m01 = m[1], m02 = m[2], m03 = m[3];
    const float m10 = m[4], m11 = m[5], m12 = m[6], m13 = m[7];
    const float m20 = m[8], m21 = m[9], m22 = m[10], m23 = m[11];
    const float m30 = m[12], m31 = m[13], m32 = m[14], m33 = m[15];
    for (size_t i = 0; i < count; i++) {
        float *p = rgba + 4 * i;
        float r = p[0], g = p[1], b = p[2], a = p[3];
        p[0] = m00 * r + m01 * g + m02 * b + m03 * a + o[0];
        p[1] = m10 * r + m11 * g + m12 * b + m13 * a + o[1];
        p[2] = m20 * r + m21 * g + m22 * b + m23 * a + o[2];
        p[3] = m30 * r + m31 * g + m32 * b + m33 * a + o[3];
    }
}

static inline float clamp01(float v) { return v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f; }

void vfx_cdl_rgb(float *rgba, size_t count, const float slope[3], const float offset[3],
                 const float power[3], float saturation, int clamp) {
    const float s0 = slope[0], s1 = slope[1], s2 = slope[2];
    const float o0 = offset[0], o1 = offset[1], o2 = offset[2];
    const float p0 = power[0], p1 = power[1], p2 = power[2];
    const int unit_power = p0 == 1.0f && p1 == 1.0f && p2 == 1.0f;
    for (size_t i = 0; i < count; i++) {
        float *p = rgba + 4 * i;
        float r = p[0] * s0 + o0, g = p[1] * s1 + o1, b = p[2] * s2 + o2;
        if (clamp) { r = clamp01(r); g = clamp01(g); b = clamp01(b); }
        if (!unit_power) {
            float rr = fast_pow(r > 0.0f ? r : 1.0f, p0);
            float gg = fast_pow(g > 0.0f ? g : 1.0f, p1);
            float bb = fast_pow(b > 0.0f ? b : 1.0f, p2);
            r = r > 0.0f ? rr : r;
            g = g > 0.0f ? gg : g;
            b = b > 0.0f ? bb : b;
        }
        if (saturation != 1.0f) {  /* y + 1 * (v - y) is not exactly v in floats */
            float y = 0.2126f * r + 0.7152f * g + 0.0722f * b;
            r = y + saturation * (r - y);
            g = y + saturation * (g - y);
            b = y + saturation * (b - y);
        }
        if (clamp) { r = clamp01(r); g = clamp01(g); b = clamp01(b); }
        p[0] = r; p[1] = g; p[2] = b;
    }
}
