#version 450
#extension GL_GOOGLE_include_directive : require
// W3C blend modes with source-over (Sources/VFXOps/Blend.swift), operation for
// operation: words 0 the mode (GPUBlendMode, GPUOps.table's blendMode), 7 the opacity,
// then layers.glsl's.
#include "gpu_ops.glsl"
#include "GPUOps.generated.glsl"
#include "layers.glsl"

float screen(float cb, float cs) {
    precise float r = cb + cs - cb * cs;
    return r;
}

float hard_light(float cb, float cs) {
    precise float twice = 2.0 * cs;
    precise float low = cb * twice;
    precise float high = screen(cb, twice - 1.0);
    return cs <= 0.5 ? low : high;
}

// B(Cb, Cs) of Blend.Mode.apply.
float blend_mode(uint mode, float cb, float cs) {
    precise float r;
    switch (mode) {
    case blendMode_normal: r = cs; break;
    case blendMode_multiply: r = cb * cs; break;
    case blendMode_screen: r = screen(cb, cs); break;
    case blendMode_overlay: r = hard_light(cs, cb); break;
    case blendMode_add: r = cb + cs; break;
    case blendMode_subtract: r = cb - cs; break;
    case blendMode_difference: r = abs(cb - cs); break;
    case blendMode_exclusion: r = cb + cs - 2.0 * cb * cs; break;
    case blendMode_darken: r = swift_min(cb, cs); break;
    case blendMode_lighten: r = swift_max(cb, cs); break;
    case blendMode_softLight: {
        if (cs <= 0.5) {
            r = cb - (1.0 - 2.0 * cs) * cb * (1.0 - cb);
        } else {
            precise float d = cb <= 0.25 ? ((16.0 * cb - 12.0) * cb + 4.0) * cb : sqrt(swift_max(cb, 0.0));
            r = cb + (2.0 * cs - 1.0) * (d - cb);
        }
        break;
    }
    case blendMode_hardLight: r = hard_light(cb, cs); break;
    case blendMode_colorDodge: {
        precise float q = cb / (1.0 - cs);
        r = cb == 0.0 ? 0.0 : (cs >= 1.0 ? 1.0 : swift_min(1.0, q));
        break;
    }
    default: {  // colorBurn
        precise float q = (1.0 - cb) / cs;
        precise float burn = 1.0 - swift_min(1.0, q);
        r = cb == 1.0 ? 1.0 : (cs <= 0.0 ? 0.0 : burn);
        break;
    }
    }
    return r;
}

void main() {
    uint index;
    if (!pixelIndex(index)) return;
    vec4 a;
    bool covered = foreground(index, a);
    vec4 b = px[index];
    if (!covered) return;  // the background as it is
    uint mode = pu(0u);
    float opacity = pf(7u);
    bool alpha = pu(6u) != 0u;
    float aS = alpha ? a.w : 1.0, aB = alpha ? b.w : 1.0;
    precise float source = opacity * aS;
    precise float inverseS = aS != 0.0 ? 1.0 / aS : 0.0;
    precise float inverseB = aB != 0.0 ? 1.0 / aB : 0.0;
    precise float keep = 1.0 - source;
    precise float both = aS * aB;
    precise float under = 1.0 - aB;
    vec4 r;
    for (int c = 0; c < (alpha ? 3 : 4); c++) {
        precise float cs = a[c] * inverseS, cb = b[c] * inverseB;
        precise float blended = opacity * (under * a[c] + both * blend_mode(mode, cb, cs)) + b[c] * keep;
        r[c] = blended;
    }
    if (alpha) {
        precise float alphaOut = source + aB * keep;
        r.w = alphaOut;
    }
    px[index] = r;
}
