#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// RangeOp (RangeRenderer): words 0-3 scale, 4-7 offset, 8-11 low, 12-15 high (RGBA).
void main() {
    uint i;
    if (!pixelIndex(i)) return;
    vec4 scale = vec4(pf(0), pf(1), pf(2), pf(3));
    vec4 offset = vec4(pf(4), pf(5), pf(6), pf(7));
    vec4 low = vec4(pf(8), pf(9), pf(10), pf(11));
    vec4 high = vec4(pf(12), pf(13), pf(14), pf(15));
    precise vec4 p = px[i] * scale + offset;
    vec4 lowered = mix(p, low, lessThan(p, low));
    px[i] = mix(lowered, high, greaterThan(lowered, high));
}
