// The transfer curves (TransferFunction) in the fused chain shader, float64 as on the
// CPU: VectorMath's exp2/log2 and every curve's formula, operation for operation
// (`precise`: no FMA), so each result rounds to the same float. Compiled only into
// chain64.comp (devices with shaderFloat64); elsewhere the curves run on the CPU.
// Curves with a float32 kernel (FloatCurveKernel) use transfer32.glsl instead.
// The curves (ColorOps.table's transferCurve, GPUTransferCurve) and their
// constants, transfer_values(b, i): gamma (the power, then 1 for mirror), pq (to peak,
// from peak), hlg (no OOTF: c), cineon (black, log scale, exp scale, white code, black
// scale, floor), logc4 (a, b, c, s, t), acescc (zero, low and high codes), acescct (high
// code), clog3 (low and high codes), hlgOOTF (c, then the luminance exponent).

const double LN2 = 0.6931471805599453lf;
const double LOG2E = 1.4426950408889634lf;
const double LOG10OF2 = 0.30102999566398120lf;
const double LOG2OF10 = 3.3219280948873622lf;
const double MAGIC = 6755399441055744.0lf;
// One step of VectorMath.horner: p * x + c, rounded twice as on the CPU (no FMA). The
// coefficients are written out step by step below, not kept in a constant array: an
// array indexed in a loop becomes a per-invocation copy in SPIR-V (glslc's %indexable),
// which a driver that does not unroll the loop keeps in local memory.
double horner_step(double p, double x, double c) { precise double r = p * x + c; return r; }

// NaN and infinity from the bits, as vfx_isnan/vfx_isinf (gpu_common.glsl) for float:
// no "no NaN" assumption of a compiler (a device without SignedZeroInfNanPreserve for
// float64) can remove an integer test, where it may fold isnan() to false.
bool vfx_isnan64(double x) {
    uvec2 w = unpackDouble2x32(x);
    uint high = w.y & 0x7FFFFFFFu;
    return high > 0x7FF00000u || (high == 0x7FF00000u && w.x != 0u);
}
bool vfx_isinf64(double x) {
    uvec2 w = unpackDouble2x32(x);
    return (w.y & 0x7FFFFFFFu) == 0x7FF00000u && w.x == 0u;
}

// Swift's pointwiseMax/pointwiseMin are IEEE maxNum/minNum: a NaN operand loses.
double vm_max(double a, double b) { return vfx_isnan64(a) ? b : (vfx_isnan64(b) ? a : (a < b ? b : a)); }
double vm_min(double a, double b) { return vfx_isnan64(a) ? b : (vfx_isnan64(b) ? a : (b < a ? b : a)); }

double vm_exp2(double x) {
    double clamped = vm_min(vm_max(x, -1022.0lf), 1023.0lf);
    precise double shifted = clamped + MAGIC;
    precise double n = shifted - MAGIC;
    precise double f = (clamped - n) * LN2;
    // e^f to degree 10, highest power first: 1/10!, 1/9!, ... 1/2, 1, 1
    double p = 2.755731922398589e-07lf;
    p = horner_step(p, f, 2.7557319223985893e-06lf);
    p = horner_step(p, f, 2.48015873015873e-05lf);
    p = horner_step(p, f, 0.0001984126984126984lf);
    p = horner_step(p, f, 0.001388888888888889lf);
    p = horner_step(p, f, 0.008333333333333333lf);
    p = horner_step(p, f, 0.041666666666666664lf);
    p = horner_step(p, f, 0.16666666666666666lf);
    p = horner_step(p, f, 0.5lf);
    p = horner_step(p, f, 1.0lf);
    p = horner_step(p, f, 1.0lf);
    int integer = int(unpackDouble2x32(shifted).x);
    double scale = packDouble2x32(uvec2(0u, uint(integer + 1023) << 20));
    precise double r = p * scale;
    return r;
}

