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
// writes them (NaN goes where the CPU sends it). On an IEEE-conformant device (lavapipe,
// desktop GPUs for add/mul/compare) the results equal the CPU backend bit for bit;
// division is the one operation Vulkan lets round less exactly (2.5 ULP).

layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) buffer Pixels { vec4 px[]; };
layout(std430, set = 0, binding = 1) readonly buffer Parameters { uint words[]; } parameters;
layout(std430, set = 0, binding = 2) readonly buffer Table { float table[]; };
layout(push_constant) uniform Dispatch { uint first; uint count; } dispatch;

float pf(uint i) { return uintBitsToFloat(parameters.words[i]); }
uint pu(uint i) { return parameters.words[i]; }
vec3 pf3(uint i) { return vec3(pf(i), pf(i + 1), pf(i + 2)); }

// The pixel this invocation handles, or false past the end.
bool pixelIndex(out uint index) {
    uint local = gl_GlobalInvocationID.x;
    index = dispatch.first + local;
    return local < dispatch.count;
}

// x^p for x > 0 (and +inf): the CPU kernels' fast_pow (Sources/CPixelKernels/
// color_kernels.inc), operation for operation: log2 by ln(m) = 2 atanh(s) on the
// mantissa, Dekker-split exponent product, 2^y by a degree-8 series and two scalings.
float vfx_fast_pow(float x, float p) {
    precise float tiny = x < 1.175494351e-38 ? 16777216.0 : 1.0;
    precise float xs = x * tiny;
    uint bits = floatBitsToUint(xs);
    int e = int(bits >> 23) - 127 - (tiny > 1.0 ? 24 : 0);
    precise float m = uintBitsToFloat((bits & 0x007FFFFFu) | 0x3F800000u);
    bool high = m > 1.414213538;
    m = high ? m * 0.5 : m;
    e += high ? 1 : 0;
    precise float s = (m - 1.0) / (m + 1.0);
    precise float s2 = s * s;
    precise float series = 9.090909362e-02;
    series = series * s2 + 1.111111119e-01;
    series = series * s2 + 1.428571492e-01;
    series = series * s2 + 2.000000030e-01;
    series = series * s2 + 3.333333433e-01;
    series = series * s2 + 1.0;
    precise float l = s * series * 2.885390043;
    precise float p_hi = uintBitsToFloat(floatBitsToUint(p) & 0xFFFFF000u);
    precise float p_lo = p - p_hi;
    precise float ef = float(e);
    precise float a = p_hi * ef;
    precise float small = p_lo * ef + p * l;
    precise float y = a + small;
    y = y < -160.0 ? -160.0 : (y > 130.0 ? 130.0 : y);
    precise float n = (y + 12582912.0) - 12582912.0;
    precise float f = (a - n) + small;
    f = f < -1.0 ? -1.0 : (f > 1.0 ? 1.0 : f);
    precise float t = f * 6.931471825e-01;
    precise float q = 2.480158764e-05;
    q = q * t + 1.984127011e-04;
    q = q * t + 1.388888923e-03;
    q = q * t + 8.333333768e-03;
    q = q * t + 4.166666791e-02;
    q = q * t + 1.666666716e-01;
    q = q * t + 0.5;
    q = q * t + 1.0;
    q = q * t + 1.0;
    int ni = int(n);
    int halfExponent = ni >> 1;
    precise float f1 = uintBitsToFloat(uint(halfExponent + 127) << 23);
    precise float f2 = uintBitsToFloat(uint(ni - halfExponent + 127) << 23);
    precise float r = q * f1 * f2;
    r = y > 128.0 ? uintBitsToFloat(0x7F800000u) : r;
    r = y < -150.0 ? 0.0 : r;
    return isinf(x) ? uintBitsToFloat(0x7F800000u) : r;
}
