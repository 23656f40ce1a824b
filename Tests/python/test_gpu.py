"""The Vulkan backend, run for real on whatever Vulkan device is installed (Mesa's
lavapipe in CI: scripts/bootstrap installs mesa-vulkan-drivers), with the Khronos
validation layer on (conftest sets VFXPY_VULKAN_VALIDATION=1) and zero validation
messages allowed.

Reference: the CPU backend of this build. Tolerances are float steps (ULPs) of the
value, not absolute: the shaders repeat the CPU renderers' float operations in the same
order, using only operations Vulkan requires to be correctly rounded (add, subtract,
multiply, compare, conversions; the divisions are built correctly rounded from them,
gpu_common.glsl's vfx_div), so every float op is allowed 0 ULP: the results must be the
same floats, NaN where the CPU has NaN, infinities and signed zeros as on the CPU.
Integer formats may differ by 1 code (a rounding at the .5 boundary of a value one ULP
apart would move a code; 0 is seen here). Exact ops (copies, LUT lookups of u8/u16
codes) are exact by the same 0-ULP rule. Explicit rows of NaN, +-inf, denormals and +-0
go through every op. On a device without DenormPreserve an op whose input or result is a
float denormal may flush it (README); lavapipe computes them.
The CPU backend itself is checked against OpenColorIO in test_processor.py/test_clf.py.
Images are small: lavapipe runs shaders on the CPU, and each test stays well under a
second.
"""

import json

import numpy as np
import pytest

import _vfxpy
import vfxpy

LUMA = (0.2126, 0.7152, 0.0722)
FLOAT_ULPS = 0      # float results: the same floats (see the module docstring)
INTEGER_CODES = 1   # u8/u16 results: within one code


@pytest.fixture(scope="module")
def gpu():
    """A Processor on the first Vulkan device (lavapipe here); fails when none exists:
    CI must run these tests for real."""
    assert vfxpy.devices(), ("no Vulkan device: install mesa-vulkan-drivers (scripts/bootstrap); "
                             f"reason: {_vfxpy._gpu_unavailable_reason()}")
    return vfxpy.Processor(backend="vulkan")


@pytest.fixture(autouse=True)
def no_validation_messages():
    """Every test in this file ends with the validation layer silent."""
    before = _vfxpy._gpu_validation()[1]
    yield
    enabled, count, first = _vfxpy._gpu_validation()
    assert count == before, f"Vulkan validation reported {count - before} message(s); first: {first}"


def hdr_pixels(channels=4, height=24, width=40, seed=0):
    """HDR, negative and edge values: a uniform spread from -1 to 8, exact 0/1/0.18,
    -0.0, tiny and denormal values, 50, infinities and NaN in the first row."""
    rng = np.random.default_rng(seed)
    data = rng.uniform(-1.0, 8.0, (height, width, channels)).astype(np.float32)
    edge = np.array([0.0, 1.0, 0.18, -0.0, 1e-8, -1.0, 50.0, 1e-39, 0.5, 2.0, -3.5, 1e-3,
                     np.inf, -np.inf, np.nan, 0.999999], np.float32)
    for c in range(channels):
        data[0, :edge.size, c] = np.roll(edge, c)
    if channels >= 4:
        data[..., 3] = rng.uniform(0, 1, (height, width))
    return data


def to_format(data, fmt):
    """A float array as an image of format fmt (integers from clipped values)."""
    if fmt == "f32":
        return vfxpy.Image(data.copy())
    if fmt == "f16":
        return vfxpy.Image(data.astype(np.float16))
    clean = np.nan_to_num(data, nan=0.0, posinf=1.0, neginf=0.0)
    if fmt == "u8":
        return vfxpy.Image(np.round(np.clip(clean / 4, 0, 1) * 255).astype(np.uint8))
    return vfxpy.Image(np.round(np.clip(clean / 4, 0, 1) * 65535).astype(np.uint16))


def ulp_distance(a, b):
    """Float steps between same-typed float arrays (NaN vs NaN = 0, NaN vs number = huge;
    +0 and -0 are one step apart, so a lost sign of zero shows)."""
    a = np.asarray(a)
    b = np.asarray(b)
    bits = {np.dtype(np.float16): np.int16, np.dtype(np.float32): np.int32, np.dtype(np.float64): np.int64}[a.dtype]
    def ordered(x):
        i = x.view(bits).astype(np.int64)
        return np.where(i < 0, -(i & (np.iinfo(bits).max)) - 1, i)
    distance = np.abs(ordered(a) - ordered(b))
    both_nan = np.isnan(a) & np.isnan(b)
    one_nan = np.isnan(a) ^ np.isnan(b)
    return np.where(both_nan, 0, np.where(one_nan, np.iinfo(np.int64).max, distance))


def same(ours, reference, ulps=FLOAT_ULPS, codes=INTEGER_CODES):
    """Floats within `ulps` float steps of the reference; integers within `codes`."""
    ours = np.asarray(ours)
    reference = np.asarray(reference)
    assert ours.shape == reference.shape and ours.dtype == reference.dtype
    if ours.dtype.kind == "f":
        distance = ulp_distance(ours, reference)
        worst = np.unravel_index(np.argmax(distance), distance.shape)
        assert distance.max() <= ulps, (f"{distance.max()} float steps apart at {worst}: "
                                        f"{ours[worst]!r} against {reference[worst]!r}")
    else:
        difference = np.abs(ours.astype(np.int64) - reference.astype(np.int64))
        assert difference.max() <= codes, f"{difference.max()} codes apart"


def both(data_or_image, apply, fmt="f32"):
    """(vulkan result, cpu result) of `apply(proc, img)` on copies of the same image."""
    results = []
    for proc in (vfxpy.Processor(backend="vulkan"), vfxpy.Processor(backend="cpu")):
        img = to_format(data_or_image, fmt) if isinstance(data_or_image, np.ndarray) else data_or_image.copy()
        apply(proc, img)
        results.append(img.numpy(copy=True))
    return results


def random_lut3d(size, seed=3, domain=(0.0, 1.0)):
    rng = np.random.default_rng(seed)
    grid = np.linspace(0, 1, size)
    b, g, r = np.meshgrid(grid, grid, grid, indexing="ij")
    data = np.stack([0.9 * r + 0.1 * g, 0.8 * g + 0.2 * b, b ** 1.5], axis=-1)
    data = data + rng.uniform(-0.05, 0.05, data.shape)
    return data.astype(np.float32), domain


