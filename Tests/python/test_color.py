"""vfxpy.color: matrices against published values and an independent numpy derivation,
conversions against OpenColorIO 2.1 builtins (ocio_ref.py)."""

import numpy as np
import pytest

import vfxpy
from vfxpy import color
from ocio_transforms_ref import ocio_apply
from test_transfer import err, rgb_rows, run_curve, srgb_encode

# ---- an independent derivation (SMPTE RP 177-1993, section 3) --------------------------

PRIMARIES = {  # (xr, yr, xg, yg, xb, yb), (xw, yw) as published
    "Rec.709": ((0.64, 0.33, 0.30, 0.60, 0.15, 0.06), (0.3127, 0.3290)),        # ITU-R BT.709-6
    "Rec.2020": ((0.708, 0.292, 0.170, 0.797, 0.131, 0.046), (0.3127, 0.3290)),  # ITU-R BT.2020-2
    "DCI-P3": ((0.680, 0.320, 0.265, 0.690, 0.150, 0.060), (0.314, 0.351)),      # SMPTE RP 431-2
    "P3-D65": ((0.680, 0.320, 0.265, 0.690, 0.150, 0.060), (0.3127, 0.3290)),    # SMPTE EG 432-1
    "AP0": ((0.7347, 0.2653, 0.0, 1.0, 0.0001, -0.0770), (0.32168, 0.33767)),     # SMPTE ST 2065-1
    "AP1": ((0.713, 0.293, 0.165, 0.830, 0.128, 0.044), (0.32168, 0.33767)),      # Academy S-2014-004
    "ARRI Wide Gamut 3": ((0.6840, 0.3130, 0.2210, 0.8480, 0.0861, -0.1020), (0.3127, 0.3290)),
    "ARRI Wide Gamut 4": ((0.7347, 0.2653, 0.1424, 0.8576, 0.0991, -0.0308), (0.3127, 0.3290)),
    "S-Gamut3": ((0.730, 0.280, 0.140, 0.855, 0.100, -0.050), (0.3127, 0.3290)),
    "S-Gamut3.Cine": ((0.766, 0.275, 0.225, 0.800, 0.089, -0.087), (0.3127, 0.3290)),
    "V-Gamut": ((0.730, 0.280, 0.165, 0.840, 0.100, -0.030), (0.3127, 0.3290)),
    "Cinema Gamut": ((0.740, 0.270, 0.170, 1.140, 0.080, -0.100), (0.3127, 0.3290)),
    "REDWideGamutRGB": ((0.780308, 0.304253, 0.121595, 1.493994, 0.095612, -0.084589), (0.3127, 0.3290)),
}


def xyz(x, y):
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rp177(name):
    (xr, yr, xg, yg, xb, yb), white = PRIMARIES[name]
    P = np.column_stack([xyz(xr, yr), xyz(xg, yg), xyz(xb, yb)])
    return P * np.linalg.solve(P, xyz(*white))


BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
CAT02 = np.array([[0.7328, 0.4296, -0.1624], [-0.7036, 1.6975, 0.0061], [0.0030, 0.0136, 0.9834]])


def von_kries(cone, src_xyz, dst_xyz):
    return np.linalg.inv(cone) @ np.diag((cone @ dst_xyz) / (cone @ src_xyz)) @ cone


@pytest.mark.parametrize("name", sorted(PRIMARIES))
def test_rgb_to_xyz_matches_rp177_derivation(name):
    m = color.rgb_to_xyz(name)
    assert m.dtype == np.float64 and m.shape == (3, 3)
    np.testing.assert_allclose(m, rp177(name), rtol=0, atol=1e-12)
    np.testing.assert_allclose(color.xyz_to_rgb(name) @ m, np.eye(3), atol=1e-12)


