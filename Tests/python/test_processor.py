"""Processor ops against OpenColorIO (separate process, lossless CPU processor).

Tolerance: 1e-6 absolute on values of order 1 (relative 1e-6 above 1): both sides
compute in float32 and differ only in the order of operations (OCIO folds exposure
and contrast scales differently, and matrices are multiplied out on our side).
"""

import numpy as np
import pytest

import vfxpy
from ocio_processor_ref import TEST_CHAIN_GROUP, ocio_apply

LUMA709 = (0.2126, 0.7152, 0.0722)


def pixels(channels=4, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.uniform(-0.5, 4.0, (64, 96, channels)).astype(np.float32)
    data[0, :8, :3] = [[0, 0, 0], [1, 1, 1], [0.18, 0.18, 0.18], [1e-8, 1e-8, 1e-8], [-1, -2, -3],
                       [100, 50, 25], [0.5, 0.25, 0.125], [1e-3, 2e-3, 3e-3]]
    if channels == 4:
        data[..., 3] = rng.uniform(0, 1, (64, 96))
    return data


def close(ours, reference, tolerance=1e-6):
    scale = np.maximum(1.0, np.abs(reference))
    error = np.abs(ours.astype(np.float64) - reference.astype(np.float64)) / scale
    assert error.max() <= tolerance, f"max scaled error {error.max():.3g}"


def run(op, data, *args, **kwargs):
    img = vfxpy.Image(data.copy())
    result = getattr(vfxpy.Processor(), op)(img, *args, **kwargs)
    assert isinstance(result, vfxpy.Processor)
    return img.numpy()


@pytest.mark.parametrize("stops", [1.5, -2.0, 0.0, 0.3333])
def test_exposure_matches_ocio(stops, tmp_path):
    data = pixels()
    reference = ocio_apply({"type": "exposure_contrast", "exposure": stops}, data, tmp_path)
    close(run("exposure", data, stops), reference)
    assert np.array_equal(run("exposure", data, stops)[..., 3], data[..., 3])


@pytest.mark.parametrize("amount, pivot", [(1.2, 0.18), (0.7, 0.18), (1.5, 0.5), (1.0, 0.18)])
def test_contrast_matches_ocio(amount, pivot, tmp_path):
    data = pixels()
    reference = ocio_apply({"type": "exposure_contrast", "contrast": amount, "pivot": pivot}, data, tmp_path)
    ours = run("contrast", data, amount, pivot=pivot)
    if amount == 1.0:
        # OCIO leaves x unchanged at contrast 1; so do we (an identity op is dropped).
        assert np.array_equal(ours, data)
    close(ours, reference)


@pytest.mark.parametrize("amount", [0.0, 0.5, 1.3, 2.0])
def test_saturation_matches_ocio_cdl_saturation(amount, tmp_path):
    data = pixels()
    spec = {"type": "cdl", "slope": [1, 1, 1], "offset": [0, 0, 0], "power": [1, 1, 1], "saturation": amount,
            "style": "no_clamp"}
    close(run("saturation", data, amount), ocio_apply(spec, data, tmp_path))


def test_saturation_with_other_weights_is_the_published_formula():
    data = pixels(3)
    weights = np.array([0.2627, 0.6780, 0.0593])  # Rec.2020 luma
    ours = run("saturation", data, 0.6, weights=tuple(weights))
    luma = (data.astype(np.float64) @ weights)[..., None]
    close(ours, luma + 0.6 * (data - luma))


@pytest.mark.parametrize("style", ["no_clamp", "asc"])
@pytest.mark.parametrize("params", [
    dict(slope=(1.1, 1.0, 0.9), offset=(0.01, 0.0, -0.02), power=(1.2, 1.0, 0.8), saturation=1.1),
    dict(slope=(0.8, 1.2, 1.05), offset=(-0.05, 0.03, 0.0), power=(1.0, 1.0, 1.0), saturation=0.5),
    dict(slope=(1, 1, 1), offset=(0, 0, 0), power=(2.2, 2.2, 2.2), saturation=1.0),
])
def test_cdl_matches_ocio(params, style, tmp_path):
    data = pixels()
    spec = {"type": "cdl", "style": style, **{k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}}
    reference = ocio_apply(spec, data, tmp_path)
    ours = run("cdl", data, style=style, **params)
    close(ours, reference)
    assert np.array_equal(ours[..., 3], data[..., 3])
    if style == "asc":
        assert ours[..., :3].min() >= 0 and ours[..., :3].max() <= 1


def test_matrices_match_ocio(tmp_path):
    data = pixels()
    m3 = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.05, 0.15, 0.8]]
    m16 = [0.6, 0.3, 0.1, 0, 0.2, 0.7, 0.1, 0, 0.05, 0.15, 0.8, 0, 0, 0, 0, 1]
    reference = ocio_apply({"type": "matrix", "matrix": m16, "offset": [0.1, -0.1, 0.0, 0]}, data, tmp_path)
    close(run("apply_matrix", data, m3, offset=(0.1, -0.1, 0.0)), reference)
    m4 = [1.1, 0.0, 0.0, 0.1, 0.0, 0.9, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.5]
    reference4 = ocio_apply({"type": "matrix", "matrix": m4, "offset": [0, 0, 0, 0.25]}, data, tmp_path)
    close(run("apply_matrix", data, np.array(m4).reshape(4, 4), offset=(0, 0, 0, 0.25)), reference4)


