"""vfxpy.transfer against float64 numpy implementations written here from the published
formulas, and against OpenColorIO 2.1's builtin transforms (ocio_ref.py).

Tolerance: float32 results within 1e-6 of the float64 reference, absolute for |ref| ≤ 1
and relative above (err / max(1, |ref|) ≤ 1e-6): curves whose outputs reach 10–65504
(PQ decode, log decodes) cannot hold an absolute 1e-6 in float32, whose spacing at 100
is 7.6e-6.
"""

import numpy as np
import pytest

import vfxpy
from vfxpy import transfer
from ocio_transforms_ref import ocio_apply

TOL = 1e-6


def err(got, ref):
    got = np.asarray(got, np.float64)
    return float(np.max(np.abs(got - ref) / np.maximum(1.0, np.abs(ref))))


# ---- references, float64, from the documents ---------------------------------------

def srgb_encode(L):  # IEC 61966-2-1:1999, 5.2 (inverse of 5.3)
    return np.where(L <= 0.0031308, 12.92 * L, 1.055 * np.abs(L) ** (1 / 2.4) - 0.055)


def srgb_decode(V):  # IEC 61966-2-1:1999, 5.2
    return np.where(V <= 0.04045, V / 12.92, ((np.abs(V) + 0.055) / 1.055) ** 2.4)


def rec709_encode(L):  # ITU-R BT.709-6, 1.2
    return np.where(L < 0.018, 4.5 * L, 1.099 * np.abs(L) ** 0.45 - 0.099)


def rec709_decode(V):
    return np.where(V < 4.5 * 0.018, V / 4.5, ((np.abs(V) + 0.099) / 1.099) ** (1 / 0.45))


def bt1886_decode(V):  # ITU-R BT.1886 Annex 1 with Lw = 1, Lb = 0: a = 1, b = 0
    return np.maximum(V, 0) ** 2.4


def bt1886_encode(L):
    return np.maximum(L, 0) ** (1 / 2.4)


PQ = dict(m1=2610 / 4096 / 4, m2=2523 / 4096 * 128, c1=3424 / 4096, c2=2413 / 4096 * 32, c3=2392 / 4096 * 32)


def pq_decode(N, scale=100.0):  # SMPTE ST 2084:2014, 4.2; Y in 10000 cd/m2 -> linear 1 = scale cd/m2
    p = PQ
    Np = np.maximum(N, 0) ** (1 / p["m2"])
    Y = (np.maximum(Np - p["c1"], 0) / (p["c2"] - p["c3"] * Np)) ** (1 / p["m1"])
    return Y * 10000 / scale


def pq_encode(L, scale=100.0):  # ST 2084, 5.3
    p = PQ
    Y = np.maximum(L * scale / 10000, 0)
    return ((p["c1"] + p["c2"] * Y ** p["m1"]) / (1 + p["c3"] * Y ** p["m1"])) ** p["m2"]


HLG_A = 0.17883277
HLG_B = 1 - 4 * HLG_A
HLG_C = 0.5 - HLG_A * np.log(4 * HLG_A)


def hlg_encode(E):  # ITU-R BT.2100-2, Table 5 OETF (odd extension for negatives)
    a = np.abs(E)
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(a <= 1 / 12, np.sqrt(3 * a), HLG_A * np.log(np.maximum(12 * a - HLG_B, 1e-300)) + HLG_C)
    return np.sign(E) * v


def hlg_decode(S):  # BT.2100-2 inverse OETF
    a = np.abs(S)
    return np.sign(S) * np.where(a <= 0.5, a * a / 3, (np.exp((a - HLG_C) / HLG_A) + HLG_B) / 12)


def hlg_ootf(rgb, gamma=1.2):  # BT.2100-2 Table 5 OOTF, alpha = 1 (Lw normalized), beta = 0
    ys = rgb @ np.array([0.2627, 0.6780, 0.0593])
    return rgb * np.where(ys > 0, np.abs(ys) ** (gamma - 1), 0)[:, None]


def cineon_k(white=685, black=95, gamma=0.6):
    return 10 ** ((black - white) * 0.002 / gamma)


def cineon_encode(L, white=685, black=95, gamma=0.6):  # Kodak Cineon printing density
    k = cineon_k(white, black, gamma)
    return (white + np.log10(L * (1 - k) + k) * gamma / 0.002) / 1023


def cineon_decode(V, white=685, black=95, gamma=0.6):
    k = cineon_k(white, black, gamma)
    return (10 ** ((V * 1023 - white) * 0.002 / gamma) - k) / (1 - k)


