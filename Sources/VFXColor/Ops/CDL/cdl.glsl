// CDLOp in the fused chain shader: forward as the CPU's cdl_loop, reverse as
// ReverseCDLRenderer. Both keep the power at words b+6..8, the saturation at b+9 and the
// clamp flag (ASC style) at b+10.
float cdl_clamp01(float v) { return v > 0.0 ? (v < 1.0 ? v : 1.0) : 0.0; }

vec3 cdl_clamp01(vec3 c) { return vec3(cdl_clamp01(c.x), cdl_clamp01(c.y), cdl_clamp01(c.z)); }

// Rec.709 luma y, then y + s * (c - y) per channel (no FMA, as on the CPU).
vec3 cdl_saturation(vec3 c, float s) {
    precise float y = 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z;
    precise float r = y + s * (c.x - y);
    precise float g = y + s * (c.y - y);
    precise float b = y + s * (c.z - y);
    return vec3(r, g, b);
}

// Positive values to the power at words b+6..8 (the CPU's fast_pow); others unchanged,
// and so is a channel whose power is exactly 1 (as the CPU kernels skip it).
float cdl_power1(float v, float power) {
    float r = vfx_fast_pow(v > 0.0 ? v : 1.0, power);
    return power != 1.0 && v > 0.0 ? r : v;
}

vec3 cdl_power(vec3 c, uint b) {
    return vec3(cdl_power1(c.x, pf(b + 6u)), cdl_power1(c.y, pf(b + 7u)), cdl_power1(c.z, pf(b + 8u)));
}

// Forward. Words from b: 0-2 slope, 3-5 offset, 6-8 power, 9 saturation, 10 clamp,
// 11 power applies.
vec4 op_cdl(vec4 p, uint b) {
    bool clamps = pu(b + 10u) != 0u;
    precise float r = p.x * pf(b) + pf(b + 3u);
    precise float g = p.y * pf(b + 1u) + pf(b + 4u);
    precise float bl = p.z * pf(b + 2u) + pf(b + 5u);
    vec3 c = vec3(r, g, bl);
    if (clamps) c = cdl_clamp01(c);
    if (pu(b + 11u) != 0u) c = cdl_power(c, b);
    float saturation = pf(b + 9u);
    if (saturation != 1.0) c = cdl_saturation(c, saturation);
    if (clamps) c = cdl_clamp01(c);
    return vec4(c, p.w);
}

// Reverse: (clamp) → saturation 1/sat → power 1/power → (x - offset) / slope → (clamp).
// Words from b: 0-2 1/slope, 3-5 -offset, 6-8 1/power, 9 1/saturation, 10 clamp. The
// reciprocals come from the CPU, as it uses them.
vec4 op_cdl_reverse(vec4 p, uint b) {
    bool clamps = pu(b + 10u) != 0u;
    vec3 c = p.xyz;
    if (clamps) c = cdl_clamp01(c);
    float saturation = pf(b + 9u);
    if (saturation != 1.0) c = cdl_saturation(c, saturation);
    if (clamps) c = cdl_clamp01(c);
    c = cdl_power(c, b);
    precise float r = (c.x + pf(b + 3u)) * pf(b);
    precise float g = (c.y + pf(b + 4u)) * pf(b + 1u);
    precise float bl = (c.z + pf(b + 5u)) * pf(b + 2u);
    c = vec3(r, g, bl);
    if (clamps) c = cdl_clamp01(c);
    return vec4(c, p.w);
}
