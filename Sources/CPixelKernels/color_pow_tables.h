// The constants of fast_pow's log2 and exp2 (color_kernels.inc, color_pow_simd.inc; the
// GPU shaders read the tables from here, through vfx_pow_tables and GPUKernel.powTables, and
// gpu_common.glsl spells the scalar coefficients as bit patterns). Hex literals: each
// is exactly the float meant, with no decimal rounding in between. Accuracy: see
// Tests/python/test_pow_accuracy.py (its bound and how it is derived).
//
// log2(x) = e + log2(c_i) + log2(1 + u), m = x / 2^e in [1, 2), i = m's top 5 mantissa bits,
// c_i = 1 + (2i + 1) / 64 the middle of m's 1/32-wide interval (so d = m - c_i is exact and
// |u| = |d / c_i| <= 1/65), log2(1 + u) = u * P(u) with P of degree 2 (minimax, 3.5e-9
// absolute on |u| <= 1/65; 5.4e-9 evaluated in float, its roundings included). Where
// c_i > 1.40625 the table holds log2(c_i) - 1 and e goes up by one, so the log2(m) part
// stays within [-0.51, 0.50) and every table entry below 0.5 in magnitude (a float step
// of 3e-8 at most, half the one above 0.5). (A 16-entry table needed P of degree 3: one
// multiply and one add more per value; the 32 entries are one permute on AVX-512.)
//
// 2^y = 2^k * 2^(j / 16) * 2^f, y rounded to n = k + j / 16, |f| <= 1/32: 2^(j/16) as a
// float plus its rounding error (so the sum rounds once), 2^f - 1 = f * Q(f) with Q of
// degree 2 (minimax, 1.6e-9 absolute).
#ifndef VFX_COLOR_POW_TABLES_H
#define VFX_COLOR_POW_TABLES_H

/* 1 / c_i, rounded */
static const float vfx_pow_inv_c[32] = {
    0x1.f81f82p-1f, 0x1.e9131ap-1f, 0x1.dae608p-1f, 0x1.cd8568p-1f,
    0x1.c0e07p-1f, 0x1.b4e81cp-1f, 0x1.a98ef6p-1f, 0x1.9ec8eap-1f,
    0x1.948b1p-1f, 0x1.8acb9p-1f, 0x1.818182p-1f, 0x1.78a4c8p-1f,
    0x1.702e06p-1f, 0x1.681682p-1f, 0x1.605816p-1f, 0x1.58ed24p-1f,
    0x1.51d07ep-1f, 0x1.4afd6ap-1f, 0x1.446f86p-1f, 0x1.3e22ccp-1f,
    0x1.381382p-1f, 0x1.323e34p-1f, 0x1.2c9fb4p-1f, 0x1.27350cp-1f,
    0x1.21fb78p-1f, 0x1.1cf06ap-1f, 0x1.181182p-1f, 0x1.135c82p-1f,
    0x1.0ecf56p-1f, 0x1.0a681p-1f, 0x1.0624dep-1f, 0x1.020408p-1f};

/* log2(c_i), minus 1 for c_i > 1.40625 (i >= 13), rounded; entry 0 is instead the float
   that makes log2(1) exactly 0 (minus u * P(u) at m = 1 as the kernels round it), two
   float steps (3.7e-9) below log2(c_0): a CLF log of 1.0 is 0, as in OCIO. */
static const float vfx_pow_log2_c[32] = {
    0x1.6e7964p-6f, 0x1.0eb38ap-4f, 0x1.bc8424p-4f, 0x1.32ae9ep-3f,
    0x1.84c2bep-3f, 0x1.d49ee4p-3f, 0x1.11307ep-2f, 0x1.37124cp-2f,
    0x1.5c01a4p-2f, 0x1.800a56p-2f, 0x1.a3376p-2f, 0x1.c592fap-2f,
    0x1.e726aap-2f, -0x1.f804aep-2f, -0x1.d7e6cp-2f, -0x1.b877c6p-2f,
    -0x1.99b072p-2f, -0x1.7b89fp-2f, -0x1.5dfddp-2f, -0x1.410602p-2f,
    -0x1.249cd2p-2f, -0x1.08bcep-2f, -0x1.dac22ep-3f, -0x1.a5094cp-3f,
    -0x1.704604p-3f, -0x1.3c6fb6p-3f, -0x1.097e38p-3f, -0x1.aed392p-4f,
    -0x1.4c561p-4f, -0x1.d6ebd2p-5f, -0x1.184b8ep-5f, -0x1.72c7bap-7f};

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

