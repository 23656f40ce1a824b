#version 450
#extension GL_GOOGLE_include_directive : require
// Porter-Duff compositing (Sources/VFXOps/Compositing.swift): binding 0 holds the
// background B and receives the result, binding 2 holds the foreground A, placed at an
// offset and transparent black where it does not reach.
//
// Words: 0 the operator (GPUCompositeOperator, GPUOps.table's compositeOperator), then
// layers.glsl's.
#include "gpu_ops.glsl"
#include "GPUOps.generated.glsl"
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
    case compositeOperator_over: r = a + b * (1.0 - aA); break;
    case compositeOperator_under: r = b + a * (1.0 - aB); break;
    case compositeOperator_inside: r = a * aB; break;
    case compositeOperator_out: r = a * (1.0 - aB); break;
    case compositeOperator_atop: r = a * aB + b * (1.0 - aA); break;
    default: r = a * (1.0 - aB) + b * (1.0 - aA); break;  // compositeOperator_xor
    }
    px[index] = r;
}
