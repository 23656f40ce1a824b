// The constants of fast_pow's log2 and exp2 (color_kernels.inc, color_pow_simd.inc; the
// GLSL port in gpu_common.glsl spells the same floats as bit patterns). Hex literals: each
// is exactly the float meant, with no decimal rounding in between. Accuracy: see
// Tests/python/test_pow_accuracy.py (1.6e-7 relative up to power 3).
//
// log2(x) = e + log2(c_i) + log2(1 + u), m = x / 2^e in [1, 2), i = m's top 4 mantissa bits,
// c_i = 1 + (2i + 1) / 32 the middle of m's 1/16-wide interval (so d = m - c_i is exact and
// |u| = |d / c_i| <= 1/33), log2(1 + u) = u * P(u) with P of degree 3 (minimax, 4.7e-10
// absolute on |u| <= 1/33). Where c_i > 1.4375 the table holds log2(c_i) - 1 and e goes up
// by one, so the log2(m) part stays within [-0.48, 0.53].
//
// 2^y = 2^k * 2^(j / 16) * 2^f, y rounded to n = k + j / 16, |f| <= 1/32: 2^(j/16) as a
// float plus its rounding error (so the sum rounds once), 2^f - 1 = f * Q(f) with Q of
// degree 2 (minimax, 1.6e-9 absolute).
#ifndef VFX_COLOR_POW_TABLES_H
#define VFX_COLOR_POW_TABLES_H

/* 1 / c_i, rounded */
static const float vfx_pow_inv_c[16] = {
    0x1.f07c2p-1f, 0x1.d41d42p-1f, 0x1.bacf92p-1f, 0x1.a41a42p-1f,
    0x1.8f9c18p-1f, 0x1.7d05f4p-1f, 0x1.6c16c2p-1f, 0x1.5c9882p-1f,
    0x1.4e5e0ap-1f, 0x1.414142p-1f, 0x1.3521dp-1f, 0x1.29e412p-1f,
    0x1.1f7048p-1f, 0x1.15b1e6p-1f, 0x1.0c9714p-1f, 0x1.041042p-1f};

/* log2(c_i), minus 1 for c_i > 1.4375 (i >= 7), rounded */
static const float vfx_pow_log2_c[16] = {
    0x1.6bad38p-5f, 0x1.08c588p-3f, 0x1.acf5e2p-3f, 0x1.24407ap-2f,
    0x1.6e221cp-2f, 0x1.b47ecp-2f, 0x1.f7a856p-2f, -0x1.c819dcp-2f,
    -0x1.8a898p-2f, -0x1.4f6fbcp-2f, -0x1.169c06p-2f, -0x1.bfc67ap-3f,
    -0x1.563dc2p-3f, -0x1.e0b1aep-4f, -0x1.1bb32ap-4f, -0x1.743ee8p-6f};

/* 2^(j / 16) rounded, and what the rounding left off */
static const float vfx_pow_exp2_j[16] = {
    0x1p+0f, 0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f,
    0x1.306fep+0f, 0x1.3dea64p+0f, 0x1.4bfdaep+0f, 0x1.5ab07ep+0f,
    0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f};
static const float vfx_pow_exp2_j_lo[16] = {
    0x0p+0f, 0x1.9f3122p-25f, -0x1.c15742p-27f, 0x1.ceac48p-25f,
    0x1.4636e2p-25f, 0x1.824684p-25f, -0x1.593abcp-25f, -0x1.5bd5ecp-27f,
    0x1.9fcef4p-26f, -0x1.829fdp-25f, 0x1.15506ep-27f, 0x1.51f848p-27f,
    -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f};

/* P(u) = L1 + u (L2 + u (L3 + u L4)) and Q(f) = E1 + f (E2 + f E3) */
#define VFX_POW_L1 0x1.715476p+0f
#define VFX_POW_L2 (-0x1.715472p-1f)
#define VFX_POW_L3 0x1.ecc774p-2f
#define VFX_POW_L4 (-0x1.71b46ep-2f)
#define VFX_POW_E1 0x1.62e43p-1f
#define VFX_POW_E2 0x1.ebfff6p-3f
#define VFX_POW_E3 0x1.c6b46cp-5f

/* c_i > 1.4375 from here: m >= 1.4375 */
#define VFX_POW_HIGH_M 1.4375f
/* 1.5 * 2^19: y + this keeps y to 1/16 (round to nearest even); its bits end in 4 zeros */
#define VFX_POW_ROUND16 786432.0f
#define VFX_POW_ROUND16_BITS 0x49400000u

#endif