/* P(u) = L1 + u (L2 + u L3) and Q(f) = E1 + f (E2 + f E3) */
#define VFX_POW_L1 0x1.715476p+0f
#define VFX_POW_L2 (-0x1.715dbcp-1f)
#define VFX_POW_L3 0x1.ec89e6p-2f
#define VFX_POW_E1 0x1.62e43p-1f
#define VFX_POW_E2 0x1.ebfff6p-3f
#define VFX_POW_E3 0x1.c6b46cp-5f

/* exp2's clamp on f: 1/32 + 2^-16 */
#define VFX_POW_F_LIMIT 0x1.08p-5f
/* c_i > 1.40625 from here: m >= 1.40625 */
#define VFX_POW_HIGH_M 1.40625f
/* 1.5 * 2^19: y + this keeps y to 1/16 (round to nearest even); its bits end in 4 zeros */
#define VFX_POW_ROUND16 786432.0f
#define VFX_POW_ROUND16_BITS 0x49400000u

/* What vfx_pow_log2_c left off: log2(c_i) (minus 1 for i >= 13) - vfx_pow_log2_c[i],
   rounded (entry 0 included: it completes log2(c_0), not the log2(1) = 0 entry). The PQ
   kernels' precise log2 (ops/transfer_pq.inc) reads both. */
static const float vfx_pow_log2_c_lo[32] = {
    0x1.170b48p-28f, -0x1.758196p-34f, 0x1.5b5774p-33f, 0x1.3c570ep-30f,
    -0x1.fa1f8ap-28f, 0x1.864b2ep-28f, -0x1.4b3d22p-28f, 0x1.d499bep-27f,
    -0x1.810a5ep-28f, 0x1.8b0e2ap-29f, 0x1.4fec0ap-27f, 0x1.a52b6ap-27f,
    0x1.e754d2p-30f, -0x1.1a19ap-27f, -0x1.5786bp-27f, 0x1.09c9f2p-27f,
    -0x1.52d8d6p-27f, -0x1.679556p-29f, 0x1.c22a3ep-27f, 0x1.07826cp-27f,
    -0x1.6279aep-27f, -0x1.b2bf46p-27f, 0x1.8377c6p-28f, 0x1.565afap-28f,
    0x1.c70c1p-28f, -0x1.433794p-29f, -0x1.9cc0cap-28f, 0x1.52662cp-30f,
    0x1.975078p-32f, 0x1.c02804p-34f, -0x1.315abep-31f, -0x1.07b994p-34f};

/* The PQ kernels' precise log2(1 + u) = u (P0 + P0_LO) + u^2 (P1 + u (P2 + u P3)) on
   |u| <= 1/65 (degree 4, least squares on Chebyshev nodes: 2.4e-10 absolute with these
   floats), and 2^f - 1 = f ln2 + f^2 (R0 + f (R1 + f R2)) on |f| <= 1/32 + 2^-16
   (5.5e-12 absolute), ln2 = LN2 + LN2_R. */
#define VFX_PQ_P0 0x1.715476p+0f
#define VFX_PQ_P0_LO 0x1.4ae0cp-26f
#define VFX_PQ_P1 (-0x1.715476p-1f)
#define VFX_PQ_P2 0x1.ec87p-2f
#define VFX_PQ_P3 (-0x1.71695ap-2f)
#define VFX_PQ_R0 0x1.ebfbe0p-3f
#define VFX_PQ_R1 0x1.c6b2f2p-5f
#define VFX_PQ_R2 0x1.3b2c7cp-7f
#define VFX_PQ_LN2 0x1.62e43p-1f
#define VFX_PQ_LN2_R (-0x1.05c61p-29f)

/* SMPTE ST 2084's constants (exact in float) and 1 / m2, 1 / m1 with their roundings */
#define VFX_PQ_M1 0.1593017578125f      /* 2610 / 16384: 11 bits, so m1 * e is exact */
#define VFX_PQ_M2 78.84375f             /* 2523 / 32: 12 bits */
#define VFX_PQ_C1 0.8359375f
#define VFX_PQ_C2 18.8515625f
#define VFX_PQ_C3 18.6875f
#define VFX_PQ_K 0.1640625f             /* 1 - c1 = c2 - c3 */
#define VFX_PQ_INV_M2 0x1.9f9b58p-7f    /* 1 / m2 rounded, and its rounding */
#define VFX_PQ_INV_M2_R 0x1.82626cp-33f
#define VFX_PQ_INV_M1 0x1.91c0d6p+2f    /* 1 / m1 rounded, and its rounding */
#define VFX_PQ_INV_M1_R (-0x1.231d3ap-23f)

#endif