LOGC3 = dict(cut=0.010591, a=5.555556, b=0.052272, c=0.247190, d=0.385537, e=5.367655, f=0.092809)


def logc3_encode(x):  # ARRI "ALEXA Log C Curve, Usage in VFX" (2017), EI 800 row
    p = LOGC3
    return np.where(x > p["cut"], p["c"] * np.log10(np.maximum(p["a"] * x + p["b"], 1e-300)) + p["d"],
                    p["e"] * x + p["f"])


def logc3_decode(t):
    p = LOGC3
    return np.where(t > p["e"] * p["cut"] + p["f"], (10 ** ((t - p["d"]) / p["c"]) - p["b"]) / p["a"],
                    (t - p["f"]) / p["e"])


LC4_A = (2 ** 18 - 16) / 117.45
LC4_B = (1023 - 95) / 1023
LC4_C = 95 / 1023
LC4_S = (7 * np.log(2) * 2 ** (7 - 14 * LC4_C / LC4_B)) / (LC4_A * LC4_B)
LC4_T = (2 ** (14 * (-LC4_C / LC4_B) + 6) - 64) / LC4_A


def logc4_encode(E):  # ARRI "LogC4 Logarithmic Color Space SPECIFICATION" (2022)
    return np.where(E >= LC4_T, (np.log2(np.maximum(LC4_A * E + 64, 1e-300)) - 6) / 14 * LC4_B + LC4_C,
                    (E - LC4_T) / LC4_S)


def logc4_decode(Ep):
    return np.where(Ep >= 0, (2 ** (14 * (Ep - LC4_C) / LC4_B + 6) - 64) / LC4_A, Ep * LC4_S + LC4_T)


def slog3_encode(x):  # Sony "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3"
    return np.where(x >= 0.01125000,
                    (420.0 + np.log10(np.maximum((x + 0.01) / (0.18 + 0.01), 1e-300)) * 261.5) / 1023.0,
                    (x * (171.2102946929 - 95.0) / 0.01125000 + 95.0) / 1023.0)


def slog3_decode(y):
    return np.where(y >= 171.2102946929 / 1023.0, (10.0 ** ((y * 1023.0 - 420.0) / 261.5)) * (0.18 + 0.01) - 0.01,
                    (y * 1023.0 - 95.0) * 0.01125000 / (171.2102946929 - 95.0))


def vlog_encode(L):  # Panasonic "V-Log/V-Gamut Reference manual" (2014)
    return np.where(L < 0.01, 5.6 * L + 0.125, 0.241514 * np.log10(np.maximum(L + 0.00873, 1e-300)) + 0.598206)


def vlog_decode(V):
    return np.where(V < 0.181, (V - 0.125) / 5.6, 10 ** ((V - 0.598206) / 0.241514) - 0.00873)


def acescc_encode(x):  # Academy S-2014-003, 4.4
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x <= 0, (-16 + 9.72) / 17.52,
                        np.where(x < 2 ** -15, (np.log2(2 ** -16 + np.abs(x) * 0.5) + 9.72) / 17.52,
                                 (np.log2(np.abs(x)) + 9.72) / 17.52))


def acescc_decode(y):  # S-2014-003, 4.5
    return np.where(y <= (9.72 - 15) / 17.52, (2 ** (y * 17.52 - 9.72) - 2 ** -16) * 2,
                    np.where(y < (np.log2(65504) + 9.72) / 17.52, 2 ** (y * 17.52 - 9.72), 65504.0))


def acescct_encode(x):  # Academy S-2016-001, 4.4
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x <= 0.0078125, 10.5402377416545 * x + 0.0729055341958355,
                        (np.log2(np.abs(x)) + 9.72) / 17.52)


def acescct_decode(y):  # S-2016-001, 4.5
    return np.where(y <= 0.155251141552511, (y - 0.0729055341958355) / 10.5402377416545,
                    np.where(y < (np.log2(65504) + 9.72) / 17.52, 2 ** (y * 17.52 - 9.72), 65504.0))


def clog3_encode(x):  # Canon "Canon Log 3" (white paper v1.2): input is reflectance / 0.9
    r = x / 0.9
    with np.errstate(invalid="ignore"):
        return np.where(r < -0.014, -0.36726845 * np.log10(np.maximum(-r * 14.98325 + 1, 1e-300)) + 0.12783901,
                        np.where(r <= 0.014, 1.9754798 * r + 0.12512219,
                                 0.36726845 * np.log10(np.maximum(r * 14.98325 + 1, 1e-300)) + 0.12240537))


