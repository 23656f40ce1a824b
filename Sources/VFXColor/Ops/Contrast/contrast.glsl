// ContrastOp (the CPU's contrast_rgb) in the fused chain shader.
vec4 op_contrast(vec4 p, uint b) {
    float amount = contrast_amount(b), inScale = contrast_inScale(b), outScale = contrast_outScale(b);
    precise float r = p.x * inScale, g = p.y * inScale, bl = p.z * inScale;
    precise float rr = vfx_fast_pow(r > 0.0 ? r : 1.0, amount) * outScale;
    precise float gg = vfx_fast_pow(g > 0.0 ? g : 1.0, amount) * outScale;
    precise float bb = vfx_fast_pow(bl > 0.0 ? bl : 1.0, amount) * outScale;
    return vec4(r > 0.0 ? rr : 0.0, g > 0.0 ? gg : 0.0, bl > 0.0 ? bb : 0.0, p.w);
}
