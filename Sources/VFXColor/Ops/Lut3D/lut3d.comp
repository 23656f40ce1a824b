#version 450
#extension GL_GOOGLE_include_directive : require
#include "gpu_common.glsl"

// Lut3DOp (Lut3DRenderer): words 0 size, 1-3 a, 4-6 b (domain onto [0, 1]),
// 7 = 1 for tetrahedral; the table holds size^3 RGBA-padded entries, red fastest.

// floor(x) and x - floor(x) for 0 <= x <= 256, as Lut3DRenderer.split: x + 2^23 puts
// round(x) in the low mantissa bits.
void split(float x, out int i, out float f) {
    precise float y = x + 8388608.0;
    precise float nearest = y - 8388608.0;
    i = int(floatBitsToUint(y) & 0x7FFFFFu);
    precise float d = x - nearest;
    bool below = d < 0.0;
    i = below ? i - 1 : i;
    precise float up = d + 1.0;
    f = below ? up : d;
}

vec4 entry(int index) {
    uint k = 4u * uint(index);
    return vec4(table[k], table[k + 1u], table[k + 2u], 0.0);
}

float position(float x, float a, float b, float step) {
    precise float q = (x * a + b) * step;
    float low = q >= 0.0 ? q : 0.0;          // Swift.max(0, q): NaN -> 0
    return low < step ? low : step;          // Swift.min(last, v)
}

void main() {
    uint i;
    if (!pixelIndex(i)) return;
    int n = int(pu(0));
    float step = float(n - 1);
    vec4 p = px[i];
    int r0, g0, b0;
    float fr, fg, fb;
    split(position(p.x, pf(1), pf(4), step), r0, fr);
    split(position(p.y, pf(2), pf(5), step), g0, fg);
    split(position(p.z, pf(3), pf(6), step), b0, fb);
    int dr = r0 < n - 1 ? 1 : 0;
    int dg = g0 < n - 1 ? n : 0;
    int db = b0 < n - 1 ? n * n : 0;
    int base = b0 * n * n + g0 * n + r0;
    vec4 c000 = entry(base);
    vec4 c111 = entry(base + dr + dg + db);
    precise vec4 o;
    if (pu(7) != 0u) {
        float f1 = max(fr, max(fg, fb));
        float f3 = min(fr, min(fg, fb));
        float f2 = max(min(fr, fg), min(max(fr, fg), fb));
        int first = fr >= fg && fr >= fb ? dr : (fg >= fb ? dg : db);
        int smallest = fb <= fg && fb <= fr ? db : (fg <= fr ? dg : dr);
        vec4 c1 = entry(base + first);
        vec4 c2 = entry(base + dr + dg + db - smallest);
        o = c000 + f1 * (c1 - c000) + f2 * (c2 - c1) + f3 * (c111 - c2);
    } else {
        vec4 c100 = entry(base + dr), c010 = entry(base + dg), c110 = entry(base + dr + dg);
        vec4 c001 = entry(base + db), c101 = entry(base + dr + db), c011 = entry(base + dg + db);
        precise vec4 x00 = c000 + fr * (c100 - c000);
        precise vec4 x10 = c010 + fr * (c110 - c010);
        precise vec4 x01 = c001 + fr * (c101 - c001);
        precise vec4 x11 = c011 + fr * (c111 - c011);
        precise vec4 y0 = x00 + fg * (x10 - x00);
        precise vec4 y1 = x01 + fg * (x11 - x01);
        o = y0 + fb * (y1 - y0);
    }
    px[i] = vec4(o.xyz, p.w);
}