OPS = {
    "exposure": lambda p, i: p.exposure(i, 1.7),
    "exposure_negative": lambda p, i: p.exposure(i, -2.25),
    "saturation": lambda p, i: p.saturation(i, 1.35),
    "saturation_weights": lambda p, i: p.saturation(i, 0.4, weights=(0.3, 0.59, 0.11)),
    "contrast": lambda p, i: p.contrast(i, 1.3),
    "contrast_pivot": lambda p, i: p.contrast(i, 0.7, pivot=0.5),
    "cdl": lambda p, i: p.cdl(i, slope=(1.1, 0.9, 1.2), offset=(0.02, -0.01, 0.0), power=(1.2, 0.8, 2.2),
                              saturation=0.8),
    "cdl_unit_power": lambda p, i: p.cdl(i, slope=1.3, offset=-0.05, saturation=1.4),
    "cdl_asc": lambda p, i: p.cdl(i, slope=(1.1, 0.9, 1.2), offset=(0.02, -0.01, 0.0), power=(1.2, 0.8, 2.2),
                                  saturation=1.2, style="asc"),
    "matrix3": lambda p, i: p.apply_matrix(i, [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [-0.05, 0.1, 0.95]],
                                           offset=(0.01, 0.0, -0.02)),
    "matrix4": lambda p, i: p.apply_matrix(i, [[1.1, 0, 0, 0.1], [0, 0.9, 0.05, 0], [0, 0, 1, 0], [0, 0, 0.5, 0.5]]),
    "lut1d_gamma": lambda p, i: p.apply_lut(i, vfxpy.lut.Lut1D.gamma(1024, 2.4)),
    "lut1d_domain": lambda p, i: p.apply_lut(i, vfxpy.lut.Lut1D(
        np.stack([np.linspace(-0.2, 1.3, 33) ** 3, np.linspace(0, 1, 33), np.sqrt(np.linspace(0, 2, 33))], 1)
        .astype(np.float32), domain_min=-0.5, domain_max=(4.0, 2.0, 8.0))),
    "lut3d_tetrahedral": lambda p, i: p.apply_lut(i, vfxpy.lut.Lut3D(random_lut3d(17)[0])),
    "lut3d_trilinear": lambda p, i: p.apply_lut(i, vfxpy.lut.Lut3D(random_lut3d(9)[0], domain_min=-0.25,
                                                                   domain_max=6.0, interpolation="trilinear")),
    # CLF's reverse CDL styles: the exact inverse, on the GPU too
    "cdl_reverse": lambda p, i: p.apply_clf(i, clf_node(
        '<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Rev"><SOPNode><Slope>1.1 0.9 1.2</Slope>'
        '<Offset>0.02 -0.01 0</Offset><Power>1.2 0.8 2.2</Power></SOPNode>'
        '<SatNode><Saturation>0.8</Saturation></SatNode></ASC_CDL>')),
    "cdl_reverse_no_clamp": lambda p, i: p.apply_clf(i, clf_node(
        '<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="RevNoClamp"><SOPNode><Slope>1.1 0.9 1.2</Slope>'
        '<Offset>0.02 -0.01 0</Offset><Power>1.2 0.8 2.2</Power></SOPNode>'
        '<SatNode><Saturation>1.3</Saturation></SatNode></ASC_CDL>')),
    # no shader: these run on the CPU inside the Vulkan run (same float copy)
    "lut1d_inverse": lambda p, i: p.apply_lut(i, vfxpy.lut.Lut1D.gamma(256, 2.2).inverse()),
}
def half_domain_lut():
    halves = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):
        curve = np.sign(halves) * np.abs(halves) ** 0.8
    curve = np.nan_to_num(curve, nan=0.0, posinf=7e3, neginf=-7e3)
    return vfxpy.lut.Lut1D(np.stack([curve, curve * 0.5, -curve], 1).astype(np.float32), half_domain=True)


OPS["lut1d_half_domain"] = lambda p, i: p.apply_lut(i, half_domain_lut())
OPS["lut1d_half_domain_big"] = lambda p, i: p.exposure(i, 13).apply_lut(i, half_domain_lut())

_CLF_CACHE = {}


def clf_node(body):
    """A one-node CLF file read with vfxpy.lut.read_clf (written once per body)."""
    import tempfile
    from pathlib import Path

    if body not in _CLF_CACHE:
        with tempfile.TemporaryDirectory(prefix="vfx_gpu_clf_") as folder:
            path = Path(folder) / "node.clf"
            path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<ProcessList compCLFversion="3" id="gpu">\n'
                            f'{body}\n</ProcessList>\n')
            _CLF_CACHE[body] = vfxpy.lut.read_clf(path)
    return _CLF_CACHE[body]


# CLF Exponent nodes call glibc's powf on the CPU, which a shader cannot reproduce to the
# last bit (a float64 port differs by a float step now and then: 2 steps of 1.7e5 seen
# here): they run on the CPU inside Vulkan runs, checked here; except a monCurve with one
# set of parameters (OCIO's sRGB and Rec.1886 encodings), which runs the power-curve
# kernel of transfer32.glsl. Log nodes run log.glsl, the CPU kernel's fast_pow log2/exp2
# operation for operation.
EXPONENT_BASIC = ('<ExponentParams channel="R" exponent="2.2"/><ExponentParams channel="G" exponent="1.8"/>'
                  '<ExponentParams channel="B" exponent="2.6"/>')
EXPONENT_MONCURVE = ('<ExponentParams channel="R" exponent="2.4" offset="0.055"/>'
                     '<ExponentParams channel="G" exponent="2.2" offset="0.099"/>'
                     '<ExponentParams channel="B" exponent="3.0" offset="0.16"/>')
for _style in ("basicFwd", "basicRev", "basicMirrorFwd", "basicMirrorRev", "basicPassThruFwd", "basicPassThruRev",
               "monCurveFwd", "monCurveRev", "monCurveMirrorFwd", "monCurveMirrorRev"):
    _params = EXPONENT_MONCURVE if _style.startswith("monCurve") else EXPONENT_BASIC
    OPS[f"clf_exponent_{_style}"] = (lambda p, i, b=f'<Exponent inBitDepth="32f" outBitDepth="32f" style="{_style}">'
                                     f'{_params}</Exponent>': p.apply_clf(i, clf_node(b)))
for _style in ("monCurveFwd", "monCurveRev"):  # one set of parameters: the shader
    OPS[f"clf_exponent_{_style}_shared"] = (lambda p, i, b=f'<Exponent inBitDepth="32f" outBitDepth="32f" '
                                            f'style="{_style}"><ExponentParams exponent="2.4" offset="0.055"/>'
                                            '</Exponent>': p.apply_clf(i, clf_node(b)))
OPS["clf_exponent_alpha"] = lambda p, i: p.apply_clf(i, clf_node(
    '<Exponent inBitDepth="32f" outBitDepth="32f" style="basicFwd"><ExponentParams channel="R" exponent="2.2"/>'
    '<ExponentParams channel="G" exponent="2.2"/><ExponentParams channel="B" exponent="2.2"/>'
    '<ExponentParams channel="A" exponent="1.5"/></Exponent>'))
