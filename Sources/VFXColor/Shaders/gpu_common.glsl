// Shared by every color shader of the Vulkan backend (included, never compiled alone).
//
// Layout (one pipeline layout for all shaders, see Sources/CVulkan): binding 0 holds the
// image as RGBA float32, binding 1 the op's parameters as 32-bit words (floats as bit
// patterns), binding 2 a table (LUT entries); push constants give the first pixel and
// the pixel count of this dispatch.
//
// Exactness: each shader repeats its CPU renderer's float operations in the same order.
// Results are `precise` (SPIR-V NoContraction), so no multiply-add is fused into an FMA
// and no algebra reorders them; comparisons and selects are written as the CPU code
// writes them (NaN goes where the CPU sends it). Vulkan requires add, subtract, multiply,
// compare and conversions to be correctly rounded / exact, and nothing more: division
// may be 2.5 ULP off and exp2/log2/pow are approximations. So the shaders use only the
// exact operations: every division the CPU code makes goes through vfx_div (correctly
// rounded, built from exact ones) or is a multiplication by an exact power of two.
// What Vulkan leaves open without float controls -- denormals flushed to zero, NaN and
// infinities not preserved -- the SPIR-V execution modes DenormPreserve and
// SignedZeroInfNanPreserve pin down on devices that support them (added when a
// pipeline is made, Sources/VFXGPU/ShaderVariants.swift). NaN and infinity tests are
// made on the bits (vfx_isnan, vfx_isinf; vfx_isnan64, vfx_isinf64 in transfer.glsl),
// which no "no NaN" assumption of a compiler can remove (ShaderTests checks that no
// shader uses GLSL's isnan/isinf), and
// every comparison whose NaN case matters sends NaN explicitly where the CPU does.

#include "pipeline_layout.glsl"

layout(std430, set = 0, binding = 2) readonly buffer Table { float table[]; };

vec3 pf3(uint i) { return vec3(pf(i), pf(i + 1), pf(i + 2)); }

// NaN and infinity from the bits (integer tests: no fast-math assumption removes them).
bool vfx_isnan(float x) { return (floatBitsToUint(x) & 0x7FFFFFFFu) > 0x7F800000u; }
bool vfx_isinf(float x) { return (floatBitsToUint(x) & 0x7FFFFFFFu) == 0x7F800000u; }

// Veltkamp's split: x == hi + lo exactly, each with at most 12 significant bits (so their
// products are exact). Needs |x| < 2^115 (no overflow in 4097 x).
void vfx_split(float x, out float hi, out float lo) {
    precise float c = 4097.0 * x;
    precise float h = c - (c - x);
    precise float l = x - h;
    hi = h;
    lo = l;
}

// a - q * b with Dekker's exact product: exact when q is within one float step of a / b
// (the remainder of a faithful quotient is a float), else a close approximation.
float vfx_residual(float a, float q, float b) {
    float qh, ql, bh, bl;
    vfx_split(q, qh, ql);
    vfx_split(b, bh, bl);
    precise float p = q * b;
    precise float e = ((qh * bh - p) + qh * bl + ql * bh) + ql * bl;
    precise float r = (a - p) - e;
    return r;
}

// a / b correctly rounded (as the CPU divides) from operations Vulkan requires to be
// correctly rounded, for finite a and b with a normal quotient and normal intermediate
// products (|a|, |b| and |a / b| within about 2^-100 .. 2^100; the callers' ranges are
// far inside it). OpFDiv gives q0 within 2.5 ULP; one correction by the residual gives a
// faithful q1 (within one step of a / b); its exact remainder then says whether a / b
// lies past the midpoint to the neighbour. A quotient of two floats is never exactly a
// midpoint (that would need 25 significant bits from 24 x 24), so no tie arises.
float vfx_div(float a, float b) {
    if (a == 0.0) {
        precise float zero = a * b;   // the sign of a / b for a zero a and finite b
        return zero;
    }
    float sign = (floatBitsToUint(a) ^ floatBitsToUint(b)) >= 0x80000000u ? -1.0 : 1.0;
    float x = abs(a), y = abs(b);
    precise float q0 = x / y;
    precise float r0 = vfx_residual(x, q0, y);
    precise float q1 = q0 + r0 / y;
    precise float r1 = vfx_residual(x, q1, y);
    uint bits = floatBitsToUint(q1);
    // the float next to q1 on the side of a / b, and the gap to it (both exact)
    precise float next = uintBitsToFloat(r1 > 0.0 ? bits + 1u : bits - 1u);
    precise float gap = r1 > 0.0 ? next - q1 : q1 - next;
    precise float limit = gap * y;      // exact: gap is a power of two
    precise float twice = 2.0 * abs(r1);
    float q = r1 != 0.0 && twice > limit ? next : q1;
    return sign * q;
}

// The pixel this invocation handles, or false past the end.
bool pixelIndex(out uint index) {
    uint local = gl_GlobalInvocationID.x;
    index = dispatch.first + local;
    return local < dispatch.count;
}