double vm_log2(double x) {
    uvec2 w = unpackDouble2x32(x);
    int exponent = int((w.y >> 20) & 0x7FFu) - 1023;
    precise double m = packDouble2x32(uvec2(w.x, (w.y & 0x000FFFFFu) | 0x3FF00000u));
    bool high = m > 1.4142135623730951lf;
    m = high ? m * 0.5lf : m;
    exponent += high ? 1 : 0;
    precise double s = (m - 1.0lf) / (m + 1.0lf);
    precise double s2 = s * s;
    // atanh(s)/s in s² to s^14, highest power first: 1/15, 1/13, ... 1/3, 1
    double p = 0.06666666666666667lf;
    p = horner_step(p, s2, 0.07692307692307693lf);
    p = horner_step(p, s2, 0.09090909090909091lf);
    p = horner_step(p, s2, 0.1111111111111111lf);
    p = horner_step(p, s2, 0.14285714285714285lf);
    p = horner_step(p, s2, 0.2lf);
    p = horner_step(p, s2, 0.3333333333333333lf);
    p = horner_step(p, s2, 1.0lf);
    precise double lnm = 2.0lf * s * p;
    precise double r = double(exponent) + lnm * LOG2E;
    return vfx_isinf64(x) && x > 0.0lf ? x : r;
}

double vm_log10(double x) { precise double r = vm_log2(x) * LOG10OF2; return r; }
double vm_exp10(double x) { precise double y = x * LOG2OF10; return vm_exp2(y); }
double vm_ln(double x) { precise double r = vm_log2(x) * LN2; return r; }
double vm_exp(double x) { precise double y = x * LOG2E; return vm_exp2(y); }
double vm_pow(double x, double p) { precise double y = vm_log2(x) * p; return vm_exp2(y); }
double vm_abs(double x) { return x < 0.0lf ? -x : x; }