LOG_PARAMS = {
    "linToLog": '<LogParams base="10" logSideSlope="0.25" logSideOffset="0.4" linSideSlope="5.5" linSideOffset="0.05"/>',
    "logToLin": '<LogParams base="10" logSideSlope="0.25" logSideOffset="0.4" linSideSlope="5.5" linSideOffset="0.05"/>',
    "cameraLinToLog": ('<LogParams base="2" logSideSlope="0.06" logSideOffset="0.55" linSideSlope="1" '
                       'linSideOffset="0.0039" linSideBreak="0.0078"/>'),
    "cameraLogToLin": ('<LogParams base="2" logSideSlope="0.06" logSideOffset="0.55" linSideSlope="1" '
                       'linSideOffset="0.0039" linSideBreak="0.0078" linearSlope="5.0"/>'),
}
for _style in ("log10", "log2", "antiLog10", "antiLog2", "linToLog", "logToLin", "cameraLinToLog", "cameraLogToLin"):
    OPS[f"clf_log_{_style}"] = (lambda p, i, b=f'<Log inBitDepth="32f" outBitDepth="32f" style="{_style}">'
                                f'{LOG_PARAMS.get(_style, "")}</Log>': p.apply_clf(i, clf_node(b)))

CURVES = ["srgb", "rec709", "bt1886", "gamma", "pq", "hlg", "cineon", "logc3", "logc4", "slog3", "vlog",
          "acescc", "acescct", "clog3", "log3g10"]
for _curve in CURVES:
    for _direction in ("encode", "decode"):
        OPS[f"transfer_{_curve}_{_direction}"] = (
            lambda p, i, c=_curve, d=_direction: p.transfer(i, c, d))
OPS["transfer_hlg_ootf_decode"] = lambda p, i: p.transfer(i, "hlg", "decode", ootf=True)
OPS["transfer_hlg_ootf_encode"] = lambda p, i: p.transfer(i, "hlg", "encode", ootf=True, system_gamma=1.1)
OPS["transfer_gamma_mirror"] = lambda p, i: p.transfer(i, "gamma", "decode", gamma=2.6, mirror=True)
OPS["transfer_pq_scale"] = lambda p, i: p.transfer(i, "pq", "encode", scale=203)
OPS["transfer_cineon_params"] = lambda p, i: p.transfer(i, "cineon", "decode", ref_white=700, ref_black=64, gamma=0.65)


@pytest.mark.parametrize("name", sorted(OPS))
def test_op_matches_cpu_backend(gpu, name):
    data = hdr_pixels()
    if name.endswith("decode"):
        data[1:] /= 8  # code values: mostly in [-0.125, 1]
    ours, reference = both(data, OPS[name])
    same(ours, reference)
    # alpha stays as it was (the 4x4 matrix is the one op defined on alpha; row 0 holds
    # infinities and NaN, which a matrix's zero alpha-row weights turn into NaN)
    if name not in ("matrix4", "clf_exponent_alpha"):
        np.testing.assert_array_equal(ours[1:, :, 3], data[1:, :, 3])


def special_pixels():
    """Every pairing of the special values in R/G/B: NaN, +-inf, +-0, float denormals
    (smallest, largest, a middle one, negative), the smallest normal, 1 and -1."""
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-45, 1.1754942e-38, 3e-40, -3e-40,
                         1.17549435e-38, 1.0, -1.0], np.float32)
    r, g, b = np.meshgrid(specials, specials, specials[::5], indexing="ij")
    data = np.stack([r.ravel(), g.ravel(), b.ravel(), np.full(r.size, 0.5, np.float32)], -1)
    return data.reshape(1, -1, 4).astype(np.float32)


@pytest.mark.parametrize("name", sorted(OPS))
def test_special_values_match_cpu_backend(gpu, name):
    """NaN, +-inf, +-0 and denormals through every op: the same floats as the CPU
    (NaN for NaN, the same infinity, the same signed zero, denormals kept)."""
    ours, reference = both(special_pixels(), OPS[name])
    same(ours, reference)


def chain(proc, img):
    (proc.chain(img).exposure(0.5).cdl(slope=(1.05, 1, 0.95), power=(1.1, 1.0, 0.9), saturation=1.1)
     .apply_lut(vfxpy.lut.Lut3D(random_lut3d(9)[0], domain_max=4.0)).contrast(1.1).run())


@pytest.mark.parametrize("fmt", ["u8", "u16", "f16", "f32"])
@pytest.mark.parametrize("channels", [1, 2, 3, 4, 5])
def test_every_format_and_layout_matches_cpu(gpu, fmt, channels):
    data = hdr_pixels(channels=channels, height=8, width=24, seed=channels)
    ours, reference = both(data, chain, fmt)
    same(ours, reference)
    # separate ops round to the format between them, exactly as on the CPU
    ours, reference = both(data, lambda p, i: p.exposure(i, 0.37).saturation(i, 1.3).contrast(i, 1.2), fmt)
    same(ours, reference)


def test_half_rounding_edges_match_cpu(gpu):
    """Halves are rounded on the device after each op: nearest even, overflow to
    infinity past 65520, subnormals on the 2^-24 grid, exactly as Float16(x) on the CPU."""
    rng = np.random.default_rng(11)
    values = np.concatenate([np.linspace(65400, 65504, 40), np.linspace(-65504, -65400, 20),
                             rng.uniform(0, 2 ** -14, 60), -rng.uniform(0, 2 ** -14, 20),
                             rng.uniform(0.5, 2, 60), [0.0, 2 ** -24, 2 ** -25, 3 * 2 ** -25]])
    data = np.zeros((1, values.size, 4), np.float16)
    data[0, :, :3] = values[:, None].astype(np.float16)
    for scale in (1.00003, 1.0001, 0.99997, 1.5):
        m = [[scale, 0, 0], [0, scale * 1.00001, 0], [0, 0, scale * 0.99999]]
        ours, reference = both(vfxpy.Image(data), lambda p, i: p.apply_matrix(i, m, offset=(1e-9, 0, 0)))
        assert np.array_equal(ours.view(np.uint16), reference.view(np.uint16))


def test_clf_process_list_matches_cpu(gpu, tmp_path):
    rng = np.random.default_rng(5)
    n = 5
    cube = " ".join(f"{v:.6f}" for v in rng.uniform(0, 1, n * n * n * 3))
    curve = " ".join(f"{v:.6f}" for v in np.linspace(0, 1, 16) ** 0.8)
    path = tmp_path / "grade.clf"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<ProcessList compCLFversion="3" id="gpu">
