// FloatCurveKernel in the fused chain shader: the float32 transfer curves of the CPU
// kernels (Sources/CPixelKernels/color_kernels.inc, transfer_*_1), operation for
// operation (`precise`: no FMA), so each result is the same float. Parameters: the kind
// (0 power, 1 gamma, 2 log encode, 3 log decode, 4 and 5 their split forms, 6 and 7 PQ
// encode and decode), then the constants k[].
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

// Kinds 6 and 7: SMPTE ST 2084 (ops/transfer_pq.inc, operation for operation), k0 the
// peak ratio (encode: scale / 10000 times v; decode: 10000 / scale times the result).
float t32_c(uint bitsValue) { return uintBitsToFloat(bitsValue); }

float t32_top12(float x) { return uintBitsToFloat(floatBitsToUint(x) & 0xFFFFF000u); }

void t32_two_sum(float a, float b, out float s, out float e) {
    precise float x = a + b;
    precise float bv = x - a;
    precise float av = x - bv;
    precise float err = (a - av) + (b - bv);
    s = x;
    e = err;
}

void t32_two_prod(float a, float b, out float p, out float e) {
    precise float x = a * b;
    precise float ca = 4097.0 * a;
    precise float ah = ca - (ca - a);
    precise float al = a - ah;
    precise float cb = 4097.0 * b;
    precise float bh = cb - (cb - b);
    precise float bl = b - bh;
    precise float err = ((ah * bh - x) + ah * bl + al * bh) + al * bl;
    p = x;
    e = err;
}

float t32_reciprocal(float d) {
    precise float x = uintBitsToFloat(0x7EF311C3u - floatBitsToUint(d));
    x = x * (2.0 - d * x);
    x = x * (2.0 - d * x);
    x = x * (2.0 - d * x);
    x = x * (2.0 - d * x);
    return x;
}

void t32_divide(float nh, float nl, float dh, float dl, out float qh, out float ql) {
    float inv = t32_reciprocal(dh);
    precise float q = nh * inv;
    float ph, pl;
    t32_two_prod(q, dh, ph, pl);
    precise float rem = (((nh - ph) - pl) + nl) - q * dl;
    precise float low = rem * inv;
    qh = q;
    ql = low;
}

float t32_log2_pair(float x, float xl, out float lh, out float ll) {
    uint bits = floatBitsToUint(x);
    int e0 = int(bits >> 23) - 127;
    uint mb = (bits & 0x007FFFFFu) | 0x3F800000u;
    uint i = (bits >> 18) & 31u;
    precise float m = uintBitsToFloat(mb);
    precise float c = uintBitsToFloat((mb & 0xFFFC0000u) | 0x00020000u);
    int e = e0 + (m >= 1.40625 ? 1 : 0);
    precise float d = m - c;
    precise float dl = xl * uintBitsToFloat(uint(127 - e0) << 23);
    float invC = table[VFX_TABLE_INV_C + i];
    precise float u = d * invC;
    float uh, ul;
    t32_two_prod(u, c, uh, ul);
    precise float du = (((d - uh) - ul) + dl) * invC;
    precise float q = t32_c(VFX_PQ_P3);
    q = q * u + t32_c(VFX_PQ_P2);
    q = q * u + t32_c(VFX_PQ_P1);
    precise float s = u * q;
    float a, b;
    t32_two_prod(u, t32_c(VFX_PQ_P0), a, b);
    float t, te;
    t32_two_sum(table[VFX_TABLE_LOG2_C + i], a, t, te);
    precise float low = te + (b + (u * s + (table[VFX_TABLE_LOG2_C_LO + i]
                                            + (u * t32_c(VFX_PQ_P0_LO) + du * (t32_c(VFX_PQ_P0) - u * t32_c(VFX_PQ_P0))))));
    lh = t;
    ll = low;
    return float(e);
}

// 2^y's split for y = big + mid + small: y rounded to 1/16 (n, its integer part ni and its
// sixteenths j, read from the bits of y + 0.75 * 2^20), and the rest f = big - n + mid +
// small as a float pair (fh, fl), exact where the sums cancel. Both PQ directions use it.
void t32_exp2_split(float y, float big, float mid, float small, out int ni, out uint j, out float fh, out float fl) {
    precise float sy = y + 786432.0;
    precise float n = sy - 786432.0;
    uint sb = floatBitsToUint(sy);
    ni = int(sb - 0x49400000u) >> 4;
    j = sb & 15u;
    precise float bn = big - n;
    float fs, fe;
    t32_two_sum(bn, mid, fs, fe);
    precise float fes = fe + small;
    t32_two_sum(fs, fes, fh, fl);
}