def clog3_decode(y):
    r = np.where(y < 0.097465473, -(10 ** ((0.12783901 - y) / 0.36726845) - 1) / 14.98325,
                 np.where(y <= 0.15277891, (y - 0.12512219) / 1.9754798,
                          (10 ** ((y - 0.12240537) / 0.36726845) - 1) / 14.98325))
    return r * 0.9


def log3g10_encode(x):  # RED "REDWideGamutRGB and Log3G10" white paper (v3, 2017)
    x = x + 0.01
    return np.where(x < 0, x * 15.1927, 0.224282 * np.log10(np.maximum(x * 155.975327 + 1, 1e-300)))


def log3g10_decode(y):
    return np.where(y < 0, y / 15.1927, (10 ** (y / 0.224282) - 1) / 155.975327) - 0.01


REFERENCES = {
    "srgb": (srgb_encode, srgb_decode), "rec709": (rec709_encode, rec709_decode),
    "bt1886": (bt1886_encode, bt1886_decode), "pq": (pq_encode, pq_decode), "hlg": (hlg_encode, hlg_decode),
    "cineon": (cineon_encode, cineon_decode), "logc3": (logc3_encode, logc3_decode),
    "logc4": (logc4_encode, logc4_decode), "slog3": (slog3_encode, slog3_decode),
    "vlog": (vlog_encode, vlog_decode), "acescc": (acescc_encode, acescc_decode),
    "acescct": (acescct_encode, acescct_decode), "clog3": (clog3_encode, clog3_decode),
    "log3g10": (log3g10_encode, log3g10_decode),
}

# Linear light: negatives, 0, tiny, the toe/knee regions, 1 and large values.
LINEAR = np.concatenate([
    [-1.0, -0.5, -0.1, -0.01, -1e-3, -1e-5, 0.0, 1e-9, 1e-7, 1e-6, 1e-5, 3e-5, 1e-4, 1e-3, 0.0031308, 0.018,
     0.01125, 0.010591, 0.0078125, 1 / 12, 0.18, 0.5, 1.0, 2.0, 10.0, 55.0, 100.0],
    np.linspace(-0.05, 1.5, 3001), np.geomspace(1e-6, 200.0, 2001),
]).astype(np.float32)
# Code values: below 0, the toe and the full range, above 1.
CODE = np.concatenate([[-0.2, -0.05, 0.0, 1e-6, 0.04045, 0.081, 0.5, 1.0, 1.1, 1.3],
                       np.linspace(-0.1, 1.2, 5001)]).astype(np.float32)

# Where a curve is not defined or not invertible, the sweep is restricted to its domain.
LINEAR_DOMAIN = {
    "cineon": lambda x: x > -cineon_k() / (1 - cineon_k()) + 1e-3,
    "logc3": lambda x: x > -LOGC3["b"] / LOGC3["a"] + 1e-4,  # the log branch needs a·x + b > 0
}
CODE_DOMAIN = {
    "pq": lambda y: y <= 1.0,
    "hlg": lambda y: np.abs(y) <= 1.1,
    "acescc": lambda y: y <= 1.46,
    "acescct": lambda y: y <= 1.46,
}
ROUND_TRIP = {  # the domain on which decode(encode(x)) = x
    "pq": lambda x: (x >= 0) & (x <= 100),
    "bt1886": lambda x: x >= 0,
    "acescc": lambda x: (x > 0) & (x < 65504),
    "hlg": lambda x: np.abs(x) <= 1,
    # BT.709's published pieces do not meet (4.5 * 0.018 = 0.081, the power gives 0.081243):
    # an input within a float32 step of 0.018 encodes to 0.081 exactly and decodes on the
    # power piece. Everything else round-trips.
    "rec709": lambda x: np.abs(x - 0.018) > 1e-8,
}


def run_curve(values, curve, direction, **params):
    rgba = np.zeros((len(values), 1, 4), np.float32)
    rgba[:, 0, 0] = values
    rgba[:, 0, 1] = values[::-1]
    rgba[:, 0, 2] = values
    rgba[:, 0, 3] = 0.25
    transfer.apply(vfxpy.Image(rgba), curve, direction, **params)
    assert np.all(rgba[:, 0, 3] == np.float32(0.25)), "alpha changed"
    np.testing.assert_array_equal(rgba[:, 0, 1], rgba[::-1, 0, 0])
    return rgba[:, 0, 0]