def test_chain_fuses_and_equals_the_ops_one_by_one(tmp_path):
    data = pixels()
    one_by_one = vfxpy.Image(data.copy())
    proc = vfxpy.Processor()
    proc.exposure(one_by_one, 0.5).saturation(one_by_one, 1.2).cdl(one_by_one, slope=(1.1, 1, 0.9), power=1.1)
    proc.contrast(one_by_one, 1.2)
    fused = vfxpy.Image(data.copy())
    chain = proc.chain(fused).exposure(0.5).saturation(1.2).cdl(slope=(1.1, 1, 0.9), power=1.1).contrast(1.2)
    assert chain.ops == ["matrix", "matrix", "cdl", "contrast"]
    assert chain.run() is fused
    # f32 results equal up to float rounding: exposure and saturation multiply into one
    # matrix (as OCIO does), a last-bit difference that the power curves then amplify.
    close(fused.numpy(), one_by_one.numpy(), 1e-6)
    group = TEST_CHAIN_GROUP
    close(fused.numpy(), ocio_apply(group, data, tmp_path), 2e-6)


@pytest.mark.parametrize("fmt", ["u8", "u16", "f16"])
def test_every_format_is_processed_as_normalized_float(fmt):
    data = np.clip(pixels(), 0, 1)
    img = vfxpy.Image(data).astype(fmt)
    start = img.to_f32().numpy().copy()
    vfxpy.Processor().cdl(img, slope=(1.2, 0.9, 1.0), offset=0.01, power=1.1, saturation=0.9)
    expected = vfxpy.Image(start)
    vfxpy.Processor().cdl(expected, slope=(1.2, 0.9, 1.0), offset=0.01, power=1.1, saturation=0.9)
    # stored back with the format's own rounding: equal to converting the float result
    assert np.array_equal(img.numpy(), expected.astype(fmt).numpy())
    assert np.array_equal(img.numpy()[..., 3], vfxpy.Image(start).astype(fmt).numpy()[..., 3])


def _cube(interpolation):
    """A 17-point cube with cross-talk, on a domain wider than [0, 1]."""
    g = np.linspace(0, 1, 17)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1) @ np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]]).T
    return vfxpy.lut.Lut3D((np.abs(rgb) ** 0.8).astype(np.float32), domain_min=-0.25, domain_max=1.5,
                           interpolation=interpolation)


# Each order: the steps of a chain. A CDL, exposure, 3D or 1D LUT, matrix (saturation),
# contrast or transfer curve first in a chain loads the stored pixels itself, one last
# stores them, one alone works on them in place (converting inside its vector loop), on
# RGBA and RGB pixels alike.
_ORDERS = {
    "cdl first": ["cdl", "exposure"],
    "cdl last": ["exposure", "asc cdl"],
    "cdl both ends": ["cdl", "exposure", "asc cdl"],
    "exposure alone": ["exposure"],
    "lut alone": ["tetrahedral"],
    "trilinear alone": ["trilinear"],
    "lut first": ["tetrahedral", "cdl"],
    "lut last": ["cdl", "trilinear"],
    "saturation first, contrast last": ["saturation", "exposure", "contrast"],
    "contrast first, saturation last": ["contrast", "saturation"],
    "log curve first, 1D LUT last": ["logc3 encode", "saturation", "lut1d"],
    "matrix alone": ["matrix"],
}