// One channel through curve `curve` (encode when `encode`); `b` = the first parameter word.
double transfer_curve(double x, uint curve, bool encode, uint b) {
    precise double r;
    if (curve == transferCurve_srgb) {  // sRGB
        if (encode) r = x <= 0.0031308lf ? 12.92lf * x : 1.055lf * vm_pow(x, 1.0lf / 2.4lf) - 0.055lf;
        else r = x <= 0.04045lf ? x * (1.0lf / 12.92lf) : vm_pow((x + 0.055lf) * (1.0lf / 1.055lf), 2.4lf);
    } else if (curve == transferCurve_rec709) {  // Rec.709
        if (encode) r = x < 0.018lf ? 4.5lf * x : 1.099lf * vm_pow(x, 0.45lf) - 0.099lf;
        else r = x < 0.081lf ? x * (1.0lf / 4.5lf) : vm_pow((x + 0.099lf) * (1.0lf / 1.099lf), 1.0lf / 0.45lf);
    } else if (curve == transferCurve_gamma) {  // gamma: the power of this direction, mirror flag
        double power = transfer_values(b, 0u);
        if (transfer_values(b, 1u) != 0.0lf) {
            double m = vm_pow(vm_abs(x), power);
            r = x < 0.0lf ? -m : m;
        } else {
            r = x > 0.0lf ? vm_pow(x, power) : 0.0lf;
        }
    } else if (curve == transferCurve_pq) {  // PQ
        const double m1 = 2610.0lf / 16384.0lf, m2 = 2523.0lf / 4096.0lf * 128.0lf;
        const double c1 = 3424.0lf / 4096.0lf, c2 = 2413.0lf / 4096.0lf * 32.0lf, c3 = 2392.0lf / 4096.0lf * 32.0lf;
        if (encode) {
            precise double scaled = x * transfer_values(b, 0u);
            double ym1 = vm_pow(vm_max(scaled, 0.0lf), m1);
            precise double ratio = (c1 + c2 * ym1) / (1.0lf + c3 * ym1);
            r = vm_pow(ratio, m2);
        } else {
            double e = vm_pow(vm_max(x, 0.0lf), 1.0lf / m2);
            precise double d = c2 - c3 * e;
            double denominator = vm_max(d, 1e-300lf);
            precise double top = e - c1;
            precise double ratio = vm_max(top, 0.0lf) / denominator;
            r = vm_pow(ratio, 1.0lf / m1) * transfer_values(b, 1u);
        }
    } else if (curve == transferCurve_hlg) {  // HLG, no OOTF
        const double a = 0.17883277lf, hb = 1.0lf - 4.0lf * 0.17883277lf;
        double hc = transfer_values(b, 0u);  // 0.5 - a * ln(4a), computed on the host with libm's log
        double v = vm_abs(x);
        precise double e;
        if (encode) {
            precise double three = 3.0lf * v;
            precise double arg = 12.0lf * v - hb;
            e = v <= 1.0lf / 12.0lf ? sqrt(three) : a * vm_ln(arg) + hc;
        } else {
            precise double arg = (v - hc) * (1.0lf / a);
            e = v <= 0.5lf ? v * v * (1.0lf / 3.0lf) : (vm_exp(arg) + hb) * (1.0lf / 12.0lf);
        }
        r = x < 0.0lf ? -e : e;
    } else if (curve == transferCurve_cineon) {  // Cineon: black, log scale, exp scale, white code, black scale
        double black = transfer_values(b, 0u), logScale = transfer_values(b, 1u), expScale = transfer_values(b, 2u), whiteCode = transfer_values(b, 3u);
        if (encode) {
            precise double arg = x * (1.0lf - black) + black;
            r = whiteCode + vm_log10(vm_max(arg, transfer_values(b, 5u))) * logScale;
        } else {
            precise double arg = (x - whiteCode) * expScale;
            r = (vm_exp10(arg) - black) * transfer_values(b, 4u);
        }
    } else if (curve == transferCurve_logc3) {  // ARRI LogC3
        if (encode) r = x > 0.010591lf ? 0.247190lf * vm_log10(5.555556lf * x + 0.052272lf) + 0.385537lf
                                       : 5.367655lf * x + 0.092809lf;
        else {
            precise double arg = (x - 0.385537lf) * (LOG2OF10 / 0.247190lf);
            r = x > 5.367655lf * 0.010591lf + 0.092809lf ? (vm_exp2(arg) - 0.052272lf) * (1.0lf / 5.555556lf)
                                                         : (x - 0.092809lf) * (1.0lf / 5.367655lf);
        }
    } else if (curve == transferCurve_logc4) {  // ARRI LogC4: a, b, c, s, t from the host
        double a = transfer_values(b, 0u), lb = transfer_values(b, 1u), lc = transfer_values(b, 2u), s = transfer_values(b, 3u), t = transfer_values(b, 4u);
        if (encode) {
            precise double arg = a * x + 64.0lf;
            r = x >= t ? (vm_log2(arg) - 6.0lf) / 14.0lf * lb + lc : (x - t) * (1.0lf / s);
        } else {
            precise double arg = (x - lc) * (14.0lf / lb) + 6.0lf;
            r = x >= 0.0lf ? (vm_exp2(arg) - 64.0lf) * (1.0lf / a) : x * s + t;
        }
    } else if (curve == transferCurve_slog3) {  // Sony S-Log3
        const double slope = (171.2102946929lf - 95.0lf) / 0.01125lf / 1023.0lf;
        if (encode) {
            precise double arg = (x + 0.01lf) * (1.0lf / 0.19lf);
            r = x >= 0.01125lf ? (420.0lf + vm_log10(arg) * 261.5lf) * (1.0lf / 1023.0lf) : x * slope + 95.0lf / 1023.0lf;
        } else {
            precise double arg = (x * 1023.0lf - 420.0lf) * (1.0lf / 261.5lf);
            r = x >= 171.2102946929lf / 1023.0lf ? vm_exp10(arg) * 0.19lf - 0.01lf : (x - 95.0lf / 1023.0lf) * (1.0lf / slope);
        }
    } else if (curve == transferCurve_vlog) {  // Panasonic V-Log
        if (encode) {
            precise double arg = x + 0.00873lf;
            r = x < 0.01lf ? 5.6lf * x + 0.125lf : 0.241514lf * vm_log10(arg) + 0.598206lf;
        } else {
            precise double arg = (x - 0.598206lf) * (1.0lf / 0.241514lf);
            r = x < 0.181lf ? (x - 0.125lf) * (1.0lf / 5.6lf) : vm_exp10(arg) - 0.00873lf;
        }
    } else if (curve == transferCurve_acescc) {  // ACEScc: zero code, low code, high code from the host
        if (encode) {
            precise double toeArg = 1.52587890625e-05lf + x * 0.5lf;
            precise double toe = (vm_log2(toeArg) + 9.72lf) * (1.0lf / 17.52lf);
            precise double lg = (vm_log2(x) + 9.72lf) * (1.0lf / 17.52lf);
            r = x <= 0.0lf ? transfer_values(b, 0u) : (x < 3.0517578125e-05lf ? toe : lg);
        } else {
            precise double arg = x * 17.52lf - 9.72lf;
            double power = vm_exp2(arg);
            precise double toe = (power - 1.52587890625e-05lf) * 2.0lf;
            r = x <= transfer_values(b, 1u) ? toe : (x < transfer_values(b, 2u) ? power : 65504.0lf);
        }
    } else if (curve == transferCurve_acescct) {  // ACEScct: high code from the host
        const double a = 10.5402377416545lf, cb = 0.0729055341958355lf;
        if (encode) r = x <= 0.0078125lf ? a * x + cb : (vm_log2(x) + 9.72lf) * (1.0lf / 17.52lf);
        else {
            precise double arg = x * 17.52lf - 9.72lf;
            r = x <= 0.155251141552511lf ? (x - cb) * (1.0lf / a) : (x < transfer_values(b, 0u) ? vm_exp2(arg) : 65504.0lf);
        }
    } else if (curve == transferCurve_clog3) {  // Canon Log 3: low code, high code from the host
        if (encode) {
            precise double v = x * (1.0lf / 0.9lf);
            precise double lowArg = 1.0lf - 14.98325lf * v;
            precise double highArg = 1.0lf + 14.98325lf * v;
            precise double low = -0.36726845lf * vm_log10(lowArg) + 0.12783901lf;
            precise double high = 0.36726845lf * vm_log10(highArg) + 0.12240537lf;
            r = v < -0.014lf ? low : (v <= 0.014lf ? 1.9754798lf * v + 0.12512219lf : high);
        } else {
            precise double lowArg = (0.12783901lf - x) * (1.0lf / 0.36726845lf);
            precise double highArg = (x - 0.12240537lf) * (1.0lf / 0.36726845lf);
            precise double low = -(vm_exp10(lowArg) - 1.0lf) * (1.0lf / 14.98325lf);
            precise double high = (vm_exp10(highArg) - 1.0lf) * (1.0lf / 14.98325lf);
            precise double middle = (x - 0.12512219lf) * (1.0lf / 1.9754798lf);
            r = 0.9lf * (x < transfer_values(b, 0u) ? low : (x <= transfer_values(b, 1u) ? middle : high));
        }
    } else {                    // RED Log3G10
        if (encode) {
            precise double v = x + 0.01lf;
            precise double arg = v * 155.975327lf + 1.0lf;
            r = v < 0.0lf ? v * 15.1927lf : 0.224282lf * vm_log10(arg);
        } else {
            precise double arg = x * (1.0lf / 0.224282lf);
            precise double v = x < 0.0lf ? x * (1.0lf / 15.1927lf) : (vm_exp10(arg) - 1.0lf) * (1.0lf / 155.975327lf);
            r = v - 0.01lf;
        }
    }
    return r;
}

