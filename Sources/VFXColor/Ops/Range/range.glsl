// RangeOp (RangeRenderer) in the fused chain shader: scale, offset, then clamps to
// [low, high] (RGBA).
vec4 op_range(vec4 p, uint b) {
    vec4 scale = range_scale(b), offset = range_offset(b), low = range_low(b), high = range_high(b);
    precise vec4 q = p * scale + offset;
    vec4 lowered = mix(q, low, lessThan(q, low));
    return mix(lowered, high, greaterThan(lowered, high));
}