# Published matrices, compared to the precision they are published with.
PUBLISHED_RGB_TO_XYZ = [
    # Academy TB-2014-004 (10 decimals)
    ("ACES2065-1", [[0.9525523959, 0.0, 0.0000936786], [0.3439664498, 0.7281660966, -0.0721325464],
                    [0.0, 0.0, 1.0088251844]], 1e-9),
    ("ACEScg", [[0.6624541811, 0.1340042065, 0.1561876870], [0.2722287168, 0.6740817658, 0.0536895174],
                [-0.0055746495, 0.0040607335, 1.0103391003]], 1e-9),
    # ARRI "ALEXA Log C Curve, Usage in VFX": Wide Gamut 3 -> XYZ (6 decimals)
    ("ARRI Wide Gamut 3", [[0.638008, 0.214704, 0.097744], [0.291954, 0.823841, -0.115795],
                           [0.002798, -0.067034, 1.153294]], 5e-7),
    # IEC 61966-2-1 sRGB (4 decimals)
    ("sRGB", [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]], 5e-5),
]


@pytest.mark.parametrize("name, published, tol", PUBLISHED_RGB_TO_XYZ, ids=[p[0] for p in PUBLISHED_RGB_TO_XYZ])
def test_rgb_to_xyz_matches_published(name, published, tol):
    np.testing.assert_allclose(color.rgb_to_xyz(name), published, rtol=0, atol=tol)


def test_luma_rows_match_itu():
    np.testing.assert_allclose(color.rgb_to_xyz("Rec.709")[1], [0.2126, 0.7152, 0.0722], atol=5e-5)  # BT.709
    np.testing.assert_allclose(color.rgb_to_xyz("Rec.2020")[1], [0.2627, 0.6780, 0.0593], atol=5e-5)  # BT.2020


PUBLISHED_RGB_TO_RGB = [
    # Academy TB-2014-004: AP1 -> AP0 (same white)
    ("ACEScg", "ACES2065-1", "bradford", [[0.6954522414, 0.1406786965, 0.1638690622],
                                          [0.0447945634, 0.8596711185, 0.0955343182],
                                          [-0.0055258826, 0.0040252103, 1.0015006723]], 1e-9),
    # ARRI: Wide Gamut 3 -> ACES AP0, CAT02 (6 decimals)
    ("ARRI Wide Gamut 3", "AP0", "cat02", [[0.680206, 0.236137, 0.083658], [0.085415, 1.017471, -0.102886],
                                           [0.002057, -0.062563, 1.060506]], 5e-7),
    # Sony IDTs (S-Gamut3 / S-Gamut3.Cine -> AP0, CAT02)
    ("S-Gamut3", "AP0", "cat02", [[0.7529825954, 0.1433702162, 0.1036471884],
                                  [0.0217076974, 1.0153188355, -0.0370265329],
                                  [-0.0094160528, 0.0033704179, 1.0060456349]], 1e-9),
    ("S-Gamut3.Cine", "AP0", "cat02", [[0.6387886672, 0.2723514337, 0.0888598991],
                                       [-0.0039159060, 1.0880732309, -0.0841573249],
                                       [-0.0299072021, -0.0264325799, 1.0563397820]], 1e-9),
]


@pytest.mark.parametrize("src, dst, method, published, tol", PUBLISHED_RGB_TO_RGB,
                         ids=[f"{p[0]}->{p[1]}" for p in PUBLISHED_RGB_TO_RGB])
def test_matrix_matches_published(src, dst, method, published, tol):
    np.testing.assert_allclose(color.matrix(src, dst, adaptation=method), published, rtol=0, atol=tol)


