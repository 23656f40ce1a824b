"""CLF 3.0 / CTF files: vfxpy.lut.read_clf against OpenColorIO 2.1.2 (FileTransform,
CPU processor with OPTIMIZATION_NONE — no fast pow/log approximations, exact inverse
LUTs; see ocio_ref.py) and against the CLF 3.0 formulas in numpy float64.

Tolerance: 1e-6 absolute for results of magnitude ≤ 1, 1e-6 relative above (a float32
has 24 bits: 1e-6 absolute is below one ulp for values over 8, e.g. antiLog10 outputs
of 300 or log2 of FLT_MIN = -126).
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import vfxpy
from ocio_clf_ref import ocio_apply_files, ocio_write_files

CLF_FORMAT = "Academy/ASC Common LUT Format"
CTF_FORMAT = "Color Transform Format"


def make_pixels():
    """Values from -0.5 to 2.5 in every channel (negatives and above 1), exact codes of
    10/12-bit grids, and alpha that must come through untouched."""
    rng = np.random.default_rng(2024)
    ramp = np.concatenate([np.linspace(-0.5, 2.5, 241), [0.0, 1.0, 1e-4, 0.18, 0.999, 1.001, -1e-3, 512 / 1023]])
    n = ramp.size
    px = np.empty((n, 1, 4), np.float32)
    px[:, 0, 0] = ramp
    px[:, 0, 1] = ramp[::-1]
    px[:, 0, 2] = rng.uniform(-0.5, 2.5, n)
    px[:, 0, 3] = rng.uniform(0, 1, n)
    # equal channels (hue adjustment's ordering ties)
    px[-4:, 0, :3] = [[0.5, 0.5, 0.2], [0.2, 0.5, 0.5], [0.5, 0.2, 0.5], [0.3, 0.3, 0.3]]
    return px


PIXELS = make_pixels()


def within(actual, expected, tol=1e-6):
    actual = np.asarray(actual, np.float64)
    expected = np.asarray(expected, np.float64)
    bound = tol * np.maximum(1.0, np.abs(expected))
    err = np.abs(actual - expected)
    both_nan = np.isnan(actual) & np.isnan(expected)
    ok = (err <= bound) | both_nan
    return bool(ok.all()), float(np.nanmax(np.where(both_nan, 0, err)))


def vfx_apply(path, pixels=PIXELS):
    out = pixels.copy()
    vfxpy.lut.read_clf(path).apply(vfxpy.Image(out))
    return out


def clf_file(tmp_path, name, body, root='compCLFversion="3" id="test"', ext="clf"):
    path = Path(tmp_path) / f"{name}.{ext}"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<ProcessList {root}>\n{body}\n</ProcessList>\n')
    return path


def array_text(values, columns):
    values = list(values)
    return "\n".join(" ".join(repr(float(v)) if not float(v).is_integer() else str(int(v)) for v in values[i:i + columns])
                     for i in range(0, len(values), columns))


# ---------------------------------------------------------------- variants written by the test

def lut1d_body(size, channels, in_depth, out_depth, fn, extra=""):
    x = np.linspace(0, 1, size)
    cols = [fn(x, c) for c in range(channels)]
    data = np.stack(cols, axis=1).ravel()
    return (f'<LUT1D inBitDepth="{in_depth}" outBitDepth="{out_depth}" {extra}>\n'
            f'<Array dim="{size} {channels}">\n{array_text(data, channels)}\n</Array>\n</LUT1D>')


def lut3d_body(n, in_depth, out_depth, scale, interpolation=None, seed=1, noise=0.05):
    rng = np.random.default_rng(seed)
    grid = np.linspace(0, 1, n)
    r, g, b = np.meshgrid(grid, grid, grid, indexing="ij")  # blue fastest when raveled
    base = np.stack([0.9 * r + 0.1 * g, 0.8 * g + 0.15 * b + 0.05 * r, b ** 1.5], axis=-1).reshape(-1, 3)
    data = base + rng.uniform(-noise, noise, base.shape)
    if scale != 1:
        data = np.round(np.clip(data, 0, 1) * scale)
    interp = f' interpolation="{interpolation}"' if interpolation else ""
    return (f'<LUT3D inBitDepth="{in_depth}" outBitDepth="{out_depth}"{interp}>\n'
            f'<Array dim="{n} {n} {n} 3">\n{array_text(data.ravel(), 3)}\n</Array>\n</LUT3D>')


def matrix_body(rows, cols, in_depth, out_depth, values):
    return (f'<Matrix inBitDepth="{in_depth}" outBitDepth="{out_depth}">\n'
            f'<Array dim="{rows} {cols}">\n{array_text(values, cols)}\n</Array>\n</Matrix>')


def range_body(in_depth, out_depth, style=None, **values):
    s = f' style="{style}"' if style else ""
    inner = "\n".join(f"<{k}>{v}</{k}>" for k, v in values.items())
    return f'<Range inBitDepth="{in_depth}" outBitDepth="{out_depth}"{s}>\n{inner}\n</Range>'


def log_body(style, params="", depth="32f"):
    return f'<Log inBitDepth="{depth}" outBitDepth="{depth}" style="{style}">{params}</Log>'


def exponent_body(style, params):
    return f'<Exponent inBitDepth="32f" outBitDepth="32f" style="{style}">{params}</Exponent>'


def cdl_body(style, slope, offset, power, sat):
    return (f'<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="{style}">\n<SOPNode>\n'
            f'<Slope>{slope}</Slope>\n<Offset>{offset}</Offset>\n<Power>{power}</Power>\n</SOPNode>\n'
            f'<SatNode><Saturation>{sat}</Saturation></SatNode>\n</ASC_CDL>')


CAMERA = ('<LogParams base="10" logSideSlope="0.247190" logSideOffset="0.385537" linSideSlope="5.555556" '
          'linSideOffset="0.052272" linSideBreak="0.010591"/>')
PER_CHANNEL_LOG = ('<LogParams channel="R" base="10" logSideSlope="0.29" logSideOffset="0.6" linSideSlope="1.1" linSideOffset="0.02"/>'
                   '<LogParams channel="G" base="10" logSideSlope="0.3" logSideOffset="0.62" linSideSlope="1.0" linSideOffset="0.01"/>'
                   '<LogParams channel="B" base="10" logSideSlope="0.31" logSideOffset="0.58" linSideSlope="0.9" linSideOffset="0.03"/>')

VARIANTS = {
    # LUT1D: 10i→10i codes, single channel, 16i output, values beyond [0, 1]
    "lut1d_10i_10i": lut1d_body(17, 3, "10i", "10i", lambda x, c: np.round(1023 * x ** (1 / (2.0 + 0.2 * c)))),
    "lut1d_1ch_32f": lut1d_body(33, 1, "32f", "32f", lambda x, c: 1.5 * x ** 2 - 0.1),
    "lut1d_32f_16i": lut1d_body(65, 3, "32f", "16i", lambda x, c: np.round(65535 * x ** (0.8 + 0.3 * c))),
    "lut1d_8i_12i": lut1d_body(256, 1, "8i", "12i", lambda x, c: np.round(4095 * np.sqrt(x))),
    # LUT3D: trilinear (the default), tetrahedral, 12i output
    "lut3d_trilinear": lut3d_body(5, "32f", "32f", 1),
    "lut3d_tetrahedral": lut3d_body(9, "32f", "32f", 1, "tetrahedral", seed=2),
    "lut3d_10i_12i": lut3d_body(7, "10i", "12i", 4095, "tetrahedral", seed=3),
    # Matrix: 3x3, 3x4 with offsets, 16i, 10i→12i
    "matrix_3x3": matrix_body(3, 3, "32f", "32f", [1.2, -0.1, -0.1, 0.05, 0.9, 0.05, -0.02, 0.12, 0.9]),
    "matrix_3x4": matrix_body(3, 4, "32f", "32f", [1.1, 0.1, -0.2, 0.01, 0.0, 0.95, 0.05, -0.02, 0.1, 0.0, 0.9, 0.03]),
    "matrix_16i": matrix_body(3, 4, "16i", "16i", [0.9, 0.05, 0.05, 655.35, 0.1, 0.8, 0.1, -1310.7, 0, 0, 1.0, 0]),
    "matrix_10i_12i": matrix_body(3, 3, "10i", "12i", [4.0, 0.0, 0.0, 0.0, 4.002933, 0.0, 0.1, 0.2, 3.7]),
    # Range: 32f→12i (the spec's example shape), one-sided, noClamp, 10i→10i
    "range_32f_12i": range_body("32f", "12i", minInValue="0.1", maxInValue="0.9", minOutValue="0", maxOutValue="4095"),
    "range_min_only": range_body("32f", "32f", minInValue="0.05", minOutValue="0.05"),
    "range_max_only": range_body("32f", "32f", maxInValue="1.5", maxOutValue="1.5"),
    "range_min_only_16i_32f": range_body("16i", "32f", minInValue="0", minOutValue="0"),
    "range_noclamp": range_body("32f", "32f", "noClamp", minInValue="-0.1", maxInValue="1.2", minOutValue="0",
                                maxOutValue="1"),
    "range_10i_10i": range_body("10i", "10i", "clamp", minInValue="64", maxInValue="940", minOutValue="0",
                                maxOutValue="1023"),
    # Log: every style
    "log_log10": log_body("log10"),
    "log_log2": log_body("log2"),
    "log_antilog10": log_body("antiLog10"),
    "log_antilog2": log_body("antiLog2"),
    "log_lintolog": log_body("linToLog", PER_CHANNEL_LOG),
    "log_logtolin": log_body("logToLin", PER_CHANNEL_LOG),
    "log_cameralintolog": log_body("cameraLinToLog", CAMERA),
    "log_cameralogtolin": log_body("cameraLogToLin", CAMERA),
    "log_camera_linearslope": log_body("cameraLinToLog", CAMERA.replace("/>", ' linearSlope="4.5"/>')),
    "log_10i": log_body("log2", depth="10i"),
    # Exponent: every style, per channel
    **{f"exponent_{style}": exponent_body(style, '<ExponentParams channel="R" exponent="2.2"/>'
                                                 '<ExponentParams channel="G" exponent="1.8"/>'
                                                 '<ExponentParams channel="B" exponent="2.6"/>')
       for style in ["basicFwd", "basicRev", "basicMirrorFwd", "basicMirrorRev", "basicPassThruFwd",
                     "basicPassThruRev"]},
    **{f"exponent_{style}": exponent_body(style, '<ExponentParams channel="R" exponent="2.4" offset="0.055"/>'
                                                 '<ExponentParams channel="G" exponent="2.2" offset="0.099"/>'
                                                 '<ExponentParams channel="B" exponent="3.0" offset="0.16"/>')
       for style in ["monCurveFwd", "monCurveRev", "monCurveMirrorFwd", "monCurveMirrorRev"]},
    # ASC_CDL: the four styles
    **{f"cdl_{style}": cdl_body(style, "1.1 0.95 1.2", "0.02 -0.01 0.03", "1.2 0.9 1.05", "0.85")
       for style in ["Fwd", "Rev", "FwdNoClamp", "RevNoClamp"]},
    # nodes whose parameters do not scale: bit depths only label the pixels (as OCIO)
    "cdl_10i": cdl_body("FwdNoClamp", "1.1 0.95 1.2", "0.02 -0.01 0.03", "1.2 0.9 1.05", "0.85")
    .replace('"32f"', '"10i"'),
    "exponent_16i": exponent_body("monCurveFwd", '<ExponentParams exponent="2.4" offset="0.055"/>')
    .replace('"32f"', '"16i"'),
    # CLF 2's three-number Matrix dim
    "matrix_dim_3_3_3": matrix_body(3, 3, "32f", "32f", [1.2, -0.1, -0.1, 0.05, 0.9, 0.05, -0.02, 0.12, 0.9])
    .replace('dim="3 3"', 'dim="3 3 3"'),
    # a chain with bit-depth changes between nodes
    "chain_bitdepths": "\n".join([
        matrix_body(3, 3, "32f", "10i", [1023 * 0.9, 0, 0, 0, 1023 * 0.8, 0, 0, 0, 1023 * 0.7]),
        lut1d_body(11, 3, "10i", "10i", lambda x, c: np.round(1023 * x ** 0.6)),
        range_body("10i", "32f", minInValue="0", maxInValue="1023", minOutValue="0", maxOutValue="1"),
        log_body("antiLog2"),
    ]),
}

CTF_VARIANTS = {
    "matrix_4x4": matrix_body(4, 4, "32f", "32f", [1.1, 0, 0, 0.05, 0, 0.9, 0, 0, 0, 0.1, 1, 0, 0, 0, 0, 0.8]),
    "matrix_4x5": matrix_body(4, 5, "32f", "32f", [1, 0.1, 0, 0, 0.01, 0, 1, 0, 0, 0.02, 0, 0, 1, 0, -0.03, 0, 0, 0, 1, 0.1]),
    "invlut1d_increasing": lut1d_body(33, 3, "32f", "32f", lambda x, c: x ** (2.2 + 0.1 * c) * 1.2 - 0.05).replace("LUT1D", "InverseLUT1D"),
    "invlut1d_flat_ends": ("<InverseLUT1D inBitDepth=\"32f\" outBitDepth=\"32f\">\n<Array dim=\"8 1\">\n"
                           "0.1\n0.1\n0.1\n0.3\n0.5\n0.8\n0.9\n0.9\n</Array>\n</InverseLUT1D>"),
    "invlut1d_decreasing": lut1d_body(17, 1, "32f", "32f", lambda x, c: 1 - x ** 1.5).replace("LUT1D", "InverseLUT1D"),
    "invlut1d_10i": lut1d_body(17, 3, "10i", "32f", lambda x, c: np.round(1023 * x ** 0.45)).replace("LUT1D", "InverseLUT1D"),
    "lut1d_hue_dw3_ties": lut1d_body(9, 3, "32f", "32f", lambda x, c: x ** (0.5 + 0.2 * c)).replace(
        "<LUT1D ", '<LUT1D hueAdjust="dw3" '),
    "exponent_alpha": exponent_body("basicFwd", '<ExponentParams channel="R" exponent="2.2"/>'
                                                '<ExponentParams channel="G" exponent="2.2"/>'
                                                '<ExponentParams channel="B" exponent="2.2"/>'
                                                '<ExponentParams channel="A" exponent="1.5"/>'),
}


@pytest.fixture(scope="module")
def written_variants(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clf_variants")
    paths = {name: clf_file(tmp, name, body) for name, body in VARIANTS.items()}
    paths.update({name: clf_file(tmp, name, body, root='version="2.0" id="ctf"', ext="ctf")
                  for name, body in CTF_VARIANTS.items()})
    reference = ocio_apply_files(list(paths.values()), PIXELS, tmp)
    return paths, reference


@pytest.mark.parametrize("name", list(VARIANTS) + list(CTF_VARIANTS))
def test_variant_matches_ocio(written_variants, name):
    paths, reference = written_variants
    path = paths[name]
    expected = reference[str(path)]
    assert not isinstance(expected, str), f"OCIO could not apply {name}: {expected}"
    actual = vfx_apply(path)
    ok, err = within(actual, expected)
    assert ok, f"{name}: max error {err:.3g}"
    if name != "exponent_alpha" and not name.startswith("matrix_4x"):
        assert np.array_equal(actual[..., 3], PIXELS[..., 3]), "alpha changed"


# ---------------------------------------------------------------- files written by OCIO itself

OCIO_WRITTEN = {
    "range": "[OCIO.RangeTransform(minInValue=-0.1, maxInValue=1.2, minOutValue=0.0, maxOutValue=1.0)]",
    "log10": "[OCIO.LogTransform(base=10)]",
    "antilog2": "[OCIO.LogTransform(base=2, direction=OCIO.TRANSFORM_DIR_INVERSE)]",
    "logaffine": "[with_(OCIO.LogAffineTransform(logSideSlope=[0.25, 0.3, 0.35], logSideOffset=[0.5, 0.6, 0.55],"
                 " linSideSlope=[1.0, 1.2, 0.9], linSideOffset=[0.01, 0.02, 0.03]), base=10)]",
    "logaffine_inv": "[with_(OCIO.LogAffineTransform(logSideSlope=[0.1]*3, logSideOffset=[0.4]*3,"
                     " linSideSlope=[1.5]*3, linSideOffset=[0.005]*3, direction=OCIO.TRANSFORM_DIR_INVERSE), base=2)]",
    "logcamera": "[with_(OCIO.LogCameraTransform([0.0078125]*3), base=2.0, logSideSlopeValue=[1/14.344]*3,"
                 " logSideOffsetValue=[9.72/17.52]*3)]",
    "logcamera_inv": "[with_(OCIO.LogCameraTransform([0.01]*3), base=10.0, logSideSlopeValue=[0.25]*3,"
                     " logSideOffsetValue=[0.4]*3, linSideSlopeValue=[5.5]*3, linSideOffsetValue=[0.05]*3,"
                     " linearSlopeValue=[3.0]*3, direction=OCIO.TRANSFORM_DIR_INVERSE)]",
    "exponent": "[OCIO.ExponentTransform(value=[2.2, 2.0, 1.8, 1.0], negativeStyle=OCIO.NEGATIVE_MIRROR)]",
    "exponent_passthru": "[OCIO.ExponentTransform(value=[1.8, 2.0, 2.4, 1.0], negativeStyle=OCIO.NEGATIVE_PASS_THRU)]",
    "exponent_clamp_inv": "[OCIO.ExponentTransform(value=[2.4]*3+[1.0], negativeStyle=OCIO.NEGATIVE_CLAMP,"
                          " direction=OCIO.TRANSFORM_DIR_INVERSE)]",
    "moncurve": "[OCIO.ExponentWithLinearTransform(gamma=[2.4, 2.4, 2.4, 1.0], offset=[0.055, 0.055, 0.055, 0.0])]",
    "moncurve_mirror_inv": "[OCIO.ExponentWithLinearTransform(gamma=[2.2, 2.4, 2.6, 1.0], offset=[0.099, 0.055, 0.1, 0.0],"
                           " negativeStyle=OCIO.NEGATIVE_MIRROR, direction=OCIO.TRANSFORM_DIR_INVERSE)]",
    "cdl": "[OCIO.CDLTransform(slope=[1.1, 0.9, 1.05], offset=[0.01, -0.02, 0.0], power=[1.2, 0.8, 1.0], sat=1.2)]",
    "cdl_inv_noclamp": "[with_(OCIO.CDLTransform(slope=[1.1, 0.9, 1.05], offset=[0.01, -0.02, 0.0], power=[1.2, 0.8, 1.0],"
                       " sat=0.8, direction=OCIO.TRANSFORM_DIR_INVERSE), style=OCIO.CDL_NO_CLAMP)]",
    "cdl_inv": "[OCIO.CDLTransform(slope=[1.1, 0.9, 1.05], offset=[0.01, -0.02, 0.0], power=[1.2, 0.8, 1.0],"
               " sat=0.8, direction=OCIO.TRANSFORM_DIR_INVERSE)]",
    "matrix": "[OCIO.MatrixTransform(matrix=[1.1, 0.1, -0.2, 0, 0.05, 0.9, 0.05, 0, 0, 0.1, 0.95, 0, 0, 0, 0, 1],"
              " offset=[0.01, 0.0, -0.02, 0])]",
    "lut1d": "[(lambda t: ([t.setValue(i, (i/15)**0.5, (i/15)**0.7, (i/15)**0.9) for i in range(16)], t)[1])"
             "(OCIO.Lut1DTransform(length=16))]",
    "lut1d_half": "[(lambda t: (t.setInputHalfDomain(True), [t.setValue(i, *([float(np.clip(np.frombuffer(np.uint16(i).tobytes(),"
                  " np.float16)[0], -4, 4) if np.isfinite(np.frombuffer(np.uint16(i).tobytes(), np.float16)[0]) else 0.0)"
                  " * 0.5 + 0.1] * 3)) for i in range(65536)], t)[2])(OCIO.Lut1DTransform(length=65536))]",
    "lut1d_hue_dw3": "[with_((lambda t: ([t.setValue(i, (i/15)**0.5, (i/15)**0.5, (i/15)**0.5) for i in range(16)], t)[1])"
                     "(OCIO.Lut1DTransform(length=16)), hueAdjust=OCIO.HUE_DW3)]",
    "lut3d": "[(lambda t: ([t.setValue(r, g, b, (r/4)**1.2, g/4*0.9+0.05, (b/4)**0.8) for r in range(5) for g in range(5)"
             " for b in range(5)], t)[1])(OCIO.Lut3DTransform(gridSize=5))]",
    "chain": "[OCIO.MatrixTransform(matrix=[1.2,0,0,0, 0,1.1,0,0, 0,0,0.9,0, 0,0,0,1]),"
             " OCIO.ExponentTransform(value=[2.2, 2.2, 2.2, 1.0], negativeStyle=OCIO.NEGATIVE_PASS_THRU),"
             " OCIO.RangeTransform(minInValue=0.0, maxInValue=1.0, minOutValue=0.0, maxOutValue=1.0)]",
}


@pytest.fixture(scope="module")
def ocio_written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clf_ocio_written")
    items = []
    for name, code in OCIO_WRITTEN.items():
        items.append((tmp / f"{name}.clf", CLF_FORMAT, code))
        items.append((tmp / f"{name}.ctf", CTF_FORMAT, code))
    ocio_write_files(items)
    paths = [p for p, _, _ in items]
    return paths, ocio_apply_files(paths, PIXELS, tmp)


@pytest.mark.parametrize("name", [f"{n}.{e}" for n in OCIO_WRITTEN for e in ("clf", "ctf")])
def test_ocio_written_file_matches_ocio(ocio_written, name):
    paths, reference = ocio_written
    path = next(p for p in paths if p.name == name)
    expected = reference[str(path)]
    assert not isinstance(expected, str), f"OCIO could not apply its own {name}: {expected}"
    actual = vfx_apply(path)
    ok, err = within(actual, expected)
    assert ok, f"{name}: max error {err:.3g}\n{path.read_text()[:1500]}"


# ---------------------------------------------------------------- the CLF 3.0 formulas in numpy float64

def spec_apply(name, x):
    """Independent float64 implementations of the CLF 3.0 specification's formulas."""
    x = x.astype(np.float64)
    if name == "range_32f_12i":  # scale = (maxOut - minOut) / (maxIn - minIn), normalized by 4095
        return np.clip((x - 0.1) * (4095 / 0.8) / 4095, 0, 1)
    if name == "log_cameralintolog":
        base, ls, lo, ms, mo, brk = 10, 0.247190, 0.385537, 5.555556, 0.052272, 0.010591
        slope = ls * ms / ((ms * brk + mo) * np.log(base))
        offset = ls * np.log10(ms * brk + mo) + lo - slope * brk
        with np.errstate(invalid="ignore", divide="ignore"):
            logv = ls * np.log10(np.maximum(ms * x + mo, np.finfo(np.float32).tiny)) + lo
        return np.where(x <= brk, slope * x + offset, logv)
    if name == "exponent_monCurveFwd":
        g = np.array([2.4, 2.2, 3.0]); o = np.array([0.055, 0.099, 0.16])
        brk = o / (g - 1)
        s = (g - 1) / o * (o * g / ((g - 1) * (1 + o))) ** g
        with np.errstate(invalid="ignore"):
            return np.where(x >= brk, ((x + o) / (1 + o)) ** g, x * s)
    if name == "exponent_basicMirrorFwd":
        g = np.array([2.2, 1.8, 2.6])
        return np.sign(x) * np.abs(x) ** g
    if name == "cdl_FwdNoClamp":
        slope = np.array([1.1, 0.95, 1.2]); off = np.array([0.02, -0.01, 0.03]); pw = np.array([1.2, 0.9, 1.05])
        v = x * slope + off
        v = np.where(v > 0, np.abs(v) ** pw, v)
        luma = v @ np.array([0.2126, 0.7152, 0.0722])
        return luma[..., None] + 0.85 * (v - luma[..., None])
    if name == "log_log10":
        return np.log10(np.maximum(x, np.finfo(np.float32).tiny))
    if name == "log_antilog10":
        return 10.0 ** x
    if name == "log_logtolin":  # (base^((y - logOffset) / logSlope) - linOffset) / linSlope, per channel
        ls, lo = np.array([0.29, 0.3, 0.31]), np.array([0.6, 0.62, 0.58])
        ms, mo = np.array([1.1, 1.0, 0.9]), np.array([0.02, 0.01, 0.03])
        return (10.0 ** ((x - lo) / ls) - mo) / ms
    if name == "range_noclamp":
        return (x + 0.1) * (1 / 1.3)
    if name == "cdl_Rev":  # ASC CDL v1.2 inverse, clamped
        slope = np.array([1.1, 0.95, 1.2]); off = np.array([0.02, -0.01, 0.03]); pw = np.array([1.2, 0.9, 1.05])
        v = np.clip(x, 0, 1)
        luma = v @ np.array([0.2126, 0.7152, 0.0722])
        v = np.clip(luma[..., None] + (v - luma[..., None]) / 0.85, 0, 1)
        return np.clip((v ** (1 / pw) - off) / slope, 0, 1)
    if name == "matrix_10i_12i":  # M scaled by 1023/4095
        m = np.array([[4.0, 0, 0], [0, 4.002933, 0], [0.1, 0.2, 3.7]]) * 1023 / 4095
        return x @ m.T
    raise KeyError(name)