float t32_pq_decode(float v, uint b) {
    float tiny = uintBitsToFloat(0x0D800000u);   // 2^-100
    float x0 = v > 0.0 ? v : 1.0;
    float x1 = x0 < 4.0 ? x0 : 4.0;
    float x = x1 > tiny ? x1 : tiny;
    float lh, ll;
    float ef = t32_log2_pair(x, 0.0, lh, ll);
    float invM2 = t32_c(VFX_PQ_INV_M2);
    float ph = t32_top12(invM2);
    precise float pl = (invM2 - ph) + t32_c(VFX_PQ_INV_M2_R);
    float lh12 = t32_top12(lh);
    precise float big = ef * ph;
    precise float mid = lh12 * ph;
    precise float small = (ef * pl + lh12 * pl) + ((lh - lh12) * invM2 + ll * invM2);
    precise float y0 = (big + mid) + small;
    float y = y0 < -1.0 ? -1.0 : (y0 > 0.03125 ? 0.03125 : y0);
    int ni;
    uint j;
    float fh0, fl;
    t32_exp2_split(y, big, mid, small, ni, j, fh0, fl);
    float fh = fh0 < -0.0322265625 ? -0.0322265625 : (fh0 > 0.0322265625 ? 0.0322265625 : fh0);
    float f1 = t32_top12(fh);
    precise float f2 = fh - f1;
    float ln2 = t32_c(VFX_PQ_LN2);
    float la = t32_top12(ln2);
    precise float lb = ln2 - la;
    precise float gh = f1 * la;
    precise float r = t32_c(VFX_PQ_R2);
    r = r * fh + t32_c(VFX_PQ_R1);
    r = r * fh + t32_c(VFX_PQ_R0);
    precise float gl = f2 * la + (fh * lb + (fh * t32_c(VFX_PQ_LN2_R) + (fl * ln2 + (fh * fh) * r)));
    float scale = uintBitsToFloat(uint(ni + 127) << 23);
    precise float s = table[VFX_TABLE_EXP2_J + j] * scale;
    precise float sl = table[VFX_TABLE_EXP2_J_LO + j] * scale;
    precise float th = (s - 1.0) + s * gh;
    precise float tl = s * gl + sl * (1.0 + gh);
    float nh, ne;
    t32_two_sum(0.1640625, th, nh, ne);
    precise float netl = ne + tl;
    float nn, nnl;
    t32_two_sum(nh, netl, nn, nnl);
    float t1 = t32_top12(th);
    precise float t2 = th - t1;
    precise float c3t1 = -18.6875 * t1;
    float dh, de;
    t32_two_sum(0.1640625, c3t1, dh, de);
    precise float dl = de - (18.6875 * t2 + 18.6875 * tl);
    float dn, dnl;
    t32_two_sum(dh, dl, dn, dnl);
    bool finite = dn > tiny;
    float qh, ql;
    t32_divide(nn, nnl, finite ? dn : 1.0, dnl, qh, ql);
    bool positive = qh > tiny;
    float rlh, rll;
    float e2 = t32_log2_pair(positive ? qh : 1.0, ql, rlh, rll);
    float invM1 = t32_c(VFX_PQ_INV_M1);
    float mh = t32_top12(invM1);
    precise float ml = (invM1 - mh) + t32_c(VFX_PQ_INV_M1_R);
    precise float a = e2 * mh;
    precise float sm = e2 * ml + (rlh * invM1 + (rll * invM1 + rlh * t32_c(VFX_PQ_INV_M1_R)));
    precise float out0 = vfx_exp2_parts(a, sm) * transfer32_k(b, 0u);
    float out1 = positive ? out0 : 0.0;
    float out2 = finite ? out1 : uintBitsToFloat(0x7F800000u);
    return v > 0.0 ? out2 : 0.0;
}