// fast_pow's tables (Sources/CPixelKernels/color_pow_tables.h): the first floats of every
// chain dispatch's table buffer (GPUKernel.powTables, copied from the C tables; the ops'
// own tables follow), at these offsets: 1 / c_i, log2(c_i) (minus 1 for i >= 13) and what
// its rounding left off, 2^(j/16) and its rounding error. Not GLSL const arrays: indexed
// at run time, SPIR-V copies a constant array into the invocation's memory at every call
// that reads it (lavapipe ran a CDL with a power about 5x slower so).
const uint VFX_TABLE_INV_C = 0u, VFX_TABLE_LOG2_C = 32u, VFX_TABLE_LOG2_C_LO = 64u;
const uint VFX_TABLE_EXP2_J = 96u, VFX_TABLE_EXP2_J_LO = 112u;
// fast_pow's polynomial coefficients, as the floats' bit patterns.
const uint VFX_POW_L1 = 0x3FB8AA3Bu, VFX_POW_L2 = 0xBF38AEDEu, VFX_POW_L3 = 0x3EF644F3u;
const uint VFX_POW_E1 = 0x3F317218u, VFX_POW_E2 = 0x3E75FFFBu, VFX_POW_E3 = 0x3D635A36u;

// The PQ kernels' extra constants (color_pow_tables.h, ops/transfer_pq.inc): the precise
// log2 and 2^f - 1 polynomials, 1 / m2 and 1 / m1 with their roundings.
const uint VFX_PQ_P0 = 0x3FB8AA3Bu, VFX_PQ_P0_LO = 0x32A57060u, VFX_PQ_P1 = 0xBF38AA3Bu;
const uint VFX_PQ_P2 = 0x3EF64380u, VFX_PQ_P3 = 0xBEB8B4ADu, VFX_PQ_R0 = 0x3E75FDF0u;
const uint VFX_PQ_R1 = 0x3D635979u, VFX_PQ_R2 = 0x3C1D963Eu, VFX_PQ_LN2 = 0x3F317218u;
const uint VFX_PQ_LN2_R = 0xB102E308u, VFX_PQ_INV_M2 = 0x3C4FCDACu, VFX_PQ_INV_M2_R = 0x2F413136u;
const uint VFX_PQ_INV_M1 = 0x40C8E06Bu, VFX_PQ_INV_M1_R = 0xB4118E9Du;

// log2(x) = e + l for positive finite x: the CPU kernels' log2_parts
// (Sources/CPixelKernels/color_kernels.inc), operation for operation: returns e as a
// float, sets l from the 32-entry tables (m's top 5 mantissa bits) and a degree-3 polynomial.
float vfx_log2_parts(float x, out float l) {
    precise float tiny = x < 1.175494351e-38 ? 16777216.0 : 1.0;
    precise float xs = x * tiny;
    uint bits = floatBitsToUint(xs);
    int e = int(bits >> 23) - 127 - (tiny > 1.0 ? 24 : 0);
    uint mb = (bits & 0x007FFFFFu) | 0x3F800000u;
    precise float m = uintBitsToFloat(mb);
    precise float c = uintBitsToFloat((mb & 0xFFFC0000u) | 0x00020000u);
    uint i = (bits >> 18) & 31u;
    e += m >= 1.40625 ? 1 : 0;
    precise float d = m - c;
    precise float u = d * table[VFX_TABLE_INV_C + i];
    precise float q = uintBitsToFloat(VFX_POW_L3);
    q = q * u + uintBitsToFloat(VFX_POW_L2);
    q = q * u + uintBitsToFloat(VFX_POW_L1);
    precise float lm = table[VFX_TABLE_LOG2_C + i] + u * q;
    l = lm;
    return float(e);
}

// 2^(a + small), a - n exact: the CPU kernels' exp2_parts (n = a + small to 1/16, 2^n
// from the table and two exact scalings, 2^f - 1 a degree-3 polynomial; +inf above 128,
// 0 below -150, from the clamps on y and f alone).
float vfx_exp2_parts(float a, float small) {
    precise float y = a + small;
    y = y < -160.0 ? -160.0 : (y > 130.0 ? 130.0 : y);
    precise float sy = y + 786432.0;
    precise float n = sy - 786432.0;
    uint sb = floatBitsToUint(sy);
    int ni = int(sb - 0x49400000u) >> 4;   // floor(n)
    uint j = sb & 15u;
    precise float f = (a - n) + small;
    f = f < -0.0322265625 ? -0.0322265625 : (f > 0.0322265625 ? 0.0322265625 : f);   // 1/32 + 2^-16
    precise float q = uintBitsToFloat(VFX_POW_E3);
    q = q * f + uintBitsToFloat(VFX_POW_E2);
    q = q * f + uintBitsToFloat(VFX_POW_E1);
    precise float qm1 = f * q;
    precise float t = table[VFX_TABLE_EXP2_J + j];
    precise float v = t + (t * qm1 + table[VFX_TABLE_EXP2_J_LO + j]);
    int halfExponent = ni >> 1;
    precise float f1 = uintBitsToFloat(uint(halfExponent + 127) << 23);
    precise float f2 = uintBitsToFloat(uint(ni - halfExponent + 127) << 23);
    precise float r = v * f1 * f2;
    return r;
}

// x^p for x > 0 (and +inf): the CPU kernels' fast_pow, operation for operation:
// log2_parts, the Dekker-split exponent product, exp2_parts.
float vfx_fast_pow(float x, float p) {
    float l;
    precise float ef = vfx_log2_parts(x, l);
    precise float p_hi = uintBitsToFloat(floatBitsToUint(p) & 0xFFFFF000u);
    precise float p_lo = p - p_hi;
    precise float a = p_hi * ef;
    precise float small = p_lo * ef + p * l;
    float r = vfx_exp2_parts(a, small);
    return vfx_isinf(x) ? uintBitsToFloat(0x7F800000u) : r;
}