@pytest.mark.parametrize("name", ["range_32f_12i", "range_noclamp", "log_log10", "log_antilog10", "log_logtolin",
                                  "log_cameralintolog", "exponent_monCurveFwd", "exponent_basicMirrorFwd",
                                  "cdl_FwdNoClamp", "cdl_Rev", "matrix_10i_12i"])
def test_variant_matches_spec_formula(written_variants, name):
    paths, _ = written_variants
    actual = vfx_apply(paths[name])[..., :3]
    expected = spec_apply(name, PIXELS[..., :3])
    ok, err = within(actual, expected, tol=2e-6)
    assert ok, f"{name}: max error {err:.3g} against the CLF 3.0 formula"


# ---------------------------------------------------------------- half domain, metadata, processor

def test_half_domain_lut1d_65536_entries(tmp_path):
    bits = np.arange(65536, dtype=np.uint16)
    h = bits.view(np.float16).astype(np.float64)
    finite = np.isfinite(h)
    safe = np.where(finite, h, 0.0)
    values = np.sign(safe) * np.abs(safe) ** 0.45
    raw = np.stack([values, values * 0.9, values * 1.1], axis=1).astype(np.float16).view(np.uint16)
    body = ('<LUT1D inBitDepth="16f" outBitDepth="16f" halfDomain="true" rawHalfs="true">\n'
            f'<Array dim="65536 3">\n{array_text(raw.ravel(), 3)}\n</Array>\n</LUT1D>')
    path = clf_file(tmp_path, "half_domain", body)
    clf = vfxpy.lut.read_clf(path)
    assert clf.ops[0]["half_domain"] and clf.ops[0]["raw_halfs"] and clf.ops[0]["size"] == 65536
    pixels = PIXELS.copy()
    pixels[:5, 0, 0] = [65504.0, -65504.0, 6.1e-5, 1e-7, 3.3]  # extremes, subnormal halves
    expected = ocio_apply_files([path], pixels, tmp_path)[str(path)]
    assert not isinstance(expected, str), expected
    actual = pixels.copy()
    clf.apply(vfxpy.Image(actual))
    ok, err = within(actual, expected)
    assert ok, f"max error {err:.3g}"


