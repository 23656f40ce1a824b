"""Per-channel lookup tables (VFXColor's ChannelTables): on half, u16 and u8 images of
at least 4x as many pixels as the format has values, a CPU color chain that starts with
per-channel curves runs that start as one table per channel, indexed by the stored
value. The tables are made by running the same renderers on every value, so the result
must be the one of the chain without tables bit for bit, NaN payloads included: each
case runs on a big image (tables) and on the same pixels cut into tiles too small to be
worth tables (the staged path), and the two must be equal as stored bits.
`_vfxpy._channel_table_counts()` says whether a bake happened, so a case cannot pass by
never using the tables. A second check compares with the f32 route (widen, run, store in
the format), NaNs compared as NaNs.
"""

from pathlib import Path

import numpy as np
import pytest

import _vfxpy
import vfxpy
from vfxpy import color, transfer

# format: (big image side, tile rows); 16-bit tiles of 64x512 = 32768 pixels < 4 * 65536,
# u8 tiles of 8x64 = 512 < 4 * 256
SIZES = {"f16": (512, 64), "u16": (512, 64), "u8": (64, 8)}
UNSIGNED = {"f16": np.uint16, "u16": np.uint16, "u8": np.uint8}


def stored_values(fmt, channels, seed=0):
    """Every stored value of `fmt` (each half bit pattern: NaNs, infinities, -0,
    subnormals), shuffled over a big image's channels."""
    side = SIZES[fmt][0]
    count = side * side * channels
    levels = 256 if fmt == "u8" else 65536
    values = np.resize(np.arange(levels, dtype=np.uint32), count)
    np.random.default_rng(seed).shuffle(values)
    values = values.astype(UNSIGNED[fmt]).reshape(side, side, channels)
    return values.view(np.float16) if fmt == "f16" else values


def bits(array):
    return array.view(np.uint16) if array.dtype == np.float16 else array


def run_tiled(data, fn, rows):
    out = data.copy()
    for y in range(0, out.shape[0], rows):
        tile = np.ascontiguousarray(out[y:y + rows])
        fn(vfxpy.Image(tile))
        out[y:y + rows] = tile
    return out


def clf(tmp_path, name, body):
    path = Path(tmp_path) / f"{name}.clf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<ProcessList compCLFversion="3" id="t">\n'
                    f"{body}\n</ProcessList>\n")
    return vfxpy.lut.read_clf(path)


LOG = ('<Log inBitDepth="32f" outBitDepth="32f" style="cameraLogToLin"><LogParams base="10" '
       'logSideSlope="0.247190" logSideOffset="0.385537" linSideSlope="5.555556" linSideOffset="0.052272" '
       'linSideBreak="0.010591"/></Log>')
MONCURVE_ALPHA = ('<Exponent inBitDepth="32f" outBitDepth="32f" style="monCurveMirrorFwd">'
                  '<ExponentParams channel="R" exponent="2.4" offset="0.055"/>'
                  '<ExponentParams channel="G" exponent="2.2" offset="0.099"/>'
                  '<ExponentParams channel="B" exponent="3.0" offset="0.16"/>'
                  '<ExponentParams channel="A" exponent="1.5" offset="0.1"/></Exponent>')
RANGE_POWER = ('<Range inBitDepth="32f" outBitDepth="32f"><minInValue>0.05</minInValue><maxInValue>0.9</maxInValue>'
               '<minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>'
               '<Exponent inBitDepth="32f" outBitDepth="32f" style="basicRev"><ExponentParams exponent="2.4"/></Exponent>')
INVERSE_LUT = ('<InverseLUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="9 3">'
               + " ".join(f"{(i / 8) ** (2.2 + 0.1 * c) * 1.2 - 0.05:.6f}" for i in range(9) for c in range(3))
               + "</Array></InverseLUT1D>")


def half_domain_lut():
    x = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        rgb = np.stack([np.sqrt(np.abs(x)), x * 0.5 + 0.1, np.cbrt(x)], axis=1)
    return ('<LUT1D inBitDepth="32f" outBitDepth="32f" halfDomain="true"><Array dim="65536 3">'
            + " ".join(f"{v:.7g}" for v in rgb.ravel()) + "</Array></LUT1D>")