<Matrix inBitDepth="32f" outBitDepth="32f"><Array dim="3 3">0.9 0.1 0 0.05 0.9 0.05 0 0.1 0.9</Array></Matrix>
<Range inBitDepth="32f" outBitDepth="32f"><minInValue>-0.1</minInValue><maxInValue>6</maxInValue>
<minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>
<ASC_CDL inBitDepth="32f" outBitDepth="32f" style="Fwd"><SOPNode><Slope>1.1 1 0.9</Slope>
<Offset>0.01 0 -0.01</Offset><Power>1.2 1 0.8</Power></SOPNode><SatNode><Saturation>1.1</Saturation></SatNode></ASC_CDL>
<LUT1D inBitDepth="32f" outBitDepth="32f"><Array dim="16 1">{curve}</Array></LUT1D>
<LUT3D inBitDepth="32f" outBitDepth="32f" interpolation="tetrahedral"><Array dim="{n} {n} {n} 3">{cube}</Array></LUT3D>
<Log inBitDepth="32f" outBitDepth="32f" style="linToLog"><LogParams base="10" logSideSlope="0.3" linSideOffset="0.01"/></Log>
<Exponent inBitDepth="32f" outBitDepth="32f" style="basicMirrorFwd"><ExponentParams exponent="2.2"/></Exponent>
</ProcessList>
""")
    clf = vfxpy.lut.read_clf(path)
    ours, reference = both(hdr_pixels(seed=9), lambda p, i: p.apply_clf(i, clf))
    same(ours, reference)


def test_vulkan_chain_matches_opencolorio(gpu, tmp_path):
    """Independent check: the Vulkan chain against OpenColorIO's CPU processor (a
    separate Debian python3), with test_processor.py's tolerance for the same chain
    (2e-6 scaled by max(1, |value|): OCIO folds exposure and matrices differently)."""
    from ocio_processor_ref import TEST_CHAIN_GROUP, ocio_apply

    rng = np.random.default_rng(0)
    data = rng.uniform(-0.5, 4.0, (32, 48, 4)).astype(np.float32)
    img = vfxpy.Image(data, copy=True)
    gpu.chain(img).exposure(0.5).saturation(1.2).cdl(slope=(1.1, 1, 0.9), power=1.1).contrast(1.2).run()
    group = TEST_CHAIN_GROUP
    reference = ocio_apply(group, data, tmp_path).astype(np.float64)
    error = np.abs(img.numpy().astype(np.float64) - reference) / np.maximum(1.0, np.abs(reference))
    assert error.max() <= 2e-6, f"max scaled error {error.max():.3g}"


def counts():
    return _vfxpy._gpu_transfer_counts()


def test_chain_uploads_once_and_reads_back_once(gpu):
    img = vfxpy.Image(hdr_pixels(), copy=True)  # owned memory: no view of it exists
    start = counts()
    gpu.exposure(img, 1).saturation(img, 1.2).cdl(img, slope=1.1, power=1.2).transfer(img, "logc3", "encode")
    gpu.chain(img).contrast(1.1).apply_matrix([[1, 0.1, 0], [0, 1, 0], [0, 0, 1]]).run()
    assert counts()["uploads"] == start["uploads"] + 1
    assert counts()["downloads"] == start["downloads"]
    assert "on GPU (" in repr(img) and gpu.device_name in repr(img)
    assert img.width == 40 and img.shape == (24, 40, 4)  # no sync for geometry
    assert counts()["downloads"] == start["downloads"]
    result = img.numpy()
    assert counts()["downloads"] == start["downloads"] + 1
    assert "on CPU" in repr(img)
    reference = vfxpy.Image(hdr_pixels(), copy=True)
    cpu = vfxpy.Processor(backend="cpu")
    cpu.exposure(reference, 1).saturation(reference, 1.2).cdl(reference, slope=1.1, power=1.2)
    cpu.transfer(reference, "logc3", "encode")
    cpu.chain(reference).contrast(1.1).apply_matrix([[1, 0.1, 0], [0, 1, 0], [0, 0, 1]]).run()
    same(result, reference.numpy())


@pytest.mark.parametrize("name", ["cdl_reverse", "cdl_reverse_no_clamp"])
def test_reverse_cdl_runs_on_the_device(gpu, name):
    """The reverse CDL has a shader: the image is uploaded once and stays on the device
    (an op without one would run the CPU backend on host memory: no upload at all)."""
    img = vfxpy.Image(hdr_pixels(), copy=True)
    start = counts()
    OPS[name](gpu, img)
    assert counts()["uploads"] == start["uploads"] + 1
    assert "on GPU (" in repr(img)


def test_cpu_ops_inside_a_gpu_chain_round_trip_once(gpu):
    """An op without a shader runs on the CPU on the run's float copy: one read back and
    one upload around it, and the chain still equals the CPU backend's."""
    inverse = vfxpy.lut.Lut1D.gamma(256, 2.2).inverse()

    def apply(proc, img):
        proc.chain(img).exposure(-3).apply_lut(inverse).contrast(1.2).run()

    img = vfxpy.Image(hdr_pixels(), copy=True)
    start = counts()
    apply(gpu, img)
    assert counts()["uploads"] - start["uploads"] == 2 and counts()["downloads"] - start["downloads"] == 1
    reference = vfxpy.Image(hdr_pixels(), copy=True)
    apply(vfxpy.Processor(backend="cpu"), reference)
    same(img.numpy(), reference.numpy())
    # a run with nothing for the device is the CPU backend on host memory
    gpu.exposure(img, 1)
    start = counts()
    gpu.apply_lut(img, inverse)
    assert counts()["downloads"] - start["downloads"] == 1 and counts()["uploads"] == start["uploads"]
    assert "on CPU" in repr(img)
    vfxpy.Processor(backend="cpu").exposure(reference, 1).apply_lut(reference, inverse)
    same(img.numpy(), reference.numpy())


def test_views_taken_before_see_gpu_results(gpu):
    img = vfxpy.Image(hdr_pixels(), copy=True)
    view = img.numpy()
    before = counts()
    gpu.exposure(img, 1)
    # the result is in host memory at once (a view is alive): read back through staging,
    # or written there in place by a device that imports host memory (lavapipe does)
    moved = counts()["downloads"] - before["downloads"] + counts()["imports"] - before["imports"]
    assert moved == 1
    expected = hdr_pixels()
    expected[..., :3] *= 2
    same(view, expected)
    gpu.exposure(img, -1)
    same(view, hdr_pixels())
    # an image over a numpy array's memory: the array is a view too
    arr = hdr_pixels()
    wrapped = vfxpy.Image(arr)
    gpu.exposure(wrapped, 1)
    same(arr, expected)


def test_host_readers_see_gpu_results(gpu, tmp_path):
    def scaled(factor):
        data = hdr_pixels()
        data[..., :3] *= factor
        return data

    img = vfxpy.Image(hdr_pixels(), copy=True)
    # a copy, a conversion, a CPU op, a file write and the buffer protocol all read the
    # GPU result
    gpu.exposure(img, 1)
    same(img.copy().numpy(), scaled(2))
    gpu.exposure(img, 1)
    same(img.astype("f16").numpy(), scaled(4).astype(np.float16))
    gpu.exposure(img, -2)
    vfxpy.Processor(backend="cpu").exposure(img, 1)
    same(img.numpy(), scaled(2))
    gpu.exposure(img, -1)
    path = tmp_path / "out.exr"
    vfxpy.write(path, img)
    same(vfxpy.read(path).numpy(), hdr_pixels())
    gpu.exposure(img, 1)
    same(np.frombuffer(bytes(memoryview(img)), np.float32).reshape(img.shape), scaled(2))


