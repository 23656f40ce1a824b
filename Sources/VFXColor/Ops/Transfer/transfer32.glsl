// FloatCurveKernel in the fused chain shader: the float32 transfer curves of the CPU
// kernels (Sources/CPixelKernels/color_kernels.inc, transfer_*_1), operation for
// operation (`precise`: no FMA), so each result is the same float. Parameters: the kind
// (0 power, 1 gamma, 2 log encode, 3 log decode, 4 and 5 their split forms), then the
// constants k[].
// NaN inputs come back unchanged (the CPU's `v != v ? v : r`).

// v > k0 ? pow((v + k2) * k3, k4) * k5 + k6 : v * k1
float t32_power(float v, uint b) {
    precise float x = (v + transfer32_k(b, 2u)) * transfer32_k(b, 3u);
    bool on = v > transfer32_k(b, 0u);
    precise float pw = vfx_fast_pow(on ? x : 1.0, transfer32_k(b, 4u)) * transfer32_k(b, 5u) + transfer32_k(b, 6u);
    precise float lin = v * transfer32_k(b, 1u);
    return on ? pw : lin;
}

// v > 0 ? v^k0 : (k1 != 0 ? -(-v)^k0 for v < 0, zeros kept : 0)
float t32_gamma(float v, uint b) {
    precise float negated = -v;
    float a = v < 0.0 ? negated : v;
    float pw = vfx_fast_pow(a > 0.0 ? a : 1.0, transfer32_k(b, 0u));
    precise float minus = -pw;
    float mirrored = a > 0.0 ? (v < 0.0 ? minus : pw) : v;
    return transfer32_k(b, 1u) != 0.0 ? mirrored : (v > 0.0 ? pw : 0.0);
}

// v >= k0 ? log2(max(v * k1 + k2, k3)) * c + d : v * k10 + k11, with c = k4 (= k5 + k6,
// plus k7 its rounding) and d = k8 + k9 summed as a float pair (TwoSum).
float t32_log_encode(float v, uint b) {
    bool on = v >= transfer32_k(b, 0u);
    precise float w0 = v * transfer32_k(b, 1u) + transfer32_k(b, 2u);
    float floorValue = transfer32_k(b, 3u);
    float w = w0 > floorValue ? w0 : floorValue;
    w = on ? w : 1.0;
    float l;
    float ef = vfx_log2_parts(w, l);
    float dHigh = transfer32_k(b, 8u);
    precise float big = ef * transfer32_k(b, 5u);
    precise float small = ef * transfer32_k(b, 6u) + (l * transfer32_k(b, 4u) + ef * transfer32_k(b, 7u));
    precise float hi = big + dHigh;
    precise float bv = hi - big;
    precise float av = hi - bv;
    precise float e1 = (big - av) + (dHigh - bv);
    precise float lg0 = hi + ((e1 + transfer32_k(b, 9u)) + small);
    float lg = vfx_isinf(w) ? uintBitsToFloat(0x7F800000u) : lg0;
    precise float lin = v * transfer32_k(b, 10u) + transfer32_k(b, 11u);
    return on ? lg : lin;
}

// x > k0 ? min((2^((x - d) * s) - k9) * k10, k13) : (v - k11) * k12, x = v clamped to [k1, k2];
// (x - d) * s as a float pair: TwoSum for x - k3 - k4, Dekker's product with s = k6 + k7
// (u split by Veltkamp), k8 = s's own rounding.
float t32_log_decode(float v, uint b) {
    float hi = transfer32_k(b, 2u), lo = transfer32_k(b, 1u);
    float x0 = v < hi ? v : hi;
    float x = x0 > lo ? x0 : lo;
    float dHigh = transfer32_k(b, 3u);
    precise float u = x - dHigh;
    precise float bv = u - x;
    precise float av = u - bv;
    precise float ue = (x - av) + (-dHigh - bv);
    precise float ulo = ue - transfer32_k(b, 4u);
    float s = transfer32_k(b, 5u), s1 = transfer32_k(b, 6u), s2 = transfer32_k(b, 7u);
    precise float c = 4097.0 * u;
    precise float uh = c - (c - u);
    precise float ul = u - uh;
    precise float t = u * s;
    precise float te = ((uh * s1 - t) + uh * s2 + ul * s1) + ul * s2;
    precise float small = te + (u * transfer32_k(b, 8u) + ulo * s);
    float e = vfx_exp2_parts(t, small);
    precise float lg = (e - transfer32_k(b, 9u)) * transfer32_k(b, 10u);
    lg = lg < transfer32_k(b, 13u) ? lg : transfer32_k(b, 13u);
    precise float lin = (v - transfer32_k(b, 11u)) * transfer32_k(b, 12u);
    return x > transfer32_k(b, 0u) ? lg : lin;
}

// The split kinds read a set of constants at b + 3 (v < k0) or after it: each t32_log_*
// reads k[i] at (b, i), so a set at (b + o, i) is k[o + i]. k1 != 0 runs the first set
// on -v and negates its result (mirrored).
// 4: t32_log_encode of the set (at b + 3 or b + 15); k2 != 0: below the set's start,
// sqrt(x * e) as vfx_fast_pow(x * e, 0.5) (0 for x * e <= 0).
float t32_split_encode(float x, uint s, bool lower) {
    float r = t32_log_encode(x, s);
    if (!lower) return r;
    precise float xe = x * transfer32_k(s, 10u);
    float root = vfx_fast_pow(xe > 0.0 ? xe : 1.0, 0.5);
    root = xe > 0.0 ? root : 0.0;
    return x >= transfer32_k(s, 0u) ? r : root;
}

// 5: t32_log_decode of the set (at b + 3 or b + 17); k2 != 0: the lower piece is
// ((x - f) * n) * x.
float t32_split_decode(float x, uint s, bool lower) {
    float r = t32_log_decode(x, s);
    if (!lower) return r;
    float hi = transfer32_k(s, 2u), lo = transfer32_k(s, 1u);
    float x0 = x < hi ? x : hi;
    float xc = x0 > lo ? x0 : lo;
    precise float sq = ((x - transfer32_k(s, 11u)) * transfer32_k(s, 12u)) * x;
    return xc > transfer32_k(s, 0u) ? r : sq;
}

// Kinds 4 and 5: the set v uses, on -v (result negated) where mirrored.
float t32_split_log(float v, uint b, bool encode) {
    bool low = v < transfer32_k(b, 0u);
    bool flip = low && transfer32_k(b, 1u) != 0.0;
    precise float negated = -v;
    float x = flip ? negated : v;
    uint s = low ? b + 3u : b + (encode ? 15u : 17u);
    bool lower = transfer32_k(b, 2u) != 0.0;
    float r = encode ? t32_split_encode(x, s, lower) : t32_split_decode(x, s, lower);
    precise float minus = -r;
    return flip ? minus : r;
}

float t32_channel(float v, uint kind, uint b) {
    float r;
    if (kind == floatCurve_power) r = t32_power(v, b);
    else if (kind == floatCurve_gamma) r = t32_gamma(v, b);
    else if (kind == floatCurve_logEncode) r = t32_log_encode(v, b);
    else if (kind == floatCurve_logDecode) r = t32_log_decode(v, b);
    else r = t32_split_log(v, b, kind == floatCurve_splitLogEncode);
    return vfx_isnan(v) ? v : r;
}

vec4 op_transfer32(vec4 p, uint b) {
    uint kind = transfer32_kind(b);
    return vec4(t32_channel(p.x, kind, b), t32_channel(p.y, kind, b), t32_channel(p.z, kind, b), p.w);
}
