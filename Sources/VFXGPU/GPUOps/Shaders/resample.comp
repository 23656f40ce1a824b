#version 450
#extension GL_GOOGLE_include_directive : require
// One pass of a separable filter along one axis: resize (SeparablePass, AxisWeights),
// blur (ConvolutionPass). Output pixel (x, y) is, along the axis, the sum over t < taps
// of weight t times source pixel (start + t), summed from 0 in order of t, each
// multiply-add rounded as the CPU loops round it (vfx_resample_row/column,
// vfx_convolve_row: fused on CPUs with FMA).
//
// Words: 0 output width, 1 source width (row length of binding 2), 2 source pixels along
// the axis, 3 taps, 4 axis (0 along rows, 1 along columns), 5 flags, 6 first word of the
// start table, 7 first word of the weights.
// Flags: 1 premultiply each source pixel's color by its alpha (w) on load, 2 divide the
// result's color by its alpha (0 where alpha is 0), 4 copy the one tap (nearest), 8 one
// kernel for every output pixel, centered (start = i - taps / 2, taps clamped to the
// edge), else a start and taps weights per output pixel (AxisWeights).
#include "gpu_ops.glsl"

layout(constant_id = 0) const uint FUSED = 1u;

vec4 load(uint index, uint flags) {
    vec4 v = src[index];
    if ((flags & 1u) != 0u) {
        precise vec3 color = v.xyz * v.w;
        v.xyz = color;
    }
    return v;
}

void main() {
    uint index;
    if (!pixelIndex(index)) return;
    uint width = pu(0u), sourceWidth = pu(1u), count = pu(2u), taps = pu(3u), axis = pu(4u), flags = pu(5u);
    uint x = index % width, y = index / width;
    uint i = axis == 0u ? x : y;
    bool centered = (flags & 8u) != 0u;
    int start = centered ? int(i) - int(taps / 2u) : pi(pu(6u) + i);
    uint weights = pu(7u) + (centered ? 0u : i * taps);
    precise vec4 sum = vec4(0.0);
    if ((flags & 4u) != 0u) {
        uint s = uint(start);
        sum = load(axis == 0u ? y * sourceWidth + s : s * sourceWidth + x, flags);
    } else {
        for (uint t = 0u; t < taps; t++) {
            uint s = uint(clamp(start + int(t), 0, int(count) - 1));
            vec4 v = load(axis == 0u ? y * sourceWidth + s : s * sourceWidth + x, flags);
            float w = pf(weights + t);
            if (FUSED == 1u) {
                sum = fma(vec4(w), v, sum);
            } else {
                precise vec4 product = v * w;
                sum = sum + product;
            }
        }
    }
    if ((flags & 2u) != 0u) {
        // AlphaMath.unpremultiply
        float a = sum.w;
        precise float inverse = a != 0.0 ? 1.0 / a : 0.0;
        precise vec3 color = sum.xyz * inverse;
        sum.xyz = a != 0.0 ? color : vec3(0.0);
    }
    px[index] = sum;
}