def test_tiles_when_the_image_exceeds_the_budget(gpu):
    data = hdr_pixels(height=37, width=23)
    row_bytes = 23 * 16
    _vfxpy._gpu_set_tile_budget(row_bytes * 5)  # 5 rows per tile: 8 tiles
    try:
        start = counts()
        ours, reference = both(data, chain)
        assert counts()["tiles"] - start["tiles"] == 8
        same(ours, reference)
        img = vfxpy.Image(data, copy=True)
        gpu.exposure(img, 1)
        assert "on CPU" in repr(img)  # tiled images stay on the host
    finally:
        _vfxpy._gpu_set_tile_budget(0)


def test_tiles_are_double_buffered_and_run_cpu_steps(gpu):
    """7 tiles of 6 rows through two alternating frames, with an op without a shader
    between device steps (its round trip uses the tile's own staging buffer): equal to
    the CPU backend, one upload and one read-back per tile plus the CPU step's pair."""
    inverse = vfxpy.lut.Lut1D.gamma(256, 2.2).inverse()

    def apply(proc, img):
        proc.chain(img).exposure(-3).apply_lut(inverse).contrast(1.2).run()

    data = hdr_pixels(height=41, width=19, seed=3)
    _vfxpy._gpu_set_tile_budget(19 * 16 * 6)
    try:
        start = counts()
        ours, reference = both(data, apply)
        end = counts()
        assert end["tiles"] - start["tiles"] == 7
        assert end["uploads"] - start["uploads"] == 14 and end["downloads"] - start["downloads"] == 14
        same(ours, reference)
    finally:
        _vfxpy._gpu_set_tile_budget(0)


def test_a_cancelled_tiled_run_stops_between_tiles(gpu):
    """A run over the device budget submits one tile after another: cancelling its
    run_async stops it at the next tile (CancelledError, fewer tiles than the image has);
    runs that fit the budget are one submit and run to their end."""
    import concurrent.futures
    import time

    data = hdr_pixels(height=600, width=64)
    _vfxpy._gpu_set_tile_budget(64 * 16 * 2)  # 2 rows per tile: 300 tiles
    try:
        started = time.monotonic()
        gpu.chain(vfxpy.Image(data, copy=True)).exposure(1).run()
        full = time.monotonic() - started
        for attempt in range(3):  # the run may end before the cancel on a loaded machine: try again
            start = counts()
            future = gpu.chain(vfxpy.Image(data, copy=True)).exposure(1).run_async()
            while not future.running() and not future.done():
                time.sleep(0.0005)
            time.sleep(full * 0.05)
            future.cancel()
            concurrent.futures.wait([future], timeout=60)
            if future.exception(timeout=0) is not None:
                break
        else:
            pytest.fail("the run always ended before its cancel")
        assert isinstance(future.exception(timeout=0), concurrent.futures.CancelledError)
        assert counts()["tiles"] - start["tiles"] < 300 * 0.5
    finally:
        _vfxpy._gpu_set_tile_budget(0)