@pytest.mark.parametrize("curve", sorted(REFERENCES))
def test_encode_matches_published_formula(curve):
    x = LINEAR[LINEAR_DOMAIN.get(curve, lambda v: v == v)(LINEAR)]
    got = run_curve(x, curve, "encode")
    ref = REFERENCES[curve][0](x.astype(np.float64))
    assert err(got, ref) <= TOL, f"{curve} encode: worst at x={x[np.argmax(np.abs(got - ref))]}"


@pytest.mark.parametrize("curve", sorted(REFERENCES))
def test_decode_matches_published_formula(curve):
    y = CODE[CODE_DOMAIN.get(curve, lambda v: v == v)(CODE)]
    got = run_curve(y, curve, "decode")
    ref = REFERENCES[curve][1](y.astype(np.float64))
    worst = y[np.argmax(np.abs(got - ref) / np.maximum(1, np.abs(ref)))]
    assert err(got, ref) <= TOL, f"{curve} decode: worst at y={worst}"


@pytest.mark.parametrize("curve", sorted(REFERENCES))
def test_round_trip(curve):
    x = LINEAR[LINEAR_DOMAIN.get(curve, lambda v: v == v)(LINEAR)]
    x = x[ROUND_TRIP.get(curve, lambda v: v == v)(x)]
    back = run_curve(run_curve(x, curve, "encode"), curve, "decode")
    assert err(back, x.astype(np.float64)) <= TOL


def test_gamma_and_parameters():
    x = LINEAR.astype(np.float64)
    assert err(run_curve(LINEAR, "gamma", "decode", gamma=2.6), np.maximum(x, 0) ** 2.6) <= TOL
    mirrored = np.sign(x) * np.abs(x) ** (1 / 2.2)
    assert err(run_curve(LINEAR, "gamma", "encode", mirror=True), mirrored) <= TOL
    code = CODE[CODE <= 1].astype(np.float64)
    assert err(run_curve(CODE[CODE <= 1], "pq", "decode", scale=10000), pq_decode(code, 10000)) <= TOL
    assert err(run_curve(CODE, "cineon", "decode", ref_white=695, ref_black=95, gamma=0.7),
               cineon_decode(CODE.astype(np.float64), 695, 95, 0.7)) <= TOL


@pytest.mark.parametrize("scale", [100.0, 203.0, 10000.0])
def test_pq_dense_sweep(scale):
    # PQ amplifies rounding (x750 on N^(1/m2) near code 1, x79 on the encode ratio's log2):
    # its float32 kernels carry float pairs there. Every 1009th float bit pattern of the
    # codes [0, 1] and of linear [0, 10000 / scale] (all exponents down to denormals), and
    # the round trip, at TOL: measured 3.4e-7 (decode), 3.7e-8 (encode), 6.1e-7 (round
    # trip) over every 61st pattern.
    codes = np.arange(0, np.float32(1).view(np.uint32) + 1, 1009, np.uint32).view(np.float32)
    got = run_curve(codes, "pq", "decode", scale=scale)
    assert err(got, pq_decode(codes.astype(np.float64), scale)) <= TOL
    top = np.float32(10000 / scale).view(np.uint32)
    lin = np.arange(0, top + 1, 1009, np.uint32).view(np.float32)
    enc = run_curve(lin, "pq", "encode", scale=scale)
    assert err(enc, pq_encode(lin.astype(np.float64), scale)) <= TOL
    assert err(run_curve(enc, "pq", "decode", scale=scale), lin.astype(np.float64)) <= TOL
    # edges: denormals, the smallest normal, the float range's end and infinity, negatives
    edges = np.float32([1e-45, 1e-40, 1.1754944e-38, 3.4028235e38, np.inf, -np.inf, -1.0, -1e-30, -0.0])
    ref = pq_encode(np.minimum(edges.astype(np.float64), 1e300), scale)
    assert err(run_curve(edges, "pq", "encode", scale=scale), ref) <= TOL
    assert run_curve(edges, "pq", "decode", scale=scale)[[0, 1, 2, 6, 7, 8]].tolist() == [0.0] * 6
    assert run_curve(np.float32([2.0, 8.0, np.inf]), "pq", "decode", scale=scale).tolist() == [np.inf] * 3