# (format, channels): RGBA in the stored formats (f32 RGBA runs in place, the float
# route itself), RGB in every format.
_LAYOUTS = [("u8", 4), ("u16", 4), ("f16", 4), ("u8", 3), ("u16", 3), ("f16", 3), ("f32", 3)]


@pytest.mark.parametrize("fmt,channels", _LAYOUTS, ids=[f"{f}x{c}" for f, c in _LAYOUTS])
@pytest.mark.parametrize("order", list(_ORDERS))
def test_chains_on_every_format_equal_the_float_route(fmt, channels, order):
    data = pixels(channels)[:, :95]  # 6080 pixels: whole vector runs and a partial one per block
    img = vfxpy.Image(data).astype(fmt)
    start = img.to_f32().numpy().copy()
    if channels == 3:  # the float route: RGBA f32 with alpha 1, as RGB pixels load
        start = np.dstack([start, np.ones(start.shape[:2], np.float32)])
    steps = {
        "cdl": lambda c: c.cdl(slope=(1.2, 0.9, 1.0), offset=0.01, power=1.1, saturation=0.9),
        "exposure": lambda c: c.exposure(-0.7 if order == "exposure alone" else 0.3),
        "asc cdl": lambda c: c.cdl(slope=(0.9, 1.1, 1.0), power=(0.8, 1.0, 1.25), style="asc"),
        "tetrahedral": lambda c: c.apply_lut(_cube("tetrahedral")),
        "trilinear": lambda c: c.apply_lut(_cube("trilinear")),
        "saturation": lambda c: c.saturation(1.3),
        "contrast": lambda c: c.contrast(1.2, pivot=0.3),
        "logc3 encode": lambda c: c.transfer("logc3", "encode"),
        "lut1d": lambda c: c.apply_lut(vfxpy.lut.Lut1D.gamma(1024, 2.2)),
        "matrix": lambda c: c.apply_matrix([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]],
                                           offset=[0.01, 0.0, -0.02]),
    }

    def grade(target):
        chain = vfxpy.Processor(backend="cpu").chain(target)
        for step in _ORDERS[order]:
            chain = steps[step](chain)
        chain.run()

    grade(img)
    expected = vfxpy.Image(start.copy())
    grade(expected)
    want = expected.astype(fmt).numpy()[..., :channels]
    assert not np.array_equal(want, vfxpy.Image(start).astype(fmt).numpy()[..., :channels])  # the chain did work
    assert np.array_equal(img.numpy(), want, equal_nan=fmt in ("f16", "f32"))


@pytest.mark.parametrize("channels", [1, 2, 3, 5])
def test_channel_layouts(channels):
    data = np.random.default_rng(1).uniform(0, 1, (8, 8, channels)).astype(np.float32)
    img = vfxpy.Image(data.copy())
    vfxpy.Processor().exposure(img, 1)
    out = img.numpy()
    color = min(channels, 3) if channels != 2 else 1
    assert np.allclose(out[..., :color], data[..., :color] * 2)
    assert np.array_equal(out[..., color:], data[..., color:])


def test_backend_selection_and_errors():
    proc = vfxpy.Processor(backend="cpu")
    assert proc.backend == "cpu" and "CPU" in proc.device_name
    assert vfxpy.Processor().backend in ("cpu", "vulkan")  # the rules: test_gpu.py
    with pytest.raises(ValueError, match="backend"):
        vfxpy.Processor(backend="metal")
    img = vfxpy.Image.new(4, 4)
    with pytest.raises(TypeError, match="img"):
        proc.exposure(np.zeros((4, 4, 4), np.float32), 1)
    with pytest.raises(TypeError, match="stops"):
        proc.exposure(img, "one")
    with pytest.raises(ValueError, match="stops"):
        proc.exposure(img, float("nan"))
    with pytest.raises(ValueError, match="slope"):
        proc.cdl(img, slope=(1, 2))
    with pytest.raises(ValueError, match="power"):
        proc.cdl(img, power=0)
    with pytest.raises(ValueError, match="style"):
        proc.cdl(img, style="clamp")
    with pytest.raises(ValueError, match="pivot"):
        proc.contrast(img, 1.2, pivot=0)
    with pytest.raises(ValueError, match="matrix"):
        proc.apply_matrix(img, [[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="offset"):
        proc.apply_matrix(img, np.eye(3), offset=(1, 2))
