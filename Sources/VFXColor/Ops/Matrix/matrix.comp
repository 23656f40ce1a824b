#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// MatrixOp: words 0 = 1 for the full 4x4 + offset (MatrixRenderer), 0 for a per-channel
// scale (ScaleRenderer); 1..16 the row-major matrix; 17..20 the offset.
void main() {
    uint i;
    if (!pixelIndex(i)) return;
    vec4 p = px[i];
    if (pu(0) == 0u) {
        precise vec4 scaled = p * vec4(pf(1), pf(6), pf(11), 1.0);
        px[i] = scaled;
        return;
    }
    precise vec4 o;
    for (uint row = 0u; row < 4u; row++) {
        uint k = 1u + 4u * row;
        precise float v = pf(k) * p.x + pf(k + 1u) * p.y + pf(k + 2u) * p.z + pf(k + 3u) * p.w + pf(17u + row);
        o[row] = v;
    }
    px[i] = o;
}