def test_published_values():
    # ST 2084: 100 cd/m2 -> 0.5080784; 10000 cd/m2 -> 1. BT.2100 HLG: E = 1/12 -> 0.5, 1 -> 1.
    assert abs(run_curve(np.float32([1.0]), "pq", "encode")[0] - 0.50807842) < 1e-6
    assert abs(run_curve(np.float32([100.0]), "pq", "encode")[0] - 1.0) < 1e-6
    assert abs(run_curve(np.float32([1 / 12]), "hlg", "encode")[0] - 0.5) < 1e-6
    assert abs(run_curve(np.float32([1.0]), "hlg", "encode")[0] - 1.0) < 1e-6
    # S-Log3: 18% grey at code 420/1023; LogC3 EI 800: 18% grey at 0.391007 (ARRI table).
    assert abs(run_curve(np.float32([0.18]), "slog3", "encode")[0] - 420 / 1023) < 1e-6
    assert abs(run_curve(np.float32([0.18]), "logc3", "encode")[0] - 0.391007) < 1e-6
    # LogC4: 18% grey -> 0.278396 (ARRI spec). V-Log: 18% -> 0.423311. ACEScct: 0 -> 0.0729055.
    assert abs(run_curve(np.float32([0.18]), "logc4", "encode")[0] - 0.278396) < 1e-6
    assert abs(run_curve(np.float32([0.18]), "vlog", "encode")[0] - 0.423311) < 1e-6
    assert abs(run_curve(np.float32([0.0]), "acescct", "encode")[0] - 0.0729055341958355) < 1e-7


def test_decode_saturation():
    # ACEScct's third piece: 65504 exactly from ACEScc's top code up (the float kernel's
    # ceiling), and its log piece just below it. Cineon's decode is its log piece on every
    # input: -inf goes to -k / (1 - k), +inf to +inf.
    top = (np.log2(65504.0) + 9.72) / 17.52
    codes = np.float32([np.nextafter(np.float32(top), np.float32(2)), 1.5, 2.0, 1e30, np.inf])
    assert run_curve(codes, "acescct", "decode").tolist() == [65504.0] * 5
    below = np.float32(1.4679)
    assert err(run_curve(np.float32([below]), "acescct", "decode"), acescct_decode(np.float64([below]))) <= TOL
    k = cineon_k()
    got = run_curve(np.float32([-np.inf, -1e30, np.inf]), "cineon", "decode")
    assert abs(got[0] + k / (1 - k)) < 1e-8 and abs(got[1] + k / (1 - k)) < 1e-8 and got[2] == np.inf
    # Cineon's encode: linear values with no log (at or below -k / (1 - k)) take the log of
    # the smallest normal float, -inf included; +inf encodes to +inf.
    floor_code = (685 + np.log10(np.finfo(np.float32).tiny) * 0.6 / 0.002) / 1023
    got = run_curve(np.float32([-np.inf, -1e30, -1.0, np.inf]), "cineon", "encode")
    assert err(got[:3], np.full(3, floor_code)) <= TOL and got[3] == np.inf


def test_hlg_ootf():
    rng = np.random.default_rng(1)
    signal = rng.uniform(0, 1, (4096, 3)).astype(np.float32)
    rgba = np.concatenate([signal, np.full((4096, 1), 0.5, np.float32)], 1)[:, None, :].copy()
    transfer.apply_hlg(vfxpy.Image(rgba), "decode", ootf=True)
    ref = hlg_ootf(hlg_decode(signal.astype(np.float64)))
    assert err(rgba[:, 0, :3], ref) <= TOL
    assert np.all(rgba[:, 0, 3] == 0.5)
    transfer.apply_hlg(vfxpy.Image(rgba), "encode", ootf=True)
    assert err(rgba[:, 0, :3], signal.astype(np.float64)) <= 2 * TOL


def test_named_helpers_and_integer_images():
    a = np.float32([[[0.5, 0.2, 0.9, 0.3]]])
    transfer.srgb_to_linear(vfxpy.Image(a))
    assert err(a[0, 0, :3], srgb_decode(np.float64([0.5, 0.2, 0.9]))) <= TOL
    transfer.linear_to_srgb(vfxpy.Image(a))
    assert err(a[0, 0, :3], np.float64([0.5, 0.2, 0.9])) <= TOL
    u8 = np.arange(256, dtype=np.uint8).reshape(16, 16, 1).repeat(4, 2)
    transfer.srgb_to_linear(vfxpy.Image(u8))
    ref = np.floor(np.clip(srgb_decode(np.arange(256) / 255.0), 0, 1) * 255 + 0.5)
    assert np.array_equal(u8[..., 0].ravel(), ref.astype(np.uint8))
    assert np.array_equal(u8[..., 3].ravel(), np.arange(256, dtype=np.uint8))