# name: (what kind of bake the chain makes: "stored", "floats" or None, the chain)
CASES = {
    "srgb decode": ("stored", lambda img, t: transfer.srgb_to_linear(img)),
    "pq encode": ("stored", lambda img, t: transfer.encode(img, "pq")),
    "pq decode": ("stored", lambda img, t: transfer.decode(img, "pq")),
    "hlg decode": ("stored", lambda img, t: transfer.decode(img, "hlg")),
    "acescc encode": ("stored", lambda img, t: transfer.encode(img, "acescc")),
    "bt1886 decode": ("stored", lambda img, t: transfer.decode(img, "bt1886")),
    "exposure, clf camera log": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").chain(img).exposure(0.5)
                               .apply_clf(t["log"]).run()),
    "clf camera log, saturation": ("floats", lambda img, t: vfxpy.Processor(backend="cpu").chain(img)
                                 .apply_clf(t["log"]).saturation(1.2).run()),
    "logc3 to ACES": ("floats", lambda img, t: color.convert(img, "ARRI LogC3 (AWG3)", "ACES2065-1", "cat02")),
    "cdl with powers": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").cdl(
        img, slope=(1.1, 0.9, 1.2), offset=(0.01, -0.02, 0.0), power=(1.2, 0.8, 1.05))),
    "asc cdl, exposure": ("floats", lambda img, t: vfxpy.Processor(backend="cpu").chain(img).cdl(
        slope=(1.1, 0.9, 1.2), power=1.3, style="asc").saturation(0.9).exposure(1).run()),
    "contrast": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").contrast(img, 1.3, pivot=0.2)),
    "clf moncurve with alpha": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").apply_clf(img, t["moncurve"])),
    "clf range, power": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").apply_clf(img, t["range"])),
    "clf inverse lut1d": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").apply_clf(img, t["inverse"])),
    "clf half-domain lut1d": ("stored", lambda img, t: vfxpy.Processor(backend="cpu").apply_clf(img, t["half"])),
    # no tables: a leading mix, or per-channel arithmetic alone (cheaper than a lookup)
    "hlg with ootf": (None, lambda img, t: transfer.apply_hlg(img, "decode", ootf=True)),
    "saturation, clf camera log": (None, lambda img, t: vfxpy.Processor(backend="cpu").chain(img).saturation(1.1)
                         .apply_clf(t["log"]).run()),
    "exposure alone": (None, lambda img, t: vfxpy.Processor(backend="cpu").exposure(img, 0.7)),
}


@pytest.fixture(scope="module")
def transforms(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables")
    return {"log": clf(tmp, "log", LOG), "moncurve": clf(tmp, "moncurve", MONCURVE_ALPHA),
            "range": clf(tmp, "range", RANGE_POWER), "inverse": clf(tmp, "inverse", INVERSE_LUT),
            "half": clf(tmp, "half", half_domain_lut())}


def bake_counts():
    return _vfxpy._channel_table_counts()


@pytest.mark.parametrize("fmt", list(SIZES))
@pytest.mark.parametrize("name", list(CASES))
def test_tables_give_the_staged_result_bit_for_bit(transforms, fmt, name):
    kind, chain = CASES[name]
    data = stored_values(fmt, 4)
    fn = lambda img: chain(img, transforms)
    before = bake_counts()
    big = data.copy()
    fn(vfxpy.Image(big))
    after = bake_counts()
    expected = {k: before[k] + (1 if k == kind else 0) for k in before}
    assert after == expected, f"bakes {before} -> {after}"
    tiled_before = bake_counts()
    tiled = run_tiled(data, fn, SIZES[fmt][1])
    assert bake_counts() == tiled_before, "a tile was big enough for tables"
    assert np.array_equal(bits(big), bits(tiled))


@pytest.mark.parametrize("fmt", list(SIZES))
@pytest.mark.parametrize("name", ["pq decode", "logc3 to ACES", "cdl with powers", "clf moncurve with alpha"])
def test_tables_give_the_f32_route(transforms, fmt, name):
    _, chain = CASES[name]
    data = stored_values(fmt, 4, seed=1)
    big = data.copy()
    chain(vfxpy.Image(big), transforms)
    floats = vfxpy.Image(data).astype("f32")
    chain(floats, transforms)
    expected = floats.astype(fmt).numpy()
    if fmt == "f16":
        nan = np.isnan(expected)
        assert np.array_equal(np.isnan(big), nan)
        assert np.array_equal(bits(big)[~nan], bits(expected)[~nan])
    else:
        assert np.array_equal(big, expected)


@pytest.mark.parametrize("fmt", list(SIZES))
@pytest.mark.parametrize("name", ["srgb decode", "logc3 to ACES", "exposure, clf camera log"])
def test_three_channel_images(transforms, fmt, name):
    kind, chain = CASES[name]
    data = stored_values(fmt, 3, seed=2)
    fn = lambda img: chain(img, transforms)
    before = bake_counts()[kind]
    big = data.copy()
    fn(vfxpy.Image(big))
    assert bake_counts()[kind] == before + 1
    assert np.array_equal(bits(big), bits(run_tiled(data, fn, SIZES[fmt][1])))