// HLGCurve.luminanceFactor: Y^exponent of the BT.2100 luminance, 0 unless Y > 0.
double hlg_luminance_factor(dvec3 v, double exponent) {
    precise double y = 0.2627lf * v.x + 0.6780lf * v.y + 0.0593lf * v.z;
    return y > 0.0lf ? vm_pow(y, exponent) : 0.0lf;
}

// code = the op's variant: 2 * curve + (1 for encode). RGB only; NaN stays NaN.
// HLG with the OOTF (hlgOOTF, as HLGOOTFRenderer and HLGInverseOOTFRenderer) runs
// hlg with the luminance factor before (encode) or after (decode). transfer_curve
// has one call site: the driver inlines it once per chain step before specialization
// removes the other curves, so this keeps pipeline creation quick.
vec4 op_transfer(vec4 p, uint code, uint b) {
    uint curve = code >> 1;
    bool encode = (code & 1u) != 0u;
    bool ootf = curve == transferCurve_hlgOOTF;
    double exponent = ootf ? transfer_values(b, 1u) : 0.0lf;
    dvec3 v = dvec3(p.xyz);
    double before = ootf && encode ? hlg_luminance_factor(v, exponent) : 1.0lf;
    dvec3 r;
    for (int c = 0; c < 3; c++) {
        precise double scaled = v[c] * before;
        r[c] = transfer_curve(ootf && encode ? scaled : v[c], ootf ? transferCurve_hlg : curve, encode, b);
    }
    if (ootf && !encode) {
        double after = hlg_luminance_factor(r, exponent);
        precise dvec3 light = r * after;
        r = light;
    }
    vec4 o = p;
    for (int c = 0; c < 3; c++) o[c] = vfx_isnan(p[c]) ? p[c] : float(r[c]);
    return o;
}
