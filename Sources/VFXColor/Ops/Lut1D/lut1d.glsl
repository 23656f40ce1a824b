// Lut1DOp (Lut1DRenderer.lookup) in the fused chain shader: a and b map x onto [0, 1]
// (x * a + b); the table, from t, holds size RGB triplets.
float lut1d_lookup(float x, uint c, uint size, float a, float b, uint t) {
    precise float last = float(size - 1u);
    precise float pos = (x * a + b) * last;
    pos = pos > 0.0 ? (pos < last ? pos : last) : 0.0;
    uint i = uint(pos);
    uint next = i + 1u < size ? i + 1u : i;
    precise float f = pos - float(i);
    float lo = table[t + 3u * i + c];
    float hi = table[t + 3u * next + c];
    precise float v = lo + f * (hi - lo);
    return v;
}

vec4 op_lut1d(vec4 p, uint b, uint t) {
    uint size = lut1d_size(b);
    vec3 a = lut1d_a(b), o = lut1d_b(b);
    return vec4(lut1d_lookup(p.x, 0u, size, a.x, o.x, t),
                lut1d_lookup(p.y, 1u, size, a.y, o.y, t),
                lut1d_lookup(p.z, 2u, size, a.z, o.z, t), p.w);
}

// Half-domain LUTs (HalfDomainLut1DRenderer): the table, from t, holds one RGB entry per
// half bit pattern; an input between two halves interpolates between their entries.

// Float16(x).bitPattern: round to nearest even, overflow to infinity, NaN quieted with
// its top payload bits (as F16C and compiler-rt convert).
uint lut1d_half_bits(float x) {
    uint bits = floatBitsToUint(x);
    uint sign = (bits >> 16) & 0x8000u;
    uint magnitude = bits & 0x7FFFFFFFu;
    if (magnitude > 0x7F800000u) return sign | 0x7E00u | ((magnitude & 0x7FFFFFu) >> 13);
    if (magnitude >= 0x477FF000u) return sign | 0x7C00u;
    if (magnitude < 0x38800000u) {
        precise float scaled = uintBitsToFloat(magnitude) * 16777216.0;
        return sign | uint(roundEven(scaled));
    }
    uint lsb = (magnitude >> 13) & 1u;
    return sign | ((magnitude - 0x38000000u + 0xFFFu + lsb) >> 13);
}

float lut1d_half_lookup(float x, uint c, uint t) {
    uint h = lut1d_half_bits(x);
    float hv = unpackHalf2x16(h).x;
    float a = table[t + 3u * h + c];
    if (hv == x || (h & 0x7C00u) == 0x7C00u) return a;
    bool negative = (h & 0x8000u) != 0u;
    // Float16.nextUp / nextDown on the bit pattern (zeros step to the smallest subnormals)
    uint up = h == 0x8000u ? 0x0001u : (negative ? h - 1u : h + 1u);
    uint down = h == 0x0000u ? 0x8001u : (negative ? h + 1u : h - 1u);
    uint other = x > hv ? up : down;
    float ov = unpackHalf2x16(other).x;
    float b = table[t + 3u * other + c];
    // (x - hv) / (ov - hv): the gap between neighbouring halves is a power of two (or
    // infinity past 65504), so the division is a multiplication by its exact reciprocal
    precise float distance = x - hv;
    precise float gap = abs(ov - hv);
    uint gapBits = floatBitsToUint(gap);
    // 1 / 2^k from the exponent bits; 1 / infinity = 0
    float reciprocal = gapBits >= 0x7F800000u ? 0.0 : uintBitsToFloat((254u - (gapBits >> 23)) << 23);
    precise float f = distance * (ov < hv ? -reciprocal : reciprocal);
    precise float v = a + f * (b - a);
    return v;
}

vec4 op_lut1d_half(vec4 p, uint b, uint t) {
    return vec4(lut1d_half_lookup(p.x, 0u, t), lut1d_half_lookup(p.y, 1u, t), lut1d_half_lookup(p.z, 2u, t), p.w);
}
