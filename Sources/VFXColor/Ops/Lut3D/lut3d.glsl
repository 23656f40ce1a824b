// Lut3DOp (vfx_lut3d_rgba in CPixelKernels/lut3d_kernels.c) in the fused chain shader:
// a and b map the domain onto [0, 1]; the table, from t, holds size^3 RGBA-padded
// entries, red fastest.

// floor(x) and x - floor(x) (exact) for 0 <= x <= size - 1, as lut3d_kernels.c.
void lut3d_split(float x, out int i, out float f) {
    float below = floor(x);
    i = int(below);
    precise float d = x - below;
    f = d;
}

vec4 lut3d_entry(uint t, int index) {
    uint k = t + 4u * uint(index);
    return vec4(table[k], table[k + 1u], table[k + 2u], 0.0);
}

float lut3d_position(float x, float a, float b, float last) {
    precise float q = (x * a + b) * last;
    float low = q > 0.0 ? q : 0.0;           // NaN and -0 -> 0, as maxps(q, 0)
    return low < last ? low : last;
}

vec4 op_lut3d(vec4 p, uint b, uint t) {
    int n = int(lut3d_size(b));
    float last = float(n - 1);
    vec3 a = lut3d_a(b), d = lut3d_b(b);
    int r0, g0, b0;
    float fr, fg, fb;
    lut3d_split(lut3d_position(p.x, a.x, d.x, last), r0, fr);
    lut3d_split(lut3d_position(p.y, a.y, d.y, last), g0, fg);
    lut3d_split(lut3d_position(p.z, a.z, d.z, last), b0, fb);
    int dr = r0 < n - 1 ? 1 : 0;
    int dg = g0 < n - 1 ? n : 0;
    int db = b0 < n - 1 ? n * n : 0;
    int base = b0 * n * n + g0 * n + r0;
    vec4 c000 = lut3d_entry(t, base);
    vec4 c111 = lut3d_entry(t, base + dr + dg + db);
    precise vec4 o;
    if (lut3d_tetrahedral(b)) {
        float f1 = max(fr, max(fg, fb));
        float f3 = min(fr, min(fg, fb));
        float f2 = max(min(fr, fg), min(max(fr, fg), fb));
        int first = fr >= fg && fr >= fb ? dr : (fg >= fb ? dg : db);
        int smallest = fb <= fg && fb <= fr ? db : (fg <= fr ? dg : dr);
        vec4 c1 = lut3d_entry(t, base + first);
        vec4 c2 = lut3d_entry(t, base + dr + dg + db - smallest);
        o = c000 + f1 * (c1 - c000) + f2 * (c2 - c1) + f3 * (c111 - c2);
    } else {
        vec4 c100 = lut3d_entry(t, base + dr), c010 = lut3d_entry(t, base + dg);
        vec4 c110 = lut3d_entry(t, base + dr + dg), c001 = lut3d_entry(t, base + db);
        vec4 c101 = lut3d_entry(t, base + dr + db), c011 = lut3d_entry(t, base + dg + db);
        precise vec4 x00 = c000 + fr * (c100 - c000);
        precise vec4 x10 = c010 + fr * (c110 - c010);
        precise vec4 x01 = c001 + fr * (c101 - c001);
        precise vec4 x11 = c011 + fr * (c111 - c011);
        precise vec4 y0 = x00 + fg * (x10 - x00);
        precise vec4 y1 = x01 + fg * (x11 - x01);
        o = y0 + fb * (y1 - y0);
    }
    return vec4(o.xyz, p.w);
}
