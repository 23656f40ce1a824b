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
// infinities not preserved -- chain_fc.comp / chain64_fc.comp pin down with the SPIR-V
// execution modes DenormPreserve and SignedZeroInfNanPreserve on devices that support
// them (GPUContext picks the variant). NaN and infinity tests are made on the bits
// (vfx_isnan, vfx_isinf), which no "no NaN" assumption of a compiler can remove, and
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

// fast_pow's tables and polynomial coefficients (Sources/CPixelKernels/color_pow_tables.h),
// as the floats' bit patterns: 1 / c_i, log2(c_i) (minus 1 for i >= 13), 2^(j/16) and its
// rounding error.
const uint VFX_POW_INV_C[32] = uint[](
    0x3F7C0FC1u, 0x3F74898Du, 0x3F6D7304u, 0x3F66C2B4u, 0x3F607038u, 0x3F5A740Eu, 0x3F54C77Bu, 0x3F4F6475u,
    0x3F4A4588u, 0x3F4565C8u, 0x3F40C0C1u, 0x3F3C5264u, 0x3F381703u, 0x3F340B41u, 0x3F302C0Bu, 0x3F2C7692u,
    0x3F28E83Fu, 0x3F257EB5u, 0x3F2237C3u, 0x3F1F1166u, 0x3F1C09C1u, 0x3F191F1Au, 0x3F164FDAu, 0x3F139A86u,
    0x3F10FDBCu, 0x3F0E7835u, 0x3F0C08C1u, 0x3F09AE41u, 0x3F0767ABu, 0x3F053408u, 0x3F03126Fu, 0x3F010204u);
const uint VFX_POW_LOG2_C[32] = uint[](
    0x3CB73CB2u, 0x3D8759C5u, 0x3DDE4212u, 0x3E19574Fu, 0x3E42615Fu, 0x3E6A4F72u, 0x3E88983Fu, 0x3E9B8926u,
    0x3EAE00D2u, 0x3EC0052Bu, 0x3ED19BB0u, 0x3EE2C97Du, 0x3EF39355u, 0xBEFC0257u, 0xBEEBF360u, 0xBEDC3BE3u,
    0xBECCD839u, 0xBEBDC4F8u, 0xBEAEFEE8u, 0xBEA08301u, 0xBE924E69u, 0xBE845E70u, 0xBE6D6117u, 0xBE5284A6u,
    0xBE382302u, 0xBE1E37DBu, 0xBE04BF1Cu, 0xBDD769C9u, 0xBDA62B08u, 0xBD6B75E9u, 0xBD0C25C7u, 0xBC3963DDu);
const uint VFX_POW_EXP2_J[16] = uint[](
    0x3F800000u, 0x3F85AAC3u, 0x3F8B95C2u, 0x3F91C3D3u, 0x3F9837F0u, 0x3F9EF532u, 0x3FA5FED7u, 0x3FAD583Fu,
    0x3FB504F3u, 0x3FBD08A4u, 0x3FC5672Au, 0x3FCE248Cu, 0x3FD744FDu, 0x3FE0CCDFu, 0x3FEAC0C7u, 0x3FF5257Du);
const uint VFX_POW_EXP2_J_LO[16] = uint[](
    0x00000000u, 0x334F9891u, 0xB260ABA1u, 0x33675624u, 0x33231B71u, 0x33412342u, 0xB32C9D5Eu, 0xB22DEAF6u,
    0x32CFE77Au, 0xB3414FE8u, 0x320AA837u, 0x3228FC24u, 0xB2D4A58Au, 0xB21EAB59u, 0xB24116DEu, 0x32292436u);
const uint VFX_POW_L1 = 0x3FB8AA3Bu, VFX_POW_L2 = 0xBF38AEDEu, VFX_POW_L3 = 0x3EF644F3u;
const uint VFX_POW_E1 = 0x3F317218u, VFX_POW_E2 = 0x3E75FFFBu, VFX_POW_E3 = 0x3D635A36u;

// The PQ kernels' extra constants (color_pow_tables.h, ops/transfer_pq.inc): what
// VFX_POW_LOG2_C left off, the precise log2 and 2^f - 1 polynomials, 1 / m2 and 1 / m1
// with their roundings.
const uint VFX_POW_LOG2_C_LO[32] = uint[](
    0x318B85A4u, 0xAEBAC0CBu, 0x2F2DABBAu, 0x309E2B87u, 0xB1FD0FC5u, 0x31C32597u, 0xB1A59E91u, 0x326A4CDFu,
    0xB1C0852Fu, 0x31458715u, 0x3227F605u, 0x325295B5u, 0x30F3AA69u, 0xB20D0CD0u, 0xB22BC358u, 0x3204E4F9u,
    0xB2296C6Bu, 0xB133CAABu, 0x3261151Fu, 0x3203C136u, 0xB2313CD7u, 0xB2595FA3u, 0x31C1BBE3u, 0x31AB2D7Du,
    0x31E38608u, 0xB1219BCAu, 0xB1CE6065u, 0x30A93316u, 0x2FCBA83Cu, 0x2EE01402u, 0xB018AD5Fu, 0xAE83DCCAu);
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
    precise float u = d * uintBitsToFloat(VFX_POW_INV_C[i]);
    precise float q = uintBitsToFloat(VFX_POW_L3);
    q = q * u + uintBitsToFloat(VFX_POW_L2);
    q = q * u + uintBitsToFloat(VFX_POW_L1);
    precise float lm = uintBitsToFloat(VFX_POW_LOG2_C[i]) + u * q;
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
    precise float t = uintBitsToFloat(VFX_POW_EXP2_J[j]);
    precise float v = t + (t * qm1 + uintBitsToFloat(VFX_POW_EXP2_J_LO[j]));
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
