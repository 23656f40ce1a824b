// Lut1DOp (Lut1DRenderer.lookup) in the fused chain shader. Words from b: 0 size,
// 1-3 a, 4-6 b (x * a + b onto [0, 1]); the table, from t, holds size RGB triplets.
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
    uint size = pu(b);
    return vec4(lut1d_lookup(p.x, 0u, size, pf(b + 1u), pf(b + 4u), t),
                lut1d_lookup(p.y, 1u, size, pf(b + 2u), pf(b + 5u), t),
                lut1d_lookup(p.z, 2u, size, pf(b + 3u), pf(b + 6u), t), p.w);
}
