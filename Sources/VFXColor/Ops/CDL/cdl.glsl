// CDLOp forward (the CPU's cdl_loop) in the fused chain shader. Words from b: 0-2 slope,
// 3-5 offset, 6-8 power, 9 saturation, 10 clamp (ASC style), 11 power applies.
float cdl_clamp01(float v) { return v > 0.0 ? (v < 1.0 ? v : 1.0) : 0.0; }

vec4 op_cdl(vec4 p, uint b) {
    bool clamps = pu(b + 10u) != 0u;
    precise float r = p.x * pf(b) + pf(b + 3u);
    precise float g = p.y * pf(b + 1u) + pf(b + 4u);
    precise float bl = p.z * pf(b + 2u) + pf(b + 5u);
    if (clamps) { r = cdl_clamp01(r); g = cdl_clamp01(g); bl = cdl_clamp01(bl); }
    if (pu(b + 11u) != 0u) {
        float rr = vfx_fast_pow(r > 0.0 ? r : 1.0, pf(b + 6u));
        float gg = vfx_fast_pow(g > 0.0 ? g : 1.0, pf(b + 7u));
        float bb = vfx_fast_pow(bl > 0.0 ? bl : 1.0, pf(b + 8u));
        r = r > 0.0 ? rr : r;
        g = g > 0.0 ? gg : g;
        bl = bl > 0.0 ? bb : bl;
    }
    float saturation = pf(b + 9u);
    if (saturation != 1.0) {
        precise float y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        precise float r2 = y + saturation * (r - y);
        precise float g2 = y + saturation * (g - y);
        precise float b2 = y + saturation * (bl - y);
        r = r2; g = g2; bl = b2;
    }
    if (clamps) { r = cdl_clamp01(r); g = cdl_clamp01(g); bl = cdl_clamp01(bl); }
    return vec4(r, g, bl, p.w);
}

// CDLOp reverse (ReverseCDLRenderer): (clamp) → saturation 1/sat → power 1/power →
// (x - offset) / slope → (clamp). Words from b: 0-2 1/slope, 3-5 -offset, 6-8 1/power,
// 9 1/saturation, 10 clamp (ASC style). The reciprocals come from the CPU, as it uses them.
vec4 op_cdl_reverse(vec4 p, uint b) {
    bool clamps = pu(b + 10u) != 0u;
    float r = p.x, g = p.y, bl = p.z;
    if (clamps) { r = cdl_clamp01(r); g = cdl_clamp01(g); bl = cdl_clamp01(bl); }
    float saturation = pf(b + 9u);
    if (saturation != 1.0) {
        precise float y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        precise float r2 = y + saturation * (r - y);
        precise float g2 = y + saturation * (g - y);
        precise float b2 = y + saturation * (bl - y);
        r = r2; g = g2; bl = b2;
    }
    if (clamps) { r = cdl_clamp01(r); g = cdl_clamp01(g); bl = cdl_clamp01(bl); }
    float rr = vfx_fast_pow(r > 0.0 ? r : 1.0, pf(b + 6u));
    float gg = vfx_fast_pow(g > 0.0 ? g : 1.0, pf(b + 7u));
    float bb = vfx_fast_pow(bl > 0.0 ? bl : 1.0, pf(b + 8u));
    r = r > 0.0 ? rr : r;
    g = g > 0.0 ? gg : g;
    bl = bl > 0.0 ? bb : bl;
    precise float r3 = (r + pf(b + 3u)) * pf(b);
    precise float g3 = (g + pf(b + 4u)) * pf(b + 1u);
    precise float b3 = (bl + pf(b + 5u)) * pf(b + 2u);
    r = r3; g = g3; bl = b3;
    if (clamps) { r = cdl_clamp01(r); g = cdl_clamp01(g); bl = cdl_clamp01(bl); }
    return vec4(r, g, bl, p.w);
}
