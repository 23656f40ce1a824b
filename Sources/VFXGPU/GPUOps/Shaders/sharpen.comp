#version 450
#extension GL_GOOGLE_include_directive : require
// The last step of unsharp_mask (Filters.unsharpMask): binding 0 holds the image and
// receives the result, binding 2 its blur; where |image - blur| >= threshold the image
// gains amount * (image - blur). Words: 0 amount, 1 threshold.
#include "gpu_ops.glsl"

void main() {
    uint index;
    if (!pixelIndex(index)) return;
    float amount = pf(0u), threshold = pf(1u);
    vec4 x = px[index];
    precise vec4 detail = x - src[index];
    precise vec4 sharpened = x + amount * detail;
    px[index] = mix(x, sharpened, greaterThanEqual(abs(detail), vec4(threshold)));
}
