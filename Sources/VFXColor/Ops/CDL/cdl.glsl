// CDLOp in the fused chain shader: forward as the CPU's cdl_loop, reverse as
// ReverseCDLRenderer. Parameters: ColorOps.table's cdl and reverseCDL.
float cdl_clamp01(float v) { return v > 0.0 ? (v < 1.0 ? v : 1.0) : 0.0; }

vec3 cdl_clamp01(vec3 c) { return vec3(cdl_clamp01(c.x), cdl_clamp01(c.y), cdl_clamp01(c.z)); }

// Rec.709 luma y, then y + s * (c - y) per channel (no FMA, as on the CPU).
vec3 cdl_apply_saturation(vec3 c, float s) {
    precise float y = 0.2126 * c.x + 0.7152 * c.y + 0.0722 * c.z;
    precise float r = y + s * (c.x - y);
    precise float g = y + s * (c.y - y);
    precise float b = y + s * (c.z - y);
    return vec3(r, g, b);
}

// Positive values to the power (the CPU's fast_pow); others unchanged, and so is a
// channel whose power is exactly 1 (as the CPU kernels skip it).
float cdl_power1(float v, float power) {
    float r = vfx_fast_pow(v > 0.0 ? v : 1.0, power);
    return power != 1.0 && v > 0.0 ? r : v;
}

vec3 cdl_apply_power(vec3 c, vec3 power) {
    return vec3(cdl_power1(c.x, power.x), cdl_power1(c.y, power.y), cdl_power1(c.z, power.z));
}

// Forward; withPower: some channel's power is not 1.
vec4 op_cdl(vec4 p, uint b) {
    bool clamps = cdl_clamps(b);
    vec3 slope = cdl_slope(b), offset = cdl_offset(b);
    precise float r = p.x * slope.x + offset.x;
    precise float g = p.y * slope.y + offset.y;
    precise float bl = p.z * slope.z + offset.z;
    vec3 c = vec3(r, g, bl);
    if (clamps) c = cdl_clamp01(c);
    if (cdl_withPower(b)) c = cdl_apply_power(c, cdl_power(b));
    float saturation = cdl_saturation(b);
    if (saturation != 1.0) c = cdl_apply_saturation(c, saturation);
    if (clamps) c = cdl_clamp01(c);
    return vec4(c, p.w);
}

// Reverse: (clamp) → saturation 1/sat → power 1/power → (x - offset) / slope → (clamp).
// The reciprocals come from the CPU, as it uses them.
vec4 op_cdl_reverse(vec4 p, uint b) {
    bool clamps = reverseCDL_clamps(b);
    vec3 c = p.xyz;
    if (clamps) c = cdl_clamp01(c);
    float saturation = reverseCDL_inverseSaturation(b);
    if (saturation != 1.0) c = cdl_apply_saturation(c, saturation);
    if (clamps) c = cdl_clamp01(c);
    c = cdl_apply_power(c, reverseCDL_inversePower(b));
    vec3 inverseSlope = reverseCDL_inverseSlope(b), minusOffset = reverseCDL_minusOffset(b);
    precise float r = (c.x + minusOffset.x) * inverseSlope.x;
    precise float g = (c.y + minusOffset.y) * inverseSlope.y;
    precise float bl = (c.z + minusOffset.z) * inverseSlope.z;
    c = vec3(r, g, bl);
    if (clamps) c = cdl_clamp01(c);
    return vec4(c, p.w);
}