def test_chain_fuses_curves_with_other_ops():
    rng = np.random.default_rng(2)
    a = rng.uniform(0, 1, (64, 64, 4)).astype(np.float32)
    b = a.copy()
    proc = vfxpy.Processor()
    chain = proc.chain(vfxpy.Image(a)).transfer("logc3", "decode").exposure(1).transfer("srgb", direction="encode")
    assert chain.ops == ["logc3_decode", "matrix", "srgb_encode"]
    chain.run()
    img = vfxpy.Image(b)
    proc.transfer(img, "logc3", "decode").exposure(img, 1).transfer(img, "srgb", "encode")
    np.testing.assert_array_equal(a, b)
    src = np.random.default_rng(2).uniform(0, 1, (64, 64, 4))
    expected = srgb_encode(2 * logc3_decode(src[..., :3].astype(np.float32).astype(np.float64)))
    assert err(a[..., :3], expected) <= 2 * TOL


def test_curves_listing():
    names = list(transfer.curves())
    assert names == ["srgb", "rec709", "bt1886", "gamma", "pq", "hlg", "cineon", "logc3", "logc4", "slog3",
                     "vlog", "acescc", "acescct", "clog3", "log3g10"]
    assert transfer.curves()["pq"][1] == ["scale"]


@pytest.mark.parametrize("call, message", [
    (lambda img: transfer.decode(img, "logc9"), "unknown curve 'logc9'; valid curves: srgb"),
    (lambda img: transfer.apply(img, "srgb", "forward"), "direction must be 'encode' or 'decode'"),
    (lambda img: transfer.apply_pq(img, "sideways"), "direction must be 'encode' or 'decode'"),
    (lambda img: transfer.decode(img, "srgb", gamma=2.2), "curve 'srgb' has no parameter 'gamma'"),
    (lambda img: transfer.decode(img, "pq", scal=100), "curve 'pq' has no parameter 'scal'; valid: scale"),
    (lambda img: transfer.apply_pq(img, scale=0), "scale must be a positive number"),
    (lambda img: transfer.decode(img, "gamma", gamma=-2), "gamma must be a positive number"),
    (lambda img: transfer.decode(img, "pq", scale=float("nan")), "scale must be a positive number"),
    (lambda img: transfer.decode(img, "cineon", ref_black=700), "ref_black must be in [0, ref_white)"),
])
def test_bad_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        call(vfxpy.Image(np.zeros((2, 2, 4), np.float32)))


def test_bad_types_raise_type_error():
    img = vfxpy.Image(np.zeros((2, 2, 4), np.float32))
    with pytest.raises(TypeError, match="img must be a vfxpy.Image"):
        transfer.decode(np.zeros((2, 2, 4)), "srgb")
    with pytest.raises(TypeError, match="curve must be a str"):
        transfer.decode(img, 3)
    with pytest.raises(TypeError, match="mirror must be True or False"):
        transfer.decode(img, "gamma", mirror="yes")
    with pytest.raises(TypeError, match="scale must be a number"):
        transfer.apply_pq(img, scale="100")


# ---- OpenColorIO 2.1 builtins (see ocio_ref.py for the processor mode) ---------------

GRID = (np.arange(4096) / 4095).astype(np.float32)  # the grid of OCIO's 4096-entry LUTs
CODE_SWEEP = np.linspace(-0.1, 1.2, 2601).astype(np.float32)
LINEAR_SWEEP = np.concatenate([np.linspace(-0.05, 1.5, 1001), np.geomspace(1e-5, 100, 1001)]).astype(np.float32)


def rgb_rows(values):
    return np.repeat(np.asarray(values, np.float32)[:, None], 3, 1)


