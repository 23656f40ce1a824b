#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// Lut1DOp (Lut1DRenderer.lookup): words 0 size, 1-3 a, 4-6 b (x * a + b onto [0, 1]);
// the table holds size RGB triplets.
float lookup(float x, uint c, uint size, float a, float b) {
    precise float last = float(size - 1u);
    precise float t = (x * a + b) * last;
    t = t > 0.0 ? (t < last ? t : last) : 0.0;
    uint i = uint(t);
    uint next = i + 1u < size ? i + 1u : i;
    precise float f = t - float(i);
    float lo = table[3u * i + c];
    float hi = table[3u * next + c];
    precise float v = lo + f * (hi - lo);
    return v;
}

void main() {
    uint i;
    if (!pixelIndex(i)) return;
    uint size = pu(0);
    vec4 p = px[i];
    px[i] = vec4(lookup(p.x, 0u, size, pf(1), pf(4)), lookup(p.y, 1u, size, pf(2), pf(5)),
                 lookup(p.z, 2u, size, pf(3), pf(6)), p.w);
}
