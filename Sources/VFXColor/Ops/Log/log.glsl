// LogOp (LogKernelRenderer: vfx_log_rgb, Sources/CPixelKernels/ops/log.inc) in the fused
// chain shader, operation for operation (`precise`: no FMA) with gpu_common.glsl's ports
// of log2_parts and exp2_parts, so each result is the CPU's float. Direction 0 lin to log,
// 1 log to lin; 8 constants per channel, R's at log_k(b, 0..7), G's at 8..15, B's at
// 16..23. Alpha untouched.

// x < k5 ? k6 * x + k7 : log2(max(x * k0 + k1, FLT_MIN)) * k2 + k3
float log_lin_to_log_1(float x, uint b, uint o) {
    precise float w0 = x * log_k(b, o) + log_k(b, o + 1u);
    float w = w0 >= 1.17549435e-38 ? w0 : 1.17549435e-38;  // NaN to FLT_MIN
    float l;
    float ef = vfx_log2_parts(w, l);
    precise float lg0 = ef + l;
    float lg = vfx_isinf(w) ? uintBitsToFloat(0x7F800000u) : lg0;
    precise float r = lg * log_k(b, o + 2u) + log_k(b, o + 3u);
    precise float lin = log_k(b, o + 6u) * x + log_k(b, o + 7u);
    return x < log_k(b, o + 5u) ? lin : r;
}

// y < k5 ? k6 * (y + k7) : (2^((y + k1) * k0) + k2) * k3
float log_log_to_lin_1(float y, uint b, uint o) {
    precise float t = (y + log_k(b, o + 1u)) * log_k(b, o);
    precise float r = (vfx_exp2_parts(t, 0.0) + log_k(b, o + 2u)) * log_k(b, o + 3u);
    precise float lin = log_k(b, o + 6u) * (y + log_k(b, o + 7u));
    return y < log_k(b, o + 5u) ? lin : r;
}

vec4 op_log(vec4 p, uint b) {
    if (log_direction(b) == 0u) {
        return vec4(log_lin_to_log_1(p.x, b, 0u), log_lin_to_log_1(p.y, b, 8u), log_lin_to_log_1(p.z, b, 16u), p.w);
    }
    return vec4(log_log_to_lin_1(p.x, b, 0u), log_log_to_lin_1(p.y, b, 8u), log_log_to_lin_1(p.z, b, 16u), p.w);
}
