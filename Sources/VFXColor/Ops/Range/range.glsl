// RangeOp (RangeRenderer) in the fused chain shader. Words from b: 0-3 scale,
// 4-7 offset, 8-11 low, 12-15 high (RGBA).
vec4 op_range(vec4 p, uint b) {
    vec4 scale = vec4(pf(b), pf(b + 1u), pf(b + 2u), pf(b + 3u));
    vec4 offset = vec4(pf(b + 4u), pf(b + 5u), pf(b + 6u), pf(b + 7u));
    vec4 low = vec4(pf(b + 8u), pf(b + 9u), pf(b + 10u), pf(b + 11u));
    vec4 high = vec4(pf(b + 12u), pf(b + 13u), pf(b + 14u), pf(b + 15u));
    precise vec4 q = p * scale + offset;
    vec4 lowered = mix(q, low, lessThan(q, low));
    return mix(lowered, high, greaterThan(lowered, high));
}