def test_inverse_half_domain_lut1d(tmp_path):
    bits = np.arange(65536, dtype=np.uint16)
    h = bits.view(np.float16).astype(np.float64)
    safe = np.where(np.isfinite(h), h, 0.0)
    values = np.sign(safe) * np.abs(safe) ** 0.5 * 0.8 + 0.05  # increasing through zero
    body = ('<InverseLUT1D inBitDepth="16f" outBitDepth="16f" halfDomain="true">\n'
            f'<Array dim="65536 1">\n{array_text(values.astype(np.float32), 1)}\n</Array>\n</InverseLUT1D>')
    path = clf_file(tmp_path, "inverse_half", body, root='version="2.0" id="x"', ext="ctf")
    expected = ocio_apply_files([path], PIXELS, tmp_path)[str(path)]
    assert not isinstance(expected, str), expected
    ok, err = within(vfx_apply(path), expected)
    assert ok, f"max error {err:.3g}"


def test_65_cubed_lut3d_in_full_float_precision(tmp_path):
    """12 MB of array text: more than libxml2 takes in one push (read from a stream)."""
    n = 65
    g = np.linspace(0, 1, n)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    lut = np.stack([r ** 1.1, gg * 0.9 + 0.05, b ** 0.9], axis=-1).reshape(-1, 3)
    rows = "\n".join(f"{x:.12f} {y:.12f} {z:.12f}" for x, y, z in lut)
    assert len(rows) > 10_000_000
    path = clf_file(tmp_path, "big", f'<LUT3D inBitDepth="32f" outBitDepth="32f" interpolation="tetrahedral">'
                    f'<Array dim="{n} {n} {n} 3">\n{rows}\n</Array></LUT3D>')
    expected = ocio_apply_files([path], PIXELS, tmp_path)[str(path)]
    assert not isinstance(expected, str), expected
    ok, err = within(vfx_apply(path), expected)
    assert ok, f"max error {err:.3g}"