def test_tile_budget_from_the_environment(run):
    """$VFXPY_GPU_TILE_BYTES at start, in a fresh process with validation on: a 4K-wide
    band of 3 rows per tile, 5 tiles, the CPU backend's floats, no validation message."""
    code = """if True:
        import numpy as np, _vfxpy, vfxpy
        data = np.random.default_rng(1).uniform(-1, 4, (14, 4096, 4)).astype(np.float32)
        ours, ref = vfxpy.Image(data.copy()), vfxpy.Image(data.copy())
        for proc, img in ((vfxpy.Processor(backend="vulkan"), ours), (vfxpy.Processor(backend="cpu"), ref)):
            proc.chain(img).exposure(0.5).saturation(1.2).contrast(1.1).run()
        print(_vfxpy._gpu_transfer_counts()["tiles"], np.array_equal(ours.numpy(), ref.numpy()),
              _vfxpy._gpu_validation()[1])
    """
    result = run("-c", code, env={"VFXPY_GPU_TILE_BYTES": str(4096 * 16 * 3), "VFXPY_VULKAN_VALIDATION": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "True", "0"], result.stdout


def test_wrapped_numpy_runs_in_place_on_imported_memory(gpu):
    """An RGBA float32 image over a numpy array on a device with
    VK_EXT_external_memory_host: the device reads and writes the array's pages in place
    (one import per run, no staging copy), with the CPU backend's floats, also across an
    op without a shader (it runs on the same host memory)."""
    if not _vfxpy._gpu_estimate(_exposure_pipeline(), vfxpy.Image(hdr_pixels()), 0)["imported"]:
        pytest.skip("this device does not import host memory")
    inverse = vfxpy.lut.Lut1D.gamma(256, 2.2).inverse()
    arr = hdr_pixels(seed=5)
    img = vfxpy.Image(arr)
    start = counts()
    gpu.exposure(img, 1).saturation(img, 1.3)
    gpu.chain(img).exposure(-3).apply_lut(inverse).contrast(1.2).run()
    end = counts()
    assert end["imports"] - start["imports"] == 3
    assert end["uploads"] == start["uploads"] and end["downloads"] == start["downloads"]
    assert "on CPU" in repr(img)
    reference = vfxpy.Image(hdr_pixels(seed=5))
    cpu = vfxpy.Processor(backend="cpu")
    cpu.exposure(reference, 1).saturation(reference, 1.3)
    cpu.chain(reference).exposure(-3).apply_lut(inverse).contrast(1.2).run()
    same(arr, reference.numpy())
    # an image in vfxpy's own memory is copied to and from its own pages: no staging
    owned = vfxpy.Image(hdr_pixels(seed=5), copy=True)
    start = counts()
    gpu.exposure(owned, 1)
    assert "on GPU (" in repr(owned)
    result = owned.numpy()
    end = counts()
    assert end["direct"] - start["direct"] == 2 and end["uploads"] - start["uploads"] == 1
    expected = hdr_pixels(seed=5)
    expected[..., :3] *= 2
    same(result, expected)


def test_unaligned_numpy_memory_is_copied(gpu):
    """Pixels 4 bytes into their page's storage-buffer alignment cannot be bound in
    place: the run copies them to device memory and back (from and to the imported pages,
    or through staging), one upload and one read-back, same floats."""
    raw = np.zeros(24 * 40 * 16 + 64, np.uint8)
    start_at = (-raw.ctypes.data) % 64 + 4
    arr = raw[start_at:start_at + 24 * 40 * 16].view(np.float32).reshape(24, 40, 4)
    arr[...] = hdr_pixels()
    img = vfxpy.Image(arr)
    start = counts()
    gpu.exposure(img, 1)
    assert counts()["uploads"] - start["uploads"] == 1 and counts()["downloads"] - start["downloads"] == 1
    assert counts()["imports"] == start["imports"]
    expected = hdr_pixels()
    expected[..., :3] *= 2
    same(arr, expected)


def _exposure_pipeline(stops=1.0):
    pipeline = _vfxpy.Pipeline()
    pipeline.add_exposure(stops)
    return pipeline


@pytest.fixture
def auto(monkeypatch):
    """Processor() on auto with this Vulkan device ($VFXPY_DEVICE picks lavapipe, which
    auto never picks by itself); the cost model's numbers restored after."""
    monkeypatch.setenv("VFXPY_DEVICE", "0")
    proc = vfxpy.Processor()
    assert proc.backend == "vulkan" and proc._auto
    yield proc
    _vfxpy._gpu_set_cost(None)


# a card on a slow link with fast memory: moving pixels costs 1 ns per byte, the
# device's work 1 ps per byte; the CPU's ops 1 ns per pixel per op per core
SLOW_LINK_FAST_DEVICE = "link=1e9,device=1e12,submit=2e-5,host=1e10,cpu=1e-9"


def test_auto_follows_its_measured_estimate(auto):
    """With the rates measured on this device, each call runs where the estimate says
    (lavapipe computes on these same cores: the CPU), with the CPU backend's floats."""
    arr = hdr_pixels(seed=7)
    img = vfxpy.Image(arr)
    estimate = _vfxpy._gpu_estimate(_exposure_pipeline(), img, 0)
    for name in ("link", "device", "host", "submit", "device_seconds", "cpu_seconds", "cpu_seconds_per_pixel"):
        assert 0 < estimate[name] < float("inf"), (name, estimate)
    assert estimate["read_back"] and not estimate["resident"]
    assert estimate["choice"] == ("vulkan" if estimate["device_seconds"] < estimate["cpu_seconds"] else "cpu")
    start = counts()
    auto.exposure(img, 1)
    key = "auto_device" if estimate["choice"] == "vulkan" else "auto_cpu"
    assert counts()[key] - start[key] == 1
    expected = hdr_pixels(seed=7)
    expected[..., :3] *= 2
    same(arr, expected)


def test_auto_picks_the_cpu_when_transfers_dominate(auto):
    """A numpy-wrapped image on a slow link: the plan's separate calls run on the CPU
    backend (no transfer at all), same floats as the CPU backend."""
    _vfxpy._gpu_set_cost(SLOW_LINK_FAST_DEVICE)
    arr = hdr_pixels(seed=8)
    img = vfxpy.Image(arr)
    estimate = _vfxpy._gpu_estimate(_exposure_pipeline(), img, 0)
    assert estimate["choice"] == "cpu" and estimate["link_bytes"] >= 2 * arr.nbytes
    start = counts()
    auto.exposure(img, 1).saturation(img, 1.2).cdl(img, slope=1.1, power=1.2).contrast(img, 1.1)
    end = counts()
    assert end["auto_cpu"] - start["auto_cpu"] == 4 and end["auto_device"] == start["auto_device"]
    assert all(end[k] == start[k] for k in ("uploads", "downloads", "imports"))
    reference = vfxpy.Image(hdr_pixels(seed=8))
    cpu = vfxpy.Processor(backend="cpu")
    cpu.exposure(reference, 1).saturation(reference, 1.2).cdl(reference, slope=1.1, power=1.2)
    cpu.contrast(reference, 1.1)
    same(arr, reference.numpy())
    # an explicit backend never asks the model: the device runs
    before = counts()
    vfxpy.Processor(backend="vulkan").exposure(img, -1)
    after = counts()
    assert after["auto_cpu"] == before["auto_cpu"]
    assert (after["imports"] - before["imports"]) + (after["downloads"] - before["downloads"]) == 1


def test_auto_keeps_a_resident_image_on_the_device(auto, gpu):
    """The same rates, an image already on the device: moving it back would cost more
    than the device's work, so auto runs there and the image stays (no transfer)."""
    _vfxpy._gpu_set_cost(SLOW_LINK_FAST_DEVICE)
    # 96x128: big enough that moving it back (196 KB at 1 GB/s) outweighs a submit
    img = vfxpy.Image(hdr_pixels(height=96, width=128, seed=9), copy=True)
    gpu.exposure(img, 1)
    assert "on GPU (" in repr(img)
    estimate = _vfxpy._gpu_estimate(_exposure_pipeline(), img, 0)
    assert estimate["choice"] == "vulkan" and estimate["resident"] and estimate["link_bytes"] == 0
    start = counts()
    auto.saturation(img, 1.2).contrast(img, 1.1)
    auto.chain(img).exposure(-1).cdl(slope=1.1).run()
    end = counts()
    assert end["auto_device"] - start["auto_device"] == 3
    assert all(end[k] == start[k] for k in ("uploads", "downloads", "imports"))
    assert "on GPU (" in repr(img)
    reference = vfxpy.Image(hdr_pixels(height=96, width=128, seed=9), copy=True)
    cpu = vfxpy.Processor(backend="cpu")
    cpu.exposure(reference, 1).saturation(reference, 1.2).contrast(reference, 1.1)
    cpu.chain(reference).exposure(-1).cdl(slope=1.1).run()
    same(img.numpy(), reference.numpy())


def test_cost_spec_errors(run):
    for bad in ("link", "speed=3", "link=-1", "link=abc", "host=inf"):
        with pytest.raises(ValueError, match="VFXPY_GPU_COST"):
            _vfxpy._gpu_set_cost(bad)
    _vfxpy._gpu_set_cost(None)
    # a bad variable fails auto runs with its message (an explicit backend ignores it)
    code = """if True:
        import numpy as np, vfxpy
        img = vfxpy.Image(np.ones((4, 4, 4), np.float32))
        vfxpy.Processor(backend="vulkan").exposure(img, 1)
        try:
            vfxpy.Processor().exposure(img, 1)
        except ValueError as error:
            print("ValueError", error)
    """
    result = run("-c", code, env={"VFXPY_GPU_COST": "link=fast", "VFXPY_DEVICE": "0"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ValueError") and "link=fast" in result.stdout, result.stdout


def test_devices_listing(gpu):
    devices = vfxpy.devices()
    assert [d["index"] for d in devices] == list(range(len(devices)))
    for device in devices:
        assert device["type"] in ("discrete", "integrated", "virtual", "cpu", "other")
        assert isinstance(device["name"], str) and device["name"]
        assert device["api_version"].count(".") == 2 and device["memory_bytes"] > 0
        assert device["max_storage_buffer_range"] > 0 and isinstance(device["float64"], bool)
        assert isinstance(device["timestamps"], bool) and isinstance(device["imports_host_memory"], bool)
        if "llvmpipe" in device["name"]:
            assert device["imports_host_memory"]  # Mesa 22's lavapipe has VK_EXT_external_memory_host
        # The Vulkan spec promises a host-visible coherent type and a device-local one;
        # the buffers' choices (CVulkan's VFX_VK_MEMORY_*) start from these flags.
        types = device["memory_types"]
        assert types and all(t["heap_bytes"] > 0 for t in types), types
        known = {"device_local", "host_visible", "host_coherent", "host_cached", "lazily_allocated", "protected",
                 "device_coherent_amd", "device_uncached_amd"}
        assert all(set(t["flags"]) <= known for t in types), types
        assert any({"host_visible", "host_coherent"} <= set(t["flags"]) for t in types), types
        assert any("device_local" in t["flags"] for t in types), types
    assert gpu.backend == "vulkan" and gpu.device_name == devices[0]["name"] or gpu.device_name in [
        d["name"] for d in devices]
    enabled, _, _ = _vfxpy._gpu_validation()
    assert enabled, "the Khronos validation layer must be on (vulkan-validationlayers, VFXPY_VULKAN_VALIDATION=1)"


@pytest.mark.parametrize("mistake, reported", [("usage", "usage"), ("hazard", "SYNC-HAZARD-WRITE-AFTER-WRITE")])
def test_validation_messenger_reports_errors(run, mistake, reported):
    """The zero-message checks mean something: an invalid call is counted, and so is a
    missing barrier (synchronization validation, on with the layer: lavapipe runs each
    command to completion in order, so a missing barrier would pass every pixel check
    here and give wrong pixels on a real GPU). In a subprocess, so this process's count
    stays the one every other test checks."""
    code = ("import _vfxpy, vfxpy; vfxpy.Processor(backend='vulkan'); "
            f"_vfxpy._gpu_provoke_validation_message(0, mistake={mistake!r}); print(_vfxpy._gpu_validation())")
    result = run("-c", code, env={"VFXPY_VULKAN_VALIDATION": "1"})
    assert result.returncode == 0, result.stderr
    enabled, count, first = eval(result.stdout)
    assert enabled and count == 1 and reported in first, result.stdout


def test_gpu_assisted_validation_checks_shader_accesses(run):
    """VFXPY_VULKAN_VALIDATION=gpu instruments every shader: a real chain on a small
    image stays silent and gives the CPU's floats, and a dispatch that writes past its
    buffer is reported (and stopped by the instrumented shader). Debian's layer
    (1.3.239) checks accesses against the buffer's size, not the bound range. The whole
    GPU test files pass under it too, in minutes, so CI runs only this."""
    code = """
import numpy as np, _vfxpy, vfxpy
a = np.linspace(-1, 4, 16 * 16 * 4, dtype=np.float32).reshape(16, 16, 4)
img = vfxpy.Image(a.copy(), copy=True)
vfxpy.Processor(backend='vulkan').exposure(img, 1).saturation(img, 1.2)
ref = vfxpy.Image(a.copy())
vfxpy.Processor(backend='cpu').exposure(ref, 1).saturation(ref, 1.2)
print(np.array_equal(img.numpy(), ref.numpy()), _vfxpy._gpu_validation()[:2])
_vfxpy._gpu_provoke_validation_message(0, mistake='bounds')
print(_vfxpy._gpu_validation())
"""
    result = run("-c", code, env={"VFXPY_VULKAN_VALIDATION": "gpu"})
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == "True (True, 0)", result.stdout
    enabled, count, message = eval(second)
    assert enabled and count == 1 and "out of bounds" in message, second


def test_bounds_mistake_needs_gpu_assisted_validation(run):
    code = ("import _vfxpy, vfxpy; vfxpy.Processor(backend='vulkan')\n"
            "try:\n    _vfxpy._gpu_provoke_validation_message(0, mistake='bounds')\n"
            "except vfxpy.UnsupportedError as e:\n    print(e)")
    result = run("-c", code, env={"VFXPY_VULKAN_VALIDATION": "1"})
    assert result.returncode == 0, result.stderr
    assert "VFXPY_VULKAN_VALIDATION=gpu" in result.stdout, result.stdout


def test_validation_rejects_an_unknown_mistake():
    with pytest.raises(ValueError, match="'usage', 'hazard', 'bounds'"):
        _vfxpy._gpu_provoke_validation_message(0, mistake="typo")


SELECTION = """
import json, vfxpy
out = {"devices": [d["type"] for d in vfxpy.devices()], "auto": vfxpy.Processor().backend}
try:
    p = vfxpy.Processor(backend="vulkan")
    out["vulkan"] = [p.backend, p.device_name]
except vfxpy.UnsupportedError as e:
    out["vulkan_error"] = str(e)
print(json.dumps(out))
"""


def selection(run, **env):
    result = run("-c", SELECTION, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_selection_rules(run, gpu):
    out = selection(run)
    real_gpu = any(t in ("discrete", "integrated") for t in out["devices"])
    # auto never picks a software device; on this machine (lavapipe only) that means the CPU
    assert out["auto"] == ("vulkan" if real_gpu else "cpu")
    assert out["vulkan"][0] == "vulkan"
    # VFXPY_DEVICE by index and by name picks the device, even lavapipe, even for auto
    name = vfxpy.devices()[0]["name"]
    for value in ("0", name.split()[0].upper()):
        out = selection(run, VFXPY_DEVICE=value)
        assert out["auto"] == "vulkan" and out["vulkan"] == ["vulkan", name]
    assert selection(run, VFXPY_DEVICE="cpu")["auto"] == "cpu"
    out = selection(run, VFXPY_DEVICE="no-such-device")
    assert out["auto"] == "cpu" and "no-such-device" in out["vulkan_error"]


@pytest.mark.parametrize("variable", ["VK_DRIVER_FILES", "VK_ICD_FILENAMES"])
def test_no_driver_falls_back_or_raises(run, tmp_path, variable):
    out = selection(run, **{variable: str(tmp_path / "nowhere.json")})
    assert out["devices"] == [] and out["auto"] == "cpu"
    assert "Vulkan" in out["vulkan_error"] and "driver" in out["vulkan_error"]


def test_no_loader_falls_back_or_raises(run, tmp_path):
    # a library path where libvulkan.so.1 is a file that is not a library: dlopen fails
    (tmp_path / "libvulkan.so.1").write_bytes(b"not a library")
    out = selection(run, LD_LIBRARY_PATH=str(tmp_path))
    assert out["devices"] == [] and out["auto"] == "cpu"
    assert "loader" in out["vulkan_error"]


def test_backend_names_and_device_choice(gpu):
    """'gpu' and 'wgpu' are the plan's names for the Vulkan backend; device=N picks a
    device by its index in devices(), any type, as $VFXPY_DEVICE does."""
    for name in ("gpu", "wgpu", "GPU", "vulkan"):
        proc = vfxpy.Processor(backend=name)
        assert proc.backend == "vulkan"
    devices = vfxpy.devices()
    for device in devices:
        for backend in (None, "vulkan", "gpu"):
            proc = vfxpy.Processor(backend=backend, device=device["index"])
            assert proc.backend == "vulkan" and proc.device_name == device["name"]
    img = vfxpy.Image(hdr_pixels(), copy=True)
    vfxpy.Processor(device=0).exposure(img, 1)
    reference = vfxpy.Image(hdr_pixels(), copy=True)
    vfxpy.Processor(backend="cpu").exposure(reference, 1)
    same(img.numpy(), reference.numpy())
    with pytest.raises(vfxpy.UnsupportedError, match="no Vulkan device 99"):
        vfxpy.Processor(device=99)
    with pytest.raises(ValueError, match="backend='cpu'"):
        vfxpy.Processor(backend="cpu", device=0)
    with pytest.raises(TypeError, match="device must be an int"):
        vfxpy.Processor(device="0")
    with pytest.raises(ValueError, match="'wgpu'"):
        vfxpy.Processor(backend="metal")


def test_device_choice_wins_over_the_variable(run, gpu):
    code = "import vfxpy; p = vfxpy.Processor(device=0); print(p.backend, p.device_name)"
    result = run("-c", code, env={"VFXPY_DEVICE": "cpu"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"vulkan {vfxpy.devices()[0]['name']}"


def test_float_controls_are_listed(gpu):
    for device in vfxpy.devices():
        modes = device["float_controls"]
        assert set(modes) == {"denorm_preserve", "signed_zero_inf_nan_preserve", "denorm_independence"}
        assert modes["denorm_independence"] in ("32_bit_only", "all", "none")
        # float64 only where the device computes in it; 16 only as a denormal mode that
        # shares its width's rule (VkShaderFloatControlsIndependence 32_BIT_ONLY or NONE)
        assert set(modes["signed_zero_inf_nan_preserve"]) <= ({32, 64} if device["float64"] else {32})
        assert set(modes["denorm_preserve"]) <= ({16, 32, 64} if device["float64"] else {16, 32})
        if "llvmpipe" in device["name"]:
            # Mesa 22's lavapipe: SignedZeroInfNanPreserve for every width, DenormPreserve none
            assert modes["denorm_preserve"] == [] and modes["signed_zero_inf_nan_preserve"] == [32, 64]


def test_gpu_timestamps_time_copies_and_dispatches(gpu):
    if not vfxpy.devices()[0]["timestamps"]:
        pytest.skip("the device has no timestamps on its compute queue")
    assert _vfxpy._gpu_set_timing(0, True)
    try:
        _vfxpy._gpu_timings(0)
        img = vfxpy.Image(hdr_pixels(), copy=True)
        gpu.exposure(img, 1)
        rows = _vfxpy._gpu_timings(0)
        assert [kind for kind, _ in rows] == ["copy", "dispatch"]   # upload, then the chain
        assert all(seconds >= 0 for _, seconds in rows)
        floors = _vfxpy._gpu_copy_floors(0, 1 << 20)
        assert floors["device_copy"] > 0 and floors["upload"] > 0 and floors["download"] > 0
        assert floors["round_trip"] > 0
    finally:
        _vfxpy._gpu_set_timing(0, False)
    gpu.exposure(img, 1)
    assert _vfxpy._gpu_timings(0) == []
    with pytest.raises(ValueError):
        _vfxpy._gpu_copy_floors(0, 0)


CACHE_RUN = """
import json, _vfxpy, vfxpy, numpy as np
img = vfxpy.Image(np.linspace(0, 1, 64, dtype=np.float32).reshape(4, 4, 4), copy=True)
p = vfxpy.Processor(backend="vulkan")
p.chain(img).exposure(0.5).cdl(slope=1.1, power=1.2).contrast(1.1).run()
out = _vfxpy._gpu_pipeline_cache(0)
out["sum"] = float(img.numpy().sum())
print(json.dumps(out))
"""


def cache_run(run, cache_home):
    result = run("-c", CACHE_RUN, env={"XDG_CACHE_HOME": str(cache_home)})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pipeline_cache_persists_across_processes(run, gpu, tmp_path):
    first = cache_run(run, tmp_path)
    path = first["path"]
    assert path.startswith(str(tmp_path / "vfxrun") + "/") and path.endswith(".pipelines")
    assert first["loaded_bytes"] == 0 and first["writes"] >= 1
    from pathlib import Path
    data = Path(path).read_bytes()
    assert data[:13] == b"vfxrun-vkpc-1" and len(data) > 32
    # a second process reads it back and compiles nothing new: no write
    second = cache_run(run, tmp_path)
    assert second["path"] == path and second["loaded_bytes"] == len(data) - 32 and second["writes"] == 0
    assert Path(path).read_bytes() == data and second["sum"] == first["sum"]
    # a corrupt file (and a truncated one) is ignored, the run is right, the file replaced
    for broken in (data[:-7] + b"garbage", data[:20], b"\x00" * 4096, data[:40] + bytes(len(data) - 40)):
        Path(path).write_bytes(broken)
        out = cache_run(run, tmp_path)
        assert out["loaded_bytes"] == 0 and out["writes"] >= 1 and out["sum"] == first["sum"]
        assert Path(path).read_bytes() == data
    # off
    result = run("-c", CACHE_RUN, env={"XDG_CACHE_HOME": str(tmp_path / "off"), "VFXPY_GPU_PIPELINE_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["path"] is None and not (tmp_path / "off" / "vfxrun").exists()


def test_correctly_rounded_division_algorithm():
    """gpu_common.glsl's vfx_div, step for step in numpy float32 (whose +, -, * are
    correctly rounded, as Vulkan requires of a device), gives the correctly rounded
    quotient even when the device's own division is off: the first quotient is pushed
    up to 3 float steps away and the correcting division made sloppy too. Inputs: fast_pow's
    (m - 1) / (m + 1) over its mantissa range (many near m = 1), and general magnitudes."""
    f = np.float32

    def split(x):
        c = f(4097) * x
        hi = c - (c - x)
        return hi, x - hi

    def residual(a, q, b):
        qh, ql = split(q)
        bh, bl = split(b)
        p = q * b
        e = ((qh * bh - p) + qh * bl + ql * bh) + ql * bl
        return (a - p) - e

    def vfx_div(a, b, steps, rng):
        x, y = np.abs(a), np.abs(b)
        q0 = ((x / y).view(np.uint32).astype(np.int64) + steps).astype(np.uint32).view(np.float32)
        r0 = residual(x, q0, y)
        sloppy = (r0 / y) * (1 + rng.integers(-3, 4, r0.shape) * 2.0 ** -23).astype(f)
        q1 = q0 + sloppy.astype(f)
        r1 = residual(x, q1, y)
        bits = q1.view(np.uint32)
        nxt = np.where(r1 > 0, bits + np.uint32(1), bits - np.uint32(1)).astype(np.uint32).view(np.float32)
        gap = np.where(r1 > 0, nxt - q1, q1 - nxt)
        q = np.where((r1 != 0) & (f(2) * np.abs(r1) > gap * y), nxt, q1)
        sign = np.where((a.view(np.uint32) ^ b.view(np.uint32)) >= 0x80000000, f(-1), f(1))
        return np.where(a == 0, a * b, sign * q)

    rng = np.random.default_rng(7)
    n = 200_000
    m = rng.uniform(0.70710677, 1.4142135, n).astype(f)
    m[: n // 4] = (1 + rng.integers(-2 ** 22, 2 ** 22, n // 4) * 2.0 ** -24).astype(f)
    general = [(rng.uniform(1, 2, n) * 2.0 ** rng.integers(-45, 45, n) * rng.choice([-1, 1], n)).astype(f)
               for _ in range(2)]
    with np.errstate(all="ignore"):
        for a, b in ((m - f(1), m + f(1)), general):
            for steps in (-3, -2, -1, 0, 1, 2, 3):
                got = vfx_div(a, b, steps, rng)
                assert np.array_equal(got.view(np.uint32), (a / b).view(np.uint32)), steps
