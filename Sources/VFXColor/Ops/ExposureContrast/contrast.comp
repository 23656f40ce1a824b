#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// ContrastOp (the CPU's contrast_rgb): words 0 amount, 1 in scale, 2 out scale.
void main() {
    uint i;
    if (!pixelIndex(i)) return;
    vec4 p = px[i];
    float amount = pf(0), inScale = pf(1), outScale = pf(2);
    precise float r = p.x * inScale, g = p.y * inScale, b = p.z * inScale;
    precise float rr = vfx_fast_pow(r > 0.0 ? r : 1.0, amount) * outScale;
    precise float gg = vfx_fast_pow(g > 0.0 ? g : 1.0, amount) * outScale;
    precise float bb = vfx_fast_pow(b > 0.0 ? b : 1.0, amount) * outScale;
    px[i] = vec4(r > 0.0 ? rr : 0.0, g > 0.0 ? gg : 0.0, b > 0.0 ? bb : 0.0, p.w);
}