def test_metadata_and_ops(tmp_path):
    body = ('<Description>first line</Description>\n<Description>second line</Description>\n'
            '<InputDescriptor>ACEScg</InputDescriptor>\n<OutputDescriptor>Rec.709</OutputDescriptor>\n'
            '<Matrix id="m1" name="to709" inBitDepth="32f" outBitDepth="12i">\n<Description>primaries</Description>\n'
            '<Array dim="3 3">4095 0 0 0 4095 0 0 0 4095</Array>\n</Matrix>\n'
            + range_body("12i", "32f", minInValue="0", maxInValue="4095", minOutValue="0", maxOutValue="1"))
    path = clf_file(tmp_path, "meta", body, root='compCLFversion="3.0" id="abc-123" name="Show LUT"')
    clf = vfxpy.lut.read_clf(path)
    assert (clf.id, clf.name, clf.version) == ("abc-123", "Show LUT", "3.0")
    assert clf.description == "first line\nsecond line"
    assert (clf.input_descriptor, clf.output_descriptor) == ("ACEScg", "Rec.709")
    ops = clf.ops
    assert [op["type"] for op in ops] == ["Matrix", "Range"]
    assert ops[0]["id"] == "m1" and ops[0]["name"] == "to709" and ops[0]["description"] == "primaries"
    assert (ops[0]["in_bit_depth"], ops[0]["out_bit_depth"]) == ("32f", "12i")
    assert ops[0]["matrix"] == [1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert ops[1]["max_in"] == 1.0 and ops[1]["line"] == 11
    assert "Matrix" in repr(clf) and "abc-123" in repr(clf)


def test_processor_and_fused_chain_equal_sequential(written_variants):
    paths, _ = written_variants
    clf = vfxpy.lut.read_clf(paths["log_cameralintolog"])
    proc = vfxpy.Processor()
    a = PIXELS.copy()
    proc.exposure(vfxpy.Image(a), 0.5).apply_clf(vfxpy.Image(a), clf).cdl(vfxpy.Image(a), slope=1.1)
    b = PIXELS.copy()
    chain = proc.chain(vfxpy.Image(b)).exposure(0.5).apply_clf(clf).cdl(slope=1.1)
    assert chain.ops == ["matrix", "log", "cdl"]
    chain.run()
    np.testing.assert_array_equal(a, b)
    c = PIXELS.copy()
    proc.apply_clf(vfxpy.Image(c), str(paths["lut1d_10i_10i"]))  # a path works too
    np.testing.assert_array_equal(c, vfx_apply(paths["lut1d_10i_10i"]))


def test_integer_image(written_variants):
    """u16 images are processed normalized and stored rounded (as every Processor op)."""
    paths, reference = written_variants
    src = np.clip(PIXELS, 0, 1)
    img16 = (src * 65535 + 0.5).astype(np.uint16)
    vfxpy.lut.read_clf(paths["lut1d_10i_10i"]).apply(vfxpy.Image(img16))
    f = (np.clip(PIXELS, 0, 1) * 65535 + 0.5).astype(np.uint16).astype(np.float32) / 65535
    expected = vfx_apply(paths["lut1d_10i_10i"], f)
    np.testing.assert_array_equal(img16, np.floor(np.clip(expected, 0, 1) * 65535 + 0.5).astype(np.uint16))


def test_arguments(written_variants):
    paths, _ = written_variants
    assert vfxpy.lut.read_clf(Path(paths["log_log2"])).ops[0]["style"] == "log2"  # os.PathLike
    with pytest.raises(TypeError, match="path"):
        vfxpy.lut.read_clf(b"/tmp/x.clf")
    with pytest.raises(TypeError, match="img"):
        vfxpy.lut.read_clf(paths["log_log2"]).apply(np.zeros((2, 2, 4), np.float32))
    with pytest.raises(TypeError, match="path"):
        vfxpy.lut.read_clf(42)
    with pytest.raises(vfxpy.IOError):
        vfxpy.lut.read_clf("/nonexistent/file.clf")
    with pytest.raises(TypeError, match="clf"):
        vfxpy.Processor().apply_clf(vfxpy.Image.new(2, 2), 3.5)


def test_invlut1d_is_the_same_node_as_ctf_inverselut1d(written_variants):
    paths, _ = written_variants
    path = paths["invlut1d_increasing"]
    renamed = path.with_name("renamed.ctf")
    renamed.write_text(path.read_text().replace("InverseLUT1D", "InvLUT1D"))
    assert vfxpy.lut.read_clf(renamed).ops[0]["type"] == "InvLUT1D"
    np.testing.assert_array_equal(vfx_apply(renamed), vfx_apply(path))


def test_unsupported_nodes(tmp_path):
    exposure = clf_file(tmp_path, "exposure", '<ExposureContrast inBitDepth="32f" outBitDepth="32f" style="linear">'
                        '<ECParams exposure="1" contrast="1" pivot="0.18"/></ExposureContrast>',
                        root='version="2.0"', ext="ctf")
    with pytest.raises(vfxpy.UnsupportedError, match="ExposureContrast"):
        vfxpy.lut.read_clf(exposure)
    index_map = clf_file(tmp_path, "indexmap", '<LUT1D inBitDepth="32f" outBitDepth="32f">\n'
                         '<IndexMap dim="2">0@0 1@1</IndexMap>\n<Array dim="2 1">0 1</Array>\n</LUT1D>')
    with pytest.raises(vfxpy.UnsupportedError, match="line 4"):
        vfxpy.lut.read_clf(index_map)


@pytest.mark.parametrize("name", ["InverseLUT3D", "InvLUT3D"])
def test_inverse_lut3d_inside_the_gamut_matches_ocio(tmp_path, name):
    """OCIO's InverseLUT3D (OPTIMIZATION_NONE) is the exact inverse of tetrahedral
    interpolation; so is ours. Compared on values the forward LUT produces (inside its
    output gamut, plus the round trip) and on the test pixels (mostly outside it)."""
    forward_body = lut3d_body(9, "32f", "32f", 1, "tetrahedral", seed=5, noise=0.005)  # still one-to-one
    forward = clf_file(tmp_path, "forward3d", forward_body, root='version="2.0" id="f"', ext="ctf")
    inverse = clf_file(tmp_path, "inverse3d", forward_body.replace("LUT3D", "InverseLUT3D"),
                       root='version="2.0" id="i"', ext="ctf")
    rng = np.random.default_rng(11)
    domain = rng.uniform(0.02, 0.98, (400, 1, 4)).astype(np.float32)
    inside = vfx_apply(forward, domain)
    expected = ocio_apply_files([inverse], inside, tmp_path)[str(inverse)]
    assert not isinstance(expected, str), expected
    mine = inverse.with_name(f"{name}.ctf")
    mine.write_text(inverse.read_text().replace("InverseLUT3D", name))
    actual = vfx_apply(mine, inside)
    ok, err = within(actual, expected)
    assert ok, f"max error {err:.3g}"
    ok, err = within(actual[..., :3], domain[..., :3], tol=2e-6)
    assert ok, f"round trip: max error {err:.3g}"
    # outside the gamut too (negatives, values above 1): OCIO's clamp and extrapolated border
    expected = ocio_apply_files([inverse], PIXELS, tmp_path)[str(inverse)]
    ok, err = within(vfx_apply(mine), expected)
    assert ok, f"outside the gamut: max error {err:.3g}"


# ---------------------------------------------------------------- the Academy's sample CLFs (colour-clf-io on PyPI)

SAMPLES = ["LMT Kodak 2383 Print Emulation.xml", "LMT_ARRI_K1S1_709_EI800_v3.xml", "lut1_with_half_domain_sample.xml"]


@pytest.fixture(scope="module")
def academy_samples():
    """The sample CLFs shipped in the colour-clf-io 0.2.0 wheel (PyPI), downloaded once
    into ~/.cache/vfxrun-tests (skipped when PyPI cannot be reached)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vfxrun-tests" / "colour-clf-io-0.2.0"
    resources = cache / "colour_clf_io" / "tests" / "resources"
    if not all((resources / s).exists() for s in SAMPLES + ["ACES2065_1_to_ACEScct.xml"]):
        wheel_dir = cache / "wheel"
        pip = [shutil.which("pip3") or "pip3", "download", "--no-deps", "--only-binary=:all:",
               "colour-clf-io==0.2.0", "-d", str(wheel_dir), "-q"]
        try:
            subprocess.run(pip, check=True, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as error:
            pytest.skip(f"colour-clf-io sample CLFs unavailable: {error}")
        wheel = next(wheel_dir.glob("colour_clf_io-0.2.0-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            for member in z.namelist():
                if member.startswith("colour_clf_io/tests/resources/") and member.endswith(".xml"):
                    z.extract(member, cache)
    return resources


def test_academy_samples_match_ocio(academy_samples, tmp_path):
    paths = [academy_samples / s for s in SAMPLES]
    reference = ocio_apply_files(paths, PIXELS, tmp_path)
    for path in paths:
        expected = reference[str(path)]
        assert not isinstance(expected, str), f"OCIO: {expected}"
        ok, err = within(vfx_apply(path), expected)
        assert ok, f"{path.name}: max error {err:.3g}"


def test_academy_sample_with_index_map_is_unsupported_as_in_ocio(academy_samples, tmp_path):
    path = academy_samples / "ACES2065_1_to_ACEScct.xml"
    assert isinstance(ocio_apply_files([path], PIXELS, tmp_path)[str(path)], str)  # OCIO 2.1 rejects it too
    with pytest.raises(vfxpy.UnsupportedError, match="IndexMap"):
        vfxpy.lut.read_clf(path)


# ---------------------------------------------------------------- malformed files, in a subprocess

GOOD_LUT = '<LUT1D inBitDepth="32f" outBitDepth="32f">\n<Array dim="3 1">\n0 0.5 1\n</Array>\n</LUT1D>'

MALFORMED = {
    # name: (file text, expected line, words in the message)
    "not_xml": ("this is not XML at all\n", 1, "malformed XML"),
    "truncated": ('<?xml version="1.0"?>\n<ProcessList id="x" compCLFversion="3">\n<LUT1D inBitDepth="32f" '
                  'outBitDepth="32f">\n<Array dim="3 1">\n0 0.5', 5, "malformed XML"),
    "wrong_count": ('<ProcessList id="x">\n<LUT1D inBitDepth="32f" outBitDepth="32f">\n<Array dim="4 1">\n0 0.5 1\n'
                    '</Array>\n</LUT1D>\n</ProcessList>\n', 3, "needs 4 values, found 3"),
    "wrong_3d_count": ('<ProcessList id="x">\n<LUT3D inBitDepth="32f" outBitDepth="32f">\n<Array dim="2 2 2 3">\n'
                       + "0 0 0\n" * 7 + '</Array>\n</LUT3D>\n</ProcessList>\n', 3, "needs 24 values, found 21"),
    "non_number": ('<ProcessList id="x">\n<LUT1D inBitDepth="32f" outBitDepth="32f">\n<Array dim="3 1">\n0\n'
                   'zero.5\n1\n</Array>\n</LUT1D>\n</ProcessList>\n', 5, "is not a number"),
    "bad_bit_depth": ('<ProcessList id="x">\n\n<Matrix inBitDepth="11i" outBitDepth="32f">\n<Array dim="3 3">'
                      '1 0 0 0 1 0 0 0 1</Array>\n</Matrix>\n</ProcessList>\n', 3, "not a bit depth"),
    "missing_bit_depth": ('<ProcessList id="x">\n<Log style="log2" inBitDepth="32f"/>\n</ProcessList>\n', 2,
                          "outBitDepth"),
    "bit_depth_mismatch": (f'<ProcessList id="x">\n{GOOD_LUT}\n<Log inBitDepth="10i" outBitDepth="32f" '
                           'style="log2"/>\n</ProcessList>\n', 7, "bit-depth mismatch"),
    "unknown_element": ('<ProcessList id="x">\n<Sharpen inBitDepth="32f" outBitDepth="32f"/>\n</ProcessList>\n', 2,
                        "unknown element <Sharpen>"),
    "wrong_root": ('<LUT inBitDepth="32f"/>\n', 1, "expected <ProcessList>"),
    "bad_log_style": ('<ProcessList id="x">\n<Log inBitDepth="32f" outBitDepth="32f" style="ln"/>\n</ProcessList>\n',
                      2, "not a Log style"),
    "bad_matrix_dim": ('<ProcessList id="x">\n<Matrix inBitDepth="32f" outBitDepth="32f">\n<Array dim="2 2">'
                       '1 0 0 1</Array>\n</Matrix>\n</ProcessList>\n', 3, "Matrix's <Array dim>"),
    "range_one_sided_unequal": ('<ProcessList id="x">\n<Range inBitDepth="32f" outBitDepth="32f">\n'
                                '<minInValue>0.1</minInValue><minOutValue>0.2</minOutValue>\n</Range>\n</ProcessList>\n',
                                2, "minInValue = minOutValue"),
    "range_bad_pairs": ('<ProcessList id="x">\n<Range inBitDepth="32f" outBitDepth="32f">\n'
                        '<minInValue>0</minInValue>\n</Range>\n</ProcessList>\n', 2, "minOutValue"),
    "exponent_no_params": ('<ProcessList id="x">\n<Exponent inBitDepth="32f" outBitDepth="32f" style="basicFwd"/>\n'
                           '</ProcessList>\n', 2, "ExponentParams"),
    "cdl_bad_slope": ('<ProcessList id="x">\n<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd">\n<SOPNode>\n'
                      '<Slope>1 1</Slope>\n</SOPNode>\n</ASC_CDL>\n</ProcessList>\n', 4, "needs 3 numbers"),
    "empty": ("", 1, "malformed XML"),
    "huge_dim": ('<ProcessList id="x">\n<LUT1D inBitDepth="32f" outBitDepth="32f">\n'
                 '<Array dim="9223372036854775807 3">0 1</Array>\n</LUT1D>\n</ProcessList>\n', 3, "values, found 2"),
    "huge_3d_dim": ('<ProcessList id="x">\n<LUT3D inBitDepth="32f" outBitDepth="32f">\n'
                    '<Array dim="3000000 3000000 3000000 3">0 1</Array>\n</LUT3D>\n</ProcessList>\n', 3, "2 to 256"),
    "dim_not_integer": ('<ProcessList id="x">\n<LUT1D inBitDepth="32f" outBitDepth="32f">\n'
                        '<Array dim="2.5 1">0 1</Array>\n</LUT1D>\n</ProcessList>\n', 3, "positive integers"),
    "tag_mismatch": ('<ProcessList id="x">\n<LUT1D inBitDepth="32f" outBitDepth="32f">\n<Array dim="3 1">0 1 2</Arra>\n'
                     '</LUT1D></ProcessList>', (3, 4), "end tag does not match"),
}


def test_malformed_files_raise_format_error_with_file_and_line(run, tmp_path):
    for name, (text, _, _) in MALFORMED.items():
        (tmp_path / f"{name}.clf").write_text(text)
    script = tmp_path / "check.py"
    script.write_text(
        "import json, sys, vfxpy\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        vfxpy.lut.read_clf(name + '.clf')\n"
        "        out[name] = ['no error', '']\n"
        "    except Exception as e:\n"
        "        out[name] = [type(e).__name__, str(e)]\n"
        "print(json.dumps(out))\n")
    result = run(script, *MALFORMED, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for name, (_, line, words) in MALFORMED.items():
        kind, message = answers[name]
        assert kind == "FormatError", f"{name}: {kind}: {message}"
        assert f"{name}.clf" in message, f"{name}: file not named: {message}"
        # XML syntax errors: libxml2 may report the line after the bad tag (it has read past its newline)
        lines = line if isinstance(line, tuple) else (line,)
        assert any(f"line {n}:" in message for n in lines), f"{name}: expected line {line}: {message}"
        assert words in message, f"{name}: {message}"


def test_deeply_nested_clf_is_an_error_not_a_crash(run, tmp_path):
    """50,000 nested unknown elements: freeing the parsed tree recursed once per level and
    overflowed the stack (exit by SIGSEGV). Now the reader answers with a FormatError
    (an unknown element), in a subprocess so that a crash fails the test cleanly."""
    depth = 50_000
    (tmp_path / "deep.clf").write_text('<?xml version="1.0"?>\n<ProcessList compCLFversion="3" id="x">'
                                       + "<a>" * depth + "</a>" * depth + "</ProcessList>")
    result = run("-c", "import vfxpy\ntry:\n    vfxpy.lut.read_clf('deep.clf')\n"
                 "except vfxpy.FormatError as e:\n    print('FormatError', e)\n", cwd=tmp_path)
    assert result.returncode == 0, f"status {result.returncode}: {result.stderr[-500:]}"
    assert result.stdout.startswith("FormatError"), result.stdout
    assert "deep.clf" in result.stdout


# ---------------------------------------------------------------- the ACES output transforms' fixed functions

GAMUT_PARAMS = ' params="1.147 1.264 1.312 0.815 0.803 0.88 1.2"'  # ACES 1.3's reference values
ACES_STYLES = ["RedMod10Fwd", "RedMod10Rev", "Glow03Fwd", "Glow03Rev", "Glow10Fwd", "Glow10Rev", "DarkToDim10",
               "DimToDark10", "GamutComp13Fwd", "GamutComp13Rev"]


def aces_pixels():
    """AP1-like scene values: every hue (reds inside and around the red modifier's window)
    at every saturation, dark enough for the glow (YC below 0.16) and HDR up to 200; grays,
    zeros, a negative channel, and one NaN, +inf or -inf channel per special row."""
    rng = np.random.default_rng(7)
    hue = rng.uniform(0, 2 * np.pi, 6000)
    sat = rng.uniform(0, 1.2, hue.size)
    level = np.exp(rng.uniform(np.log(1e-4), np.log(200), hue.size))
    rgb = level[:, None] * (1 + sat[:, None] * np.cos(hue[:, None] - np.array([0, 2, 4]) * np.pi / 3))
    special = [[0, 0, 0], [0.18, 0.18, 0.18], [1, 1, 1], [0.5, -0.1, 0.02], [-0.01, 0.02, 0.03], [0, 0.1, 0],
               [np.nan, 0.2, 0.1], [0.3, np.nan, 0.1], [0.3, 0.2, np.nan], [np.inf, 0.2, 0.1], [0.2, np.inf, 0.1],
               [0.3, 0.2, -np.inf], [1e-12, 0, 0], [65504, 1000, 10]]
    px = np.concatenate([rgb, special]).astype(np.float32)
    return np.concatenate([px, rng.uniform(0, 1, (len(px), 1)).astype(np.float32)], axis=1).reshape(-1, 1, 4)


def test_aces_fixed_functions_match_ocio(tmp_path):
    """CTF's FixedFunction styles of the ACES 1.0 output transforms (red modifier, glow,
    surround) and the ACES 1.3 gamut compression, both directions, against OCIO's CPU
    renderer: the same float32 operations
    except atan2 and pow (vfxpy's vector versions, within 2e-7 relative of libm's), so within
    the module's 1e-6 (measured at most 1.8e-7, in RedMod10Rev and DimToDark10), the
    gamut compression within 1e-6 (forward) and 2e-6 (inverse) of the pixel's largest
    channel, and the glow, which has neither, bit for bit; NaN and infinities where OCIO has them; alpha
    untouched."""
    px = aces_pixels()
    paths = [clf_file(tmp_path, style, f'<FixedFunction inBitDepth="32f" outBitDepth="32f" style="{style}"'
                      + (GAMUT_PARAMS if style.startswith("Gamut") else "") + "/>",
                      root='version="2.0" id="ctf"', ext="ctf") for style in ACES_STYLES]
    reference = ocio_apply_files(paths, px, tmp_path)
    for style, path in zip(ACES_STYLES, paths):
        expected = reference[str(path)]
        assert not isinstance(expected, str), f"OCIO could not apply {style}: {expected}"
        transform = vfxpy.lut.read_clf(path)
        assert [op["type"] for op in transform.ops] == ["FixedFunction"]
        actual = vfx_apply(path, px)
        assert np.array_equal(np.isnan(actual), np.isnan(expected)), f"{style}: NaN differ"
        assert np.array_equal(np.isinf(actual), np.isinf(expected)), f"{style}: infinities differ"
        finite = np.isfinite(expected)
        if style.startswith("Gamut"):
            # out = ach - distance * |ach|: errors scale with the pixel's largest channel,
            # and the inverse's expansion steepens toward the limit (slope 1 / (1 - p)),
            # where fast_pow's 1.6e-7 grows: measured 6.4e-8 forward, 1.3e-6 inverse.
            size = np.maximum(np.abs(expected), np.nanmax(np.abs(px[..., :3]), axis=-1, keepdims=True))
            bound = (2e-6 if style.endswith("Rev") else 1e-6) * np.maximum(1, size)
            with np.errstate(invalid="ignore"):
                error = np.abs(actual.astype(np.float64) - expected)
            assert (error[finite] <= bound[finite]).all(), f"{style}: max error {np.max(error[finite] / bound[finite]):.3g} of the bound"
        else:
            ok, err = within(actual[finite], expected[finite])
            assert ok, f"{style}: max error {err:.3g}"
        if style.startswith("Glow"):
            assert np.array_equal(actual[finite], expected[finite]), f"{style}: not OCIO's bits"
        assert np.array_equal(actual[..., 3], px[..., 3]), f"{style}: alpha changed"
        with np.errstate(invalid="ignore"):
            changed = np.abs(actual[..., :3] - px[..., :3]) > 1e-4 * np.abs(px[..., :3])
        assert changed.sum() > 100, f"{style}: changes only {changed.sum()} values"  # the test sees the function


@pytest.mark.parametrize("attributes, error, message", [
    ('style="RGB_TO_HSV"', vfxpy.UnsupportedError, "RGB_TO_HSV"),
    ('', vfxpy.FormatError, "missing the required attribute style"),
    ('style="GamutComp13Fwd" params="1.2 1.2"', vfxpy.FormatError, "has 2 values; GamutComp13Fwd takes 7"),
    ('style="GamutComp13Rev" params="1.1 1.2 1.3 0.8 0.8 0.8 x"', vfxpy.FormatError, '"x" is not a finite number'),
    ('style="GamutComp13Fwd" params="0.9 1.2 1.3 0.8 0.8 0.8 1.2"', vfxpy.FormatError, "limits above 1"),
    ('style="RedMod10Fwd" params="1"', vfxpy.FormatError, "RedMod10Fwd takes 0"),
])
def test_fixed_function_errors(tmp_path, attributes, error, message):
    path = clf_file(tmp_path, "ff", f'<FixedFunction inBitDepth="32f" outBitDepth="32f" {attributes}/>',
                    root='version="2.0" id="ctf"', ext="ctf")
    with pytest.raises(error, match=message):
        vfxpy.lut.read_clf(path)