# (builtin, our curve, code values, tolerance, why). OCIO's camera builtins are the curve
# (LogCameraTransform, or a LUT) followed by a matrix; the curve part is compared here,
# the matrices and whole transforms in test_color.py.
OCIO_DECODES = [
    ("SONY_SLOG3-SGAMUT3_to_ACES2065-1", "slog3", CODE_SWEEP, 1e-6, "same formula"),
    ("PANASONIC_VLOG-VGAMUT_to_ACES2065-1", "vlog", CODE_SWEEP, 1e-6, "same formula"),
    ("RED_LOG3G10-RWG_to_ACES2065-1", "log3g10", CODE_SWEEP, 1e-6, "same formula"),
    ("ACEScct_to_ACES2065-1", "acescct", CODE_SWEEP, 1e-6, "same formula"),
    ("CANON_CLOG3-CGAMUT_to_ACES2065-1", "clog3", GRID, 1e-6, "OCIO: 4096-entry LUT, compared on its grid"),
    ("CANON_CLOG3-CGAMUT_to_ACES2065-1", "clog3", CODE_SWEEP[(CODE_SWEEP >= 0) & (CODE_SWEEP <= 1)], 1e-6,
     "between grid points the LUT's linear interpolation stays within 1e-6 here"),
    ("CURVE - ST-2084_to_LINEAR", "pq", GRID, 1e-6, "OCIO: 4096-entry LUT on its grid"),
    ("CURVE - ST-2084_to_LINEAR", "pq", CODE_SWEEP[(CODE_SWEEP >= 0) & (CODE_SWEEP <= 1)], 1e-6, "off grid"),
    # OCIO 2.1 derives LogC3's parameters from ARRI's unrounded EI 800 parametrization
    # (b = 0.052272275, c = 0.2471896383, d = 0.3855369987, cut = 0.0105909905); ARRI's
    # white-paper table (implemented here) rounds them to 6 digits: 1.1e-5 relative apart.
    ("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1", "logc3", CODE_SWEEP, 1.5e-5, "table vs unrounded parameters"),
    # OCIO 2.1's ACEScc is a Range [-0.36, 1.5] -> [0, 1] and a 4096-entry LUT (linear
    # interpolation): up to 5.4e-6 relative between its grid points.
    ("ACEScc_to_ACES2065-1", "acescc", CODE_SWEEP[(CODE_SWEEP > -0.36) & (CODE_SWEEP < 1.4)], 1e-5,
     "OCIO's LUT interpolation"),
]


@pytest.mark.parametrize("style, curve, codes, tol, why", OCIO_DECODES,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(OCIO_DECODES)])
def test_decode_matches_ocio_builtin(tmp_path, style, curve, codes, tol, why):
    _full, ocio_curve, _matrix, parts = ocio_apply([{"builtin": style}], rgb_rows(codes), tmp_path, split=True)
    assert err(run_curve(codes, curve, "decode"), ocio_curve[:, 0].astype(np.float64)) <= tol, (why, parts)


def test_pq_encode_matches_ocio(tmp_path):
    lin = LINEAR_SWEEP[(LINEAR_SWEEP >= 0) & (LINEAR_SWEEP <= 100)]
    ocio = ocio_apply([{"builtin": "CURVE - LINEAR_to_ST-2084"}], rgb_rows(lin), tmp_path)[:, 0]
    assert err(run_curve(lin, "pq", "encode"), ocio.astype(np.float64)) <= 1e-6


def test_display_curves_match_ocio(tmp_path):
    # "DISPLAY - CIE-XYZ-D65_to_sRGB" = matrix + ExponentWithLinear(2.4, 0.055) inverse.
    # OCIO derives the linear toe from continuity (slope 12.9232, break 0.0030399) where
    # IEC 61966-2-1 states 12.92 and 0.0031308: in the toe [0, 0.0031308] they differ by
    # up to 1e-5 absolute (slopes 2.5e-4 apart), for negatives by 2.5e-4 relative; above
    # the toe within 1e-6.
    _full, curve, _m, _parts = ocio_apply([{"builtin": "DISPLAY - CIE-XYZ-D65_to_sRGB"}], rgb_rows(LINEAR_SWEEP),
                                          tmp_path, split=True)
    ours = run_curve(LINEAR_SWEEP, "srgb", "encode")
    above = LINEAR_SWEEP > 0.0031308
    assert err(ours[above], curve[above, 0].astype(np.float64)) <= 1e-6
    toe = (LINEAR_SWEEP >= 0) & ~above
    assert np.max(np.abs(ours[toe] - curve[toe, 0])) <= 1e-5
    _full, curve, _m, _parts = ocio_apply([{"builtin": "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"}],
                                          rgb_rows(LINEAR_SWEEP), tmp_path, split=True)
    assert err(run_curve(LINEAR_SWEEP, "bt1886", "encode"), curve[:, 0].astype(np.float64)) <= 1e-6


