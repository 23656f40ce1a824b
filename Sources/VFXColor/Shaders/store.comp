#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// GPUKernel.storeAndReload: what PixelBlocks' store followed by a load does to a pixel
// of an image that is not 4-channel float32. Words: 0 format (0 f32, 1 u8, 2 u16,
// 3 f16), 1 channels. Integers: the table holds every code's normalized value.

// Float16(x) as a float: round to nearest even, overflow to infinity, NaN kept.
float roundToHalf(float x) {
    uint bits = floatBitsToUint(x);
    uint sign = bits & 0x80000000u;
    uint magnitude = bits & 0x7FFFFFFFu;
    if (magnitude >= 0x7F800000u) return x;
    if (magnitude >= 0x477FF000u) return uintBitsToFloat(sign | 0x7F800000u);
    if (magnitude < 0x38800000u) {
        precise float scaled = uintBitsToFloat(magnitude) * 16777216.0;
        precise float rounded = roundEven(scaled) * 5.9604644775390625e-8;
        return uintBitsToFloat(sign | floatBitsToUint(rounded));
    }
    uint lsb = (magnitude >> 13) & 1u;
    return uintBitsToFloat(sign | ((magnitude + 0xFFFu + lsb) & 0xFFFFE000u));
}

// UIntN(normalized: x).normalized: clamp (NaN -> 0), x * max + 0.5 truncated.
float roundToCode(float x, float maximum) {
    float clamped = x > 0.0 ? (x < 1.0 ? x : 1.0) : 0.0;
    precise float scaled = clamped * maximum + 0.5;
    return table[uint(int(scaled))];
}

float quantize(float x, uint format) {
    if (format == 1u) return roundToCode(x, 255.0);
    if (format == 2u) return roundToCode(x, 65535.0);
    if (format == 3u) return roundToHalf(x);
    return x;
}

void main() {
    uint i;
    if (!pixelIndex(i)) return;
    uint format = pu(0), channels = pu(1);
    vec4 p = px[i];
    if (channels == 1u) {
        float v = quantize(p.x, format);
        p = vec4(v, v, v, 1.0);
    } else if (channels == 2u) {
        float v = quantize(p.x, format);
        p = vec4(v, v, v, quantize(p.w, format));
    } else if (channels == 3u) {
        p = vec4(quantize(p.x, format), quantize(p.y, format), quantize(p.z, format), 1.0);
    } else {
        p = vec4(quantize(p.x, format), quantize(p.y, format), quantize(p.z, format), quantize(p.w, format));
    }
    px[i] = p;
}
