// MatrixOp in the fused chain shader (Shaders/chain.comp): full, the 4x4 + offset
// (MatrixRenderer), else a per-channel scale (ScaleRenderer); the matrix row-major.
vec4 op_matrix(vec4 p, uint b) {
    if (!matrix_full(b)) {
        precise vec4 scaled = p * vec4(matrix_matrix(b, 0u), matrix_matrix(b, 5u), matrix_matrix(b, 10u), 1.0);
        return scaled;
    }
    vec4 offset = matrix_offset(b);
    precise vec4 o;
    for (uint row = 0u; row < 4u; row++) {
        uint k = 4u * row;
        precise float v = matrix_matrix(b, k) * p.x + matrix_matrix(b, k + 1u) * p.y + matrix_matrix(b, k + 2u) * p.z
            + matrix_matrix(b, k + 3u) * p.w + offset[row];
        o[row] = v;
    }
    return o;
}