def test_cineon_and_gamma_match_ocio_ops(tmp_path):
    k = cineon_k()
    log_affine = {"base": 10, "log_slope": 0.6 / 0.002 / 1023, "log_offset": 685 / 1023,
                  "lin_slope": 1 - k, "lin_offset": k}
    lin = LINEAR_SWEEP[LINEAR_SWEEP > -k / (1 - k) + 1e-3]
    ocio = ocio_apply([{"log_affine": log_affine}], rgb_rows(lin), tmp_path)[:, 0]
    assert err(run_curve(lin, "cineon", "encode"), ocio.astype(np.float64)) <= 1e-6
    ocio = ocio_apply([{"log_affine": log_affine, "inverse": True}], rgb_rows(CODE_SWEEP), tmp_path)[:, 0]
    assert err(run_curve(CODE_SWEEP, "cineon", "decode"), ocio.astype(np.float64)) <= 1e-6
    for mirror in (False, True):
        ocio = ocio_apply([{"exponent": 2.2, "mirror": mirror}], rgb_rows(CODE_SWEEP), tmp_path)[:, 0]
        assert err(run_curve(CODE_SWEEP, "gamma", "decode", mirror=mirror), ocio.astype(np.float64)) <= 1e-6


@pytest.mark.parametrize("curve", sorted(REFERENCES))
def test_nan_passes_through_and_nothing_crashes(curve):
    special = np.float32([np.nan, np.inf, -np.inf, 3e38, -3e38, 1e-45, -1e-45, 0.0, -0.0])
    for direction in ("encode", "decode"):
        got = run_curve(special, curve, direction)
        assert np.isnan(got[0])
        assert not np.isnan(got[7]), (curve, direction)


def _around(points):
    """Each point and the 4 floats either side of it."""
    out = []
    for p in np.float32(points):
        v = p
        for _ in range(4):
            v = np.nextafter(v, np.float32(-np.inf))
        for _ in range(9):
            out.append(v)
            v = np.nextafter(v, np.float32(np.inf))
    return np.array(out, np.float32)


SPLITS = {  # the float32 split kernels' piece boundaries: (linear, code)
    "acescc": ([2.0**-15, 0.0], [(9.72 - 15) / 17.52, (np.log2(65504.0) + 9.72) / 17.52]),
    "clog3": ([-0.014 * 0.9, 0.0, 0.014 * 0.9], [0.097465473, 0.12512219, 0.15277891]),
    "hlg": ([-1 / 12, 0.0, 1 / 12], [-0.5, 0.0, 0.5]),
}


@pytest.mark.parametrize("curve", sorted(SPLITS))
def test_split_kernels_at_their_boundaries(curve):
    """ACEScc, Canon Log 3 and HLG run float32 kernels that pick one of two constant sets
    per value (and for Canon Log 3 and HLG mirror it about 0): the floats on either side
    of every boundary stay within TOL of the formula, NaN passes unchanged, and the
    infinities go where the formulas send them."""
    linear, code = SPLITS[curve]
    x = _around(linear)
    assert err(run_curve(x, curve, "encode"), REFERENCES[curve][0](x.astype(np.float64))) <= TOL
    y = _around(code)
    assert err(run_curve(y, curve, "decode"), REFERENCES[curve][1](y.astype(np.float64))) <= TOL
    for direction in ("encode", "decode"):
        got = run_curve(np.float32([np.nan, np.inf]), curve, direction)
        assert np.isnan(got[0]) and got[1] == (65504.0 if (curve, direction) == ("acescc", "decode") else np.inf)
    low = {"acescc": ((-16 + 9.72) / 17.52, -(2.0**-15)), "clog3": (-np.inf, -np.inf), "hlg": (-np.inf, -np.inf)}
    got = [run_curve(np.float32([-np.inf]), curve, d)[0] for d in ("encode", "decode")]
    assert np.allclose(got, low[curve], rtol=0, atol=TOL), got


def test_hlg_float_kernel_is_odd():
    """HLG without the OOTF is its odd extension exactly: f(−v) = −f(v), bit for bit
    (the kernel negates the input and the result), and f(±0) = +0 as the formula's
    `x < 0 ? −e : e`."""
    v = np.concatenate([np.geomspace(1e-8, 50, 3000), [1 / 12, 0.5, 1.0]]).astype(np.float32)
    for direction in ("encode", "decode"):
        pos = run_curve(v, "hlg", direction)
        neg = run_curve(-v, "hlg", direction)
        np.testing.assert_array_equal(neg, -pos)
        zeros = run_curve(np.float32([0.0, -0.0]), "hlg", direction)
        assert zeros.tolist() == [0.0, 0.0] and not np.signbit(zeros).any()
