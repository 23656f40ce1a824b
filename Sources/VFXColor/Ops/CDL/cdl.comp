#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// CDLOp forward (the CPU's cdl_loop): words 0-2 slope, 3-5 offset, 6-8 power,
// 9 saturation, 10 clamp (ASC style), 11 power applies (not all 1).
float clamp01(float v) { return v > 0.0 ? (v < 1.0 ? v : 1.0) : 0.0; }

void main() {
    uint i;
    if (!pixelIndex(i)) return;
    vec4 p = px[i];
    bool clamps = pu(10) != 0u;
    precise float r = p.x * pf(0) + pf(3);
    precise float g = p.y * pf(1) + pf(4);
    precise float b = p.z * pf(2) + pf(5);
    if (clamps) { r = clamp01(r); g = clamp01(g); b = clamp01(b); }
    if (pu(11) != 0u) {
        float rr = vfx_fast_pow(r > 0.0 ? r : 1.0, pf(6));
        float gg = vfx_fast_pow(g > 0.0 ? g : 1.0, pf(7));
        float bb = vfx_fast_pow(b > 0.0 ? b : 1.0, pf(8));
        r = r > 0.0 ? rr : r;
        g = g > 0.0 ? gg : g;
        b = b > 0.0 ? bb : b;
    }
    float saturation = pf(9);
    if (saturation != 1.0) {
        precise float y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        precise float r2 = y + saturation * (r - y);
        precise float g2 = y + saturation * (g - y);
        precise float b2 = y + saturation * (b - y);
        r = r2; g = g2; b = b2;
    }
    if (clamps) { r = clamp01(r); g = clamp01(g); b = clamp01(b); }
    px[i] = vec4(r, g, b, p.w);
}
