// MatrixOp in the fused chain shader (Shaders/chain.comp). Words from b: 0 = 1 for the
// full 4x4 + offset (MatrixRenderer), 0 for a per-channel scale (ScaleRenderer);
// 1..16 the row-major matrix; 17..20 the offset.
vec4 op_matrix(vec4 p, uint b) {
    if (pu(b) == 0u) {
        precise vec4 scaled = p * vec4(pf(b + 1u), pf(b + 6u), pf(b + 11u), 1.0);
        return scaled;
    }
    precise vec4 o;
    for (uint row = 0u; row < 4u; row++) {
        uint k = b + 1u + 4u * row;
        precise float v = pf(k) * p.x + pf(k + 1u) * p.y + pf(k + 2u) * p.z + pf(k + 3u) * p.w + pf(b + 17u + row);
        o[row] = v;
    }
    return o;
}