def test_bradford_matches_published_and_derivation():
    # Lindbloom's Bradford D65 -> D50 (7 decimals), with his tabulated white XYZ.
    d65, d50 = (0.95047, 1.0, 1.08883), (0.96422, 1.0, 0.82521)
    published = [[1.0478112, 0.0228866, -0.0501270], [0.0295424, 0.9904844, -0.0170491],
                 [-0.0092345, 0.0150436, 0.7521316]]
    np.testing.assert_allclose(color.adaptation_matrix(d65, d50), published, rtol=0, atol=5e-8)
    for method, cone in (("bradford", BRADFORD), ("cat02", CAT02)):
        for src, dst in (("ACES", "D65"), ("D65", "DCI"), ("D50", "E")):
            m = color.adaptation_matrix(src, dst, method=method)
            ref = von_kries(cone, xyz(*color_white(src)), xyz(*color_white(dst)))
            np.testing.assert_allclose(m, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(color.adaptation_matrix((0.3127, 0.329), "D65"), np.eye(3), atol=1e-15)


def color_white(name):
    return {"ACES": (0.32168, 0.33767), "D65": (0.3127, 0.3290), "DCI": (0.314, 0.351), "D50": (0.3457, 0.3585),
            "E": (1 / 3, 1 / 3)}[name]


def test_primaries_and_white_points():
    p = color.primaries("ACEScg")
    assert p["gamut"] == "AP1" and p["red"] == (0.713, 0.293) and p["white"] == (0.32168, 0.33767)
    assert color.white_point("DCI-P3") == (0.314, 0.351)
    assert color.white_point("Display P3") == (0.3127, 0.329)
    assert color.space_info("linear_srgb")["name"] == "Linear Rec.709"
    for name in ("ACEScg", "ACES2065-1", "ACEScct", "ACEScc", "Linear Rec.709", "sRGB", "Rec.2020", "Display P3",
                 "ARRI LogC3 (AWG3)", "ARRI LogC4 (AWG4)", "S-Log3 S-Gamut3", "S-Log3 S-Gamut3.Cine"):
        assert name in color.spaces()


# ---- whole conversions against OpenColorIO ---------------------------------------------

def row_err(got, ref):
    """Error relative to the largest channel of each pixel (at least 1): a float32 3×3
    matrix on large, mixed-sign values (log decodes reach 100+) cancels to small outputs
    whose float32 error scales with the inputs, not with the output."""
    got = np.asarray(got, np.float64)
    scale = np.maximum(1.0, np.max(np.abs(ref), axis=1, keepdims=True))
    return float(np.max(np.abs(got - ref) / scale))


def rgba(rows):
    out = np.ones((len(rows), 1, 4), np.float32)
    out[:, 0, :3] = rows
    out[:, 0, 3] = 0.5
    return out


def convert_rows(rows, src, dst, **kw):
    a = rgba(rows)
    color.convert(vfxpy.Image(a), src, dst, **kw)
    assert np.all(a[:, 0, 3] == 0.5)
    return a[:, 0, :3]


RNG = np.random.default_rng(7)
LINEAR_RGB = np.concatenate([RNG.uniform(-0.05, 1.5, (2000, 3)), RNG.uniform(0, 16, (200, 3)),
                             np.eye(3), np.zeros((1, 3)), np.full((1, 3), 0.18)]).astype(np.float32)
CODES = RNG.uniform(0.0, 1.0, (2000, 3)).astype(np.float32)


# (OCIO builtin, our src, our dst, adaptation the vendor uses, tolerance, why)
OCIO_CONVERSIONS = [
    ("SONY_SLOG3-SGAMUT3_to_ACES2065-1", "S-Log3 S-Gamut3", "ACES2065-1", "cat02", 1e-6, ""),
    ("SONY_SLOG3-SGAMUT3.CINE_to_ACES2065-1", "S-Log3 S-Gamut3.Cine", "ACES2065-1", "cat02", 1e-6, ""),
    ("PANASONIC_VLOG-VGAMUT_to_ACES2065-1", "V-Log V-Gamut", "ACES2065-1", "bradford", 1e-6, ""),
    ("RED_LOG3G10-RWG_to_ACES2065-1", "Log3G10 REDWideGamutRGB", "ACES2065-1", "bradford", 1e-6, ""),
    ("CANON_CLOG3-CGAMUT_to_ACES2065-1", "Canon Log 3 Cinema Gamut", "ACES2065-1", "cat02", 1e-6, "OCIO LUT"),
    ("ACEScct_to_ACES2065-1", "ACEScct", "ACES2065-1", "bradford", 1e-6, ""),
    ("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1", "ARRI LogC3 (AWG3)", "ACES2065-1", "cat02", 3e-5,
     "LogC3 table vs OCIO's unrounded parameters (test_transfer)"),
]


@pytest.mark.parametrize("style, src, dst, method, tol, why", OCIO_CONVERSIONS, ids=[c[1] for c in OCIO_CONVERSIONS])
def test_camera_conversion_matches_ocio(tmp_path, style, src, dst, method, tol, why):
    ocio, _curve, ocio_matrix, _parts = ocio_apply([{"builtin": style}], CODES, tmp_path, split=True)
    # OCIO's matrix is ours with the vendor's adaptation, to float64 precision.
    np.testing.assert_allclose(color.matrix(src, dst, adaptation=method), ocio_matrix, rtol=0, atol=1e-12)
    got = convert_rows(CODES, src, dst, adaptation=method)
    assert row_err(got, ocio.astype(np.float64)) <= tol, why


def test_acescg_to_srgb_display_matches_ocio(tmp_path):
    # OCIO's ACES path: AP1 -> XYZ D65 (Bradford) -> sRGB display (matrix + curve).
    chain = [{"builtin": "UTILITY - ACES-AP1_to_CIE-XYZ-D65_BFD"}, {"builtin": "DISPLAY - CIE-XYZ-D65_to_sRGB"}]
    ocio = ocio_apply(chain, LINEAR_RGB, tmp_path)
    got = convert_rows(LINEAR_RGB, "ACEScg", "sRGB")
    # 1e-5: the two sRGB toes differ by up to 1e-5 absolute (test_transfer), and float32
    # matrix rounding is ~1e-7; negatives (out of the sRGB gamut) land on the toe slopes
    # 12.92 vs 12.9232, so they are compared relative.
    assert err(got, ocio.astype(np.float64)) <= 3e-4
    inside = np.all(ocio > 0, axis=1)
    assert np.max(np.abs(got[inside] - ocio[inside])) <= 1e-5
    # And against the float64 reference: AP1 -> XYZ -> Bradford ACES->D65 -> Rec.709, sRGB curve.
    m = np.linalg.inv(rp177("Rec.709")) @ von_kries(BRADFORD, xyz(0.32168, 0.33767), xyz(0.3127, 0.3290)) \
        @ rp177("AP1")
    ref = srgb_encode(LINEAR_RGB.astype(np.float64) @ m.T)
    # 2e-6: the matrix runs in float32 (as OCIO's); its ~1e-7 rounding meets the sRGB
    # curve's slope of up to 12.92 near 0.
    assert row_err(got, ref) <= 2e-6


def test_xyz_to_displays_match_ocio(tmp_path):
    xyz_rows = np.abs(LINEAR_RGB)
    for style, dst, tol in (("DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709", "Rec.1886 Rec.709", 1e-6),
                            ("DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D65", "P3-D65", 1e-6),
                            ("DISPLAY - CIE-XYZ-D65_to_G2.6-P3-DCI-BFD", "DCI-P3", 1e-6)):
        ocio = ocio_apply([{"builtin": style}], xyz_rows, tmp_path)
        assert err(convert_rows(xyz_rows, "CIE-XYZ-D65", dst), ocio.astype(np.float64)) <= tol, style


def test_convert_is_one_fused_pipeline_and_round_trips():
    chain = vfxpy.Processor().chain(vfxpy.Image(rgba(LINEAR_RGB))).convert("ACEScg", "sRGB")
    assert chain.ops == ["matrix", "srgb_encode"]
    chain = vfxpy.Processor().chain(vfxpy.Image(rgba(CODES))).convert("ARRI LogC3 (AWG3)", "ACEScct")
    assert chain.ops == ["logc3_decode", "matrix", "acescct_encode"]
    rows = CODES[:500]
    back = convert_rows(convert_rows(rows, "sRGB", "ACEScg"), "ACEScg", "sRGB")
    assert err(back, rows.astype(np.float64)) <= 2e-6
    same = convert_rows(rows, "sRGB", "srgb")
    np.testing.assert_array_equal(same, rows)


def test_bad_names_raise_value_error():
    img = vfxpy.Image(np.zeros((2, 2, 4), np.float32))
    with pytest.raises(ValueError, match="src: unknown color space 'ACEScgg'; valid: ACES2065-1, ACEScg"):
        color.convert(img, "ACEScgg", "sRGB")
    with pytest.raises(ValueError, match="dst: unknown color space"):
        color.convert(img, "sRGB", "nope")
    with pytest.raises(ValueError, match="adaptation: unknown method 'vonkries'; valid: bradford, cat02, none"):
        color.matrix("sRGB", "ACEScg", adaptation="vonkries")
    with pytest.raises(ValueError, match="unknown gamut or color space 'AP2'"):
        color.rgb_to_xyz("AP2")
    with pytest.raises(ValueError, match="src_white: unknown white point 'D66'"):
        color.adaptation_matrix("D66", "D65")
    with pytest.raises(TypeError, match="dst_white must be"):
        color.adaptation_matrix("D65", (1, 2, 3, 4))
    with pytest.raises(ValueError, match="y must be positive"):
        color.adaptation_matrix((0.3, 0.0), "D65")
    with pytest.raises(TypeError, match="src must be a str"):
        color.matrix(1, "sRGB")
    with pytest.raises(TypeError, match="img must be a vfxpy.Image"):
        color.convert(np.zeros((2, 2, 4)), "sRGB", "ACEScg")


def test_hlg_1000_nit_display_matches_ocio(tmp_path):
    # OCIO: XYZ (1.0 = 100 cd/m2) -> Rec.2020 -> inverse OOTF (gamma 1.2, Lw 1000) -> OETF.
    # Ours: convert to linear Rec.2020, scale to 1.0 = 1000 cd/m2 (x 0.1), HLG encode with
    # ootf=True. OCIO clamps the signal to [0, 1] (its OETF is a half-domain LUT over
    # [0, 1]); ours extends the curve, so pixels whose signal leaves [0, 1] are excluded.
    rng = np.random.default_rng(3)
    xyz_rows = rng.uniform(0.001, 10, (4000, 3)).astype(np.float32)
    ocio = ocio_apply([{"builtin": "DISPLAY - CIE-XYZ-D65_to_REC.2100-HLG-1000nit"}], xyz_rows, tmp_path)
    a = rgba(xyz_rows)
    img = vfxpy.Image(a)
    vfxpy.Processor().chain(img).convert("CIE-XYZ-D65", "Linear Rec.2020").apply_matrix(np.eye(3) * 0.1) \
        .transfer("hlg", "encode", ootf=True).run()
    ours = a[:, 0, :3]
    inside = np.all((ours > 0) & (ours < 1), axis=1)
    assert inside.sum() > 1000
    assert np.max(np.abs(ours[inside] - ocio[inside])) <= 1e-6


def test_convert_on_integer_and_half_images_matches_float_path():
    rng = np.random.default_rng(5)
    u8 = rng.integers(0, 256, (32, 32, 4), dtype=np.uint8)
    alpha = u8[..., 3].copy()
    f32 = (u8 / 255.0).astype(np.float32)
    color.convert(vfxpy.Image(f32), "sRGB", "Display P3")
    color.convert(vfxpy.Image(u8), "sRGB", "Display P3")
    expected = np.floor(np.clip(f32[..., :3], 0, 1) * 255 + 0.5).astype(np.int32)
    np.testing.assert_array_equal(u8[..., :3].astype(np.int32), expected)
    np.testing.assert_array_equal(u8[..., 3], alpha)
    half = rng.uniform(0, 1, (16, 16, 4)).astype(np.float16)
    ref = half.astype(np.float32)
    color.convert(vfxpy.Image(ref), "ACEScct", "ACEScg")
    color.convert(vfxpy.Image(half), "ACEScct", "ACEScg")
    np.testing.assert_array_equal(half, ref.astype(np.float16))
