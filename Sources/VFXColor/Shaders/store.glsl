// GPUKernel.storeAndReload in the fused chain shader: what PixelBlocks' store followed
// by a load does to a pixel of an image that is not 4-channel float32: the format is
// ColorOps.table's storeFormat. Integers: the table (from t) holds every code's normalized value.

// Float16(x) as a float: round to nearest even, overflow to infinity, NaN kept.
float store_round_to_half(float x) {
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
float store_round_to_code(float x, float maximum, uint t) {
    float clamped = x > 0.0 ? (x < 1.0 ? x : 1.0) : 0.0;
    precise float scaled = clamped * maximum + 0.5;
    return table[t + uint(int(scaled))];
}

float store_quantize(float x, uint format, uint t) {
    if (format == storeFormat_u8) return store_round_to_code(x, 255.0, t);
    if (format == storeFormat_u16) return store_round_to_code(x, 65535.0, t);
    if (format == storeFormat_f16) return store_round_to_half(x);
    return x;
}

vec4 op_store(vec4 p, uint b, uint t) {
    uint format = store_format(b), channels = store_channels(b);
    if (channels == 1u) {
        float v = store_quantize(p.x, format, t);
        return vec4(v, v, v, 1.0);
    }
    if (channels == 2u) {
        float v = store_quantize(p.x, format, t);
        return vec4(v, v, v, store_quantize(p.w, format, t));
    }
    if (channels == 3u) {
        return vec4(store_quantize(p.x, format, t), store_quantize(p.y, format, t), store_quantize(p.z, format, t), 1.0);
    }
    return vec4(store_quantize(p.x, format, t), store_quantize(p.y, format, t),
                store_quantize(p.z, format, t), store_quantize(p.w, format, t));
}
