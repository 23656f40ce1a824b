#version 450
#extension GL_GOOGLE_include_directive : require
// Porter-Duff compositing (Sources/VFXOps/Compositing.swift): binding 0 holds the
// background B and receives the result, binding 2 holds the foreground A, placed at an
// offset and transparent black where it does not reach.
//
// Words: 0 operator (0 over, 1 under, 2 in, 3 out, 4 atop, 5 xor), then layers.glsl's.
#include "gpu_ops.glsl"
#include "layers.glsl"

void main() {
    uint index;
    if (!pixelIndex(index)) return;
    vec4 a;
    bool covered = foreground(index, a);
    vec4 b = px[index];
    bool alpha = pu(6u) != 0u;
    float aA = covered ? (alpha ? a.w : 1.0) : 0.0;
    float aB = alpha ? b.w : 1.0;
    precise vec4 r;
    switch (pu(0u)) {
    case 0u: r = a + b * (1.0 - aA); break;
    case 1u: r = b + a * (1.0 - aB); break;
    case 2u: r = a * aB; break;
    case 3u: r = a * (1.0 - aB); break;
    case 4u: r = a * aB + b * (1.0 - aA); break;
    default: r = a * (1.0 - aB) + b * (1.0 - aA); break;
    }
    px[index] = r;
}