// k0 + k1 = scale / 10000 (k1 its rounding), k2 + k3 = k0 (k2 its top 12 bits)
float t32_pq_encode(float v, uint b) {
    float k0 = transfer32_k(b, 0u), k1 = transfer32_k(b, 1u), k2 = transfer32_k(b, 2u), k3 = transfer32_k(b, 3u);
    precise float yh = v * k0;
    float vh = t32_top12(v);
    precise float vl = v - vh;
    precise float ye = ((vh * k2 - yh) + vh * k3 + vl * k2) + vl * k3;
    precise float yl = ye + v * k1;
    bool on = yh > 0.0;
    float big126 = uintBitsToFloat(0x7E800000u), tiny126 = uintBitsToFloat(0x00800000u);   // 2^126, 2^-126
    float x0 = yh < big126 ? yh : big126;
    float x1 = x0 > tiny126 ? x0 : tiny126;
    float xl = x1 == yh ? yl : 0.0;
    float x = on ? x1 : 1.0;
    float lh, ll;
    float ef = t32_log2_pair(x, xl, lh, ll);
    float lh12 = t32_top12(lh);
    precise float big = 0.1593017578125 * ef;
    precise float mid = 0.1593017578125 * lh12;
    precise float small = 0.1593017578125 * (lh - lh12) + 0.1593017578125 * ll;
    precise float y = (big + mid) + small;
    int ni;
    uint j;
    float fh, fl;
    t32_exp2_split(y, big, mid, small, ni, j, fh, fl);
    precise float q = uintBitsToFloat(VFX_POW_E3);
    q = q * fh + uintBitsToFloat(VFX_POW_E2);
    q = q * fh + uintBitsToFloat(VFX_POW_E1);
    precise float qm1 = fh * q + fl * uintBitsToFloat(VFX_POW_E1);
    float t = table[VFX_TABLE_EXP2_J + j];
    float scale = uintBitsToFloat(uint(ni + 127) << 23);
    precise float wt = t * scale;
    precise float wr = (t * qm1 + table[VFX_TABLE_EXP2_J_LO + j]) * scale;
    float wh0, wl0;
    t32_two_sum(wt, wr, wh0, wl0);
    float wh = on ? wh0 : 0.0;
    float wl = on ? wl0 : 0.0;
    float w1 = t32_top12(wh);
    precise float w2 = wh - w1;
    precise float c2w1 = 18.8515625 * w1;
    float nh, ne;
    t32_two_sum(0.8359375, c2w1, nh, ne);
    precise float nl = ne + (18.8515625 * w2 + 18.8515625 * wl);
    precise float c3w1 = 18.6875 * w1;
    float dh, de;
    t32_two_sum(1.0, c3w1, dh, de);
    precise float dl = de + (18.6875 * w2 + 18.6875 * wl);
    float nn, nnl, dn, dnl;
    t32_two_sum(nh, nl, nn, nnl);
    t32_two_sum(dh, dl, dn, dnl);
    float rh, rl;
    t32_divide(nn, nnl, dn, dnl, rh, rl);
    float rlh, rll;
    float e2 = t32_log2_pair(rh, rl, rlh, rll);
    float rlh12 = t32_top12(rlh);
    precise float a = 78.84375 * e2 + 78.84375 * rlh12;
    precise float sm = 78.84375 * (rlh - rlh12) + 78.84375 * rll;
    return vfx_exp2_parts(a, sm);
}

float t32_channel(float v, uint kind, uint b) {
    float r;
    if (kind == floatCurve_power) r = t32_power(v, b);
    else if (kind == floatCurve_gamma) r = t32_gamma(v, b);
    else if (kind == floatCurve_logEncode) r = t32_log_encode(v, b);
    else if (kind == floatCurve_logDecode) r = t32_log_decode(v, b);
    else if (kind == floatCurve_pqEncode) r = t32_pq_encode(v, b);
    else if (kind == floatCurve_pqDecode) r = t32_pq_decode(v, b);
    else r = t32_split_log(v, b, kind == floatCurve_splitLogEncode);
    return vfx_isnan(v) ? v : r;
}

vec4 op_transfer32(vec4 p, uint b) {
    uint kind = transfer32_kind(b);
    return vec4(t32_channel(p.x, kind, b), t32_channel(p.y, kind, b), t32_channel(p.z, kind, b), p.w);
}
