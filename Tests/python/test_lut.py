"""vfxpy.lut: Lut1D / Lut3D objects and applying them, checked against OpenColorIO 2.1
(FileTransform of the same LUT file, OPTIMIZATION_NONE, in a separate process; see
ocio_ref.py) and against formulas in numpy float64.

What OCIO does with special values, and so what we do: inputs are clamped to the LUT's
domain; NaN inputs give the LUT's first entry (1D) / the domain-min corner (3D), +inf the
last entry / max corner, -inf the first; alpha passes through.
"""

import subprocess
from pathlib import Path

import numpy as np
import pytest

import vfxpy
from vfxpy import lut
from ocio_ref import ocio_apply

ROOT = Path(__file__).resolve().parents[2]
TOL = 1e-6


def write_cube_text(path, *, lut1d=None, lut3d=None, domain=None, range1d=None, range3d=None, title=None):
    """A .cube written by the test itself (numpy, %.9g), independent of vfxpy's writer.
    lut3d is indexed [r, g, b]."""
    lines = []
    if title:
        lines.append(f'TITLE "{title}"')
    if lut1d is not None:
        lines.append(f"LUT_1D_SIZE {len(lut1d)}")
    if range1d is not None:
        lines.append("LUT_1D_INPUT_RANGE %.9g %.9g" % range1d)
    if lut3d is not None:
        lines.append(f"LUT_3D_SIZE {lut3d.shape[0]}")
    if range3d is not None:
        lines.append("LUT_3D_INPUT_RANGE %.9g %.9g" % range3d)
    if domain is not None:
        lines.append("DOMAIN_MIN %.9g %.9g %.9g" % tuple(domain[0]))
        lines.append("DOMAIN_MAX %.9g %.9g %.9g" % tuple(domain[1]))
    if lut1d is not None:
        lines += ["%.9g %.9g %.9g" % tuple(row) for row in np.asarray(lut1d, np.float32)]
    if lut3d is not None:
        rows = np.asarray(lut3d, np.float32).transpose(2, 1, 0, 3).reshape(-1, 3)
        lines += ["%.9g %.9g %.9g" % tuple(row) for row in rows]
    Path(path).write_text("\n".join(lines) + "\n")
    return path


def sample_pixels(low, high, n=4096, seed=1):
    """Pixels spread beyond the domain, grid-ish values, edges, NaN and +-inf; (1, N, 4)."""
    rng = np.random.default_rng(seed)
    low, high = np.asarray(low, np.float64), np.asarray(high, np.float64)
    span = high - low
    rgb = rng.uniform(low - 0.25 * span, high + 0.25 * span, (n, 3))
    rgb[:64] = low + span * np.round(rng.uniform(0, 1, (64, 3)) * 8) / 8  # on grid lines
    special = np.array([np.nan, np.inf, -np.inf, 0.0])
    rgb[64:80] = special[rng.integers(0, 4, (16, 3))]
    rgb[80] = low
    rgb[81] = high
    alpha = rng.uniform(0, 1, (n, 1))
    return np.concatenate([rgb, alpha], axis=1).astype(np.float32)[None]


def smooth_lut3d(size, seed=0):
    """A smooth, non-trivial cube indexed [r, g, b] (a matrix, a curve and some noise)."""
    rng = np.random.default_rng(seed)
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]])
    out = np.sign(rgb @ m.T) * np.abs(rgb @ m.T) ** 0.8
    return (out + rng.normal(0, 0.01, out.shape)).astype(np.float32)


def to_format(pixels, fmt):
    if fmt == "f32":
        return pixels.copy()
    if fmt == "f16":
        return pixels.astype(np.float16)
    scale = 255 if fmt == "u8" else 65535
    dtype = np.uint8 if fmt == "u8" else np.uint16
    clean = np.nan_to_num(pixels, nan=0.0, posinf=1.0, neginf=0.0)
    return np.floor(np.clip(clean, 0, 1) * scale + 0.5).astype(dtype)


def as_float(arr):
    if arr.dtype == np.uint8:
        return arr.astype(np.float32) / np.float32(255)
    if arr.dtype == np.uint16:
        return arr.astype(np.float32) / np.float32(65535)
    return arr.astype(np.float32)


def check_against_reference(ours, reference_f32, fmt, tol=TOL):
    """ours: the image array in its format; reference_f32: OCIO on the same (normalized)
    input in float32. Integers: OCIO's result stored as vfxpy stores (clamp, round half
    up) may differ by one code where the two floats straddle a rounding boundary."""
    if fmt == "f32":
        assert_close(ours, reference_f32, tol)
    elif fmt == "f16":
        ref = reference_f32.astype(np.float16).astype(np.float32)
        got = ours.astype(np.float32)
        both_nan = np.isnan(ref) & np.isnan(got)
        spacing = np.spacing(np.abs(np.nan_to_num(ref, nan=0, posinf=0, neginf=0)).astype(np.float16)).astype(np.float32)
        diff = np.abs(np.nan_to_num(got - ref, nan=0))
        assert both_nan.sum() == np.isnan(ref).sum()
        assert (diff <= spacing).all(), f"f16 differs by more than one half ulp: max {diff.max()}"
    else:
        ref = to_format(reference_f32, fmt).astype(np.int64)
        diff = np.abs(ours.astype(np.int64) - ref)
        assert diff.max() <= 1, f"{fmt}: differs by {diff.max()} codes"
        assert (diff > 0).mean() < 0.01, f"{fmt}: {(diff > 0).mean():.2%} of values differ by one code"


def assert_close(ours, ref, tol=TOL):
    ours = np.asarray(ours, np.float32)
    ref = np.asarray(ref, np.float32)
    assert np.array_equal(np.isnan(ours), np.isnan(ref)), "NaN positions differ"
    infinite = np.isinf(ref)
    assert np.array_equal(ours[infinite], ref[infinite]), "infinities differ"
    finite = np.isfinite(ref)
    diff = np.abs(ours[finite].astype(np.float64) - ref[finite].astype(np.float64))
    worst = np.unravel_index(np.argmax(diff), diff.shape) if diff.size else None
    assert diff.max(initial=0) <= tol, f"max difference {diff.max():.3g} > {tol} (at flat index {worst})"


@pytest.mark.parametrize("interpolation", ["tetrahedral", "trilinear"])
@pytest.mark.parametrize("fmt", ["f32", "f16", "u16", "u8"])
def test_lut3d_matches_ocio(tmp_path, interpolation, fmt):
    cube = smooth_lut3d(17)
    dmin, dmax = np.array([-0.1, 0.0, 0.05]), np.array([1.5, 2.0, 1.0])
    path = write_cube_text(tmp_path / "grade.cube", lut3d=cube, domain=(dmin, dmax))
    pixels = sample_pixels(dmin, dmax)
    if fmt != "f32":
        pixels[np.isnan(pixels)] = 0.5
        pixels = np.clip(np.nan_to_num(pixels, posinf=2, neginf=-1), -1, 2)
    data = to_format(pixels, fmt)
    reference, ops = ocio_apply(path, as_float(data), tmp_path, interpolation=interpolation)
    assert ops[-1] == "Lut3DTransform"
    loaded = lut.read(path)
    assert isinstance(loaded, lut.Lut3D)
    loaded.interpolation = interpolation
    img = vfxpy.Image(data)
    vfxpy.Processor().apply_lut(img, loaded)
    check_against_reference(img.numpy(), reference, fmt)


@pytest.mark.parametrize("interpolation", ["tetrahedral", "trilinear"])
@pytest.mark.parametrize("size", [17, 33, 65])
@pytest.mark.parametrize("fmt", ["f32", "f16"])
def test_lut3d_sizes_match_ocio(tmp_path, interpolation, size, fmt):
    """The C kernel (AVX2 where the CPU has it) at the usual cube sizes, on an image wider
    than one 2048-pixel block and with a tail that is not a multiple of 8 pixels, against
    OCIO within TOL (float rounding: OCIO sums the corners in another order). The
    AVX2/portable bit-for-bit check is VFXColorTests' avx2AndPortableLut3DAgreeBitForBit."""
    cube = smooth_lut3d(size, seed=size)
    path = write_cube_text(tmp_path / "grade.cube", lut3d=cube)
    pixels = sample_pixels((0, 0, 0), (1, 1, 1), n=5003, seed=size)
    if fmt == "f16":
        pixels = np.nan_to_num(pixels, nan=0.5, posinf=65504, neginf=-65504)
    data = to_format(pixels, fmt)
    reference, ops = ocio_apply(path, as_float(data), tmp_path, interpolation=interpolation)
    assert ops[-1] == "Lut3DTransform"
    loaded = lut.read(path)
    loaded.interpolation = interpolation
    img = vfxpy.Image(data)
    vfxpy.Processor().apply_lut(img, loaded)
    check_against_reference(img.numpy(), reference, fmt)
    assert np.array_equal(img.numpy()[..., 3], data[..., 3])


@pytest.mark.parametrize("fmt", ["f32", "f16", "u16", "u8"])
def test_lut1d_matches_ocio(tmp_path, fmt):
    x = np.linspace(0, 1, 64)
    curves = np.stack([x ** 0.45, 1.2 * x - 0.1, np.sin(3 * x)], axis=1).astype(np.float32)
    dmin, dmax = np.array([0.0, -0.5, 0.1]), np.array([1.0, 2.0, 4.0])
    path = write_cube_text(tmp_path / "curve.cube", lut1d=curves, domain=(dmin, dmax))
    pixels = sample_pixels(dmin, dmax)
    data = to_format(pixels, fmt)
    reference, _ = ocio_apply(path, as_float(data), tmp_path, interpolation="linear")
    loaded = lut.read(path)
    assert isinstance(loaded, lut.Lut1D) and loaded.size == 64
    img = vfxpy.Image(data)
    loaded.apply(img)
    check_against_reference(img.numpy(), reference, fmt)


def test_special_values_follow_ocio(tmp_path):
    cube = smooth_lut3d(5)
    path = write_cube_text(tmp_path / "s.cube", lut3d=cube)
    pixels = np.array([[[np.nan, np.nan, np.nan, 0.5], [np.inf, np.inf, np.inf, np.nan],
                        [-np.inf, 2.0, np.nan, 1.0]]], np.float32)
    reference, _ = ocio_apply(path, pixels, tmp_path, interpolation="tetrahedral")
    img = vfxpy.Image(pixels.copy())
    lut.read(path).apply(img)
    assert_close(img.numpy(), reference)
    # NaN -> the first entry, +inf -> the last, alpha (even NaN) untouched
    assert np.allclose(img.numpy()[0, 0, :3], cube[0, 0, 0], atol=TOL)
    assert np.allclose(img.numpy()[0, 1, :3], cube[-1, -1, -1], atol=TOL)
    assert np.isnan(img.numpy()[0, 1, 3])


def test_resolve_shaper_and_cube_matches_ocio(tmp_path):
    x = np.linspace(0, 1, 32)
    shaper = np.repeat((x ** 0.5)[:, None], 3, axis=1)
    path = write_cube_text(tmp_path / "both.cube", lut1d=shaper, lut3d=smooth_lut3d(9), range1d=(-0.125, 4.0))
    pixels = sample_pixels([-0.125] * 3, [4.0] * 3)
    reference, ops = ocio_apply(path, pixels, tmp_path, interpolation="tetrahedral")
    chain = lut.read(path)
    assert isinstance(chain, lut.LutChain) and [type(o).__name__ for o in chain.ops] == ["Lut1D", "Lut3D"]
    img = vfxpy.Image(pixels.copy())
    vfxpy.Processor().apply_lut(img, chain)
    assert_close(img.numpy(), reference)


def test_inverse_lut1d_matches_ocio_and_is_exact(tmp_path):
    x = np.linspace(0, 1, 33)
    curves = np.stack([x ** (1 / 2.2), 0.2 + 0.6 * x ** 2, 1 - x ** 0.7], axis=1).astype(np.float32)
    path = write_cube_text(tmp_path / "c.cube", lut1d=curves, domain=([0, 0, 0], [1, 2, 1]))
    forward = lut.read(path)
    inverse = forward.inverse()
    assert inverse.is_inverse and not inverse.inverse().is_inverse
    rng = np.random.default_rng(3)
    pixels = np.concatenate([rng.uniform(-0.2, 1.2, (1, 2000, 3)), np.ones((1, 2000, 1))], axis=2).astype(np.float32)
    reference, _ = ocio_apply(path, pixels, tmp_path, interpolation="linear", inverse=True)
    img = vfxpy.Image(pixels.copy())
    inverse.apply(img)
    assert_close(img.numpy(), reference, 2e-6)
    # exact: forward(inverse(y)) == y inside each channel's range
    lo, hi = curves.min(axis=0), curves.max(axis=0)
    inside = (pixels[0, :, :3] > lo) & (pixels[0, :, :3] < hi)
    forward.apply(img)
    assert np.abs(img.numpy()[0, :, :3] - pixels[0, :, :3])[inside].max() < 1e-6


def test_inverse_needs_a_monotonic_curve():
    with pytest.raises(ValueError, match="monotonic"):
        lut.Lut1D(np.array([0.0, 1.0, 0.5])).inverse()
    with pytest.raises(ValueError, match="constant"):
        lut.Lut1D(np.array([0.5, 0.5, 0.5])).inverse()


def test_gamma_and_identity_against_formula():
    g = lut.Lut1D.gamma(1024, 2.4)
    x = np.linspace(0, 1, 1024)
    assert np.abs(g.data - (x ** (1 / 2.4))[:, None]).max() < 1e-7
    rng = np.random.default_rng(5)
    pixels = rng.uniform(0, 1, (16, 16, 4)).astype(np.float32)
    img = vfxpy.Image(pixels.copy())
    g.apply(img)
    # linear interpolation of x**(1/2.4) on 1024 points: error bounded away from 0
    far = pixels[..., :3] > 0.05
    assert np.abs(img.numpy()[..., :3] - pixels[..., :3].astype(np.float64) ** (1 / 2.4))[far].max() < 1e-5
    cube = lut.Lut3D.identity(33)
    idx = np.linspace(0, 1, 33)
    assert np.array_equal(cube.data[3, 7, 11], np.float32([idx[3], idx[7], idx[11]]))
    img = vfxpy.Image(pixels.copy())
    cube.apply(img)
    assert_close(img.numpy(), pixels, 2e-7)
    assert np.array_equal(lut.Lut1D.identity(2).data, [[0, 0, 0], [1, 1, 1]])


def test_data_is_a_writable_view():
    cube = lut.Lut3D.identity(2)
    view = cube.data
    assert view.shape == (2, 2, 2, 3) and view.dtype == np.float32 and view.flags.writeable
    view[1, 0, 0] = (0.25, 0.5, 0.75)
    assert np.array_equal(cube.data[1, 0, 0], np.float32([0.25, 0.5, 0.75]))
    img = vfxpy.Image(np.array([[[1.0, 0.0, 0.0, 1.0]]], np.float32))
    cube.apply(img)
    assert np.allclose(img.numpy()[0, 0], [0.25, 0.5, 0.75, 1.0])
    one = lut.Lut1D(np.array([0.0, 1.0]))
    one.data[1] = 2.0
    img = vfxpy.Image(np.array([[[0.5, 0.5, 0.5, 1.0]]], np.float32))
    one.apply(img)
    assert np.allclose(img.numpy()[0, 0], [1, 1, 1, 1])
    del cube
    assert view[1, 0, 0, 0] == np.float32(0.25)  # the view keeps the LUT alive


def test_data_round_trips_through_constructors():
    rng = np.random.default_rng(2)
    data = rng.uniform(-1, 2, (5, 5, 5, 3)).astype(np.float32)
    cube = lut.Lut3D(data, domain_min=-1, domain_max=(1, 2, 3), interpolation="trilinear")
    assert np.array_equal(cube.data, data)
    assert cube.size == 5 and cube.domain_min == (-1, -1, -1) and cube.domain_max == (1, 2, 3)
    assert cube.interpolation == "trilinear"
    one = lut.Lut1D(np.arange(4.0))
    assert one.data.shape == (4, 3) and one.interpolation == "linear"
    assert "Lut3D" in repr(cube) and "trilinear" in repr(cube)
    assert "size 4" in repr(one)


@pytest.mark.parametrize("make, error, words", [
    (lambda: lut.Lut1D(np.zeros((4, 2))), ValueError, "data"),
    (lambda: lut.Lut1D(np.zeros(1)), ValueError, "data"),
    (lambda: lut.Lut1D([0.0, np.nan]), ValueError, "finite"),
    (lambda: lut.Lut1D([0.0, 1.0], domain_min=1, domain_max=0), ValueError, "domain_max"),
    (lambda: lut.Lut1D([0.0, 1.0], domain_min=(0, 0)), ValueError, "domain_min"),
    (lambda: lut.Lut1D(["a", "b"]), TypeError, "data"),
    (lambda: lut.Lut3D(np.zeros((2, 2, 3, 3))), ValueError, "data"),
    (lambda: lut.Lut3D(np.zeros((2, 2, 2, 3)), interpolation="cubic"), ValueError, "interpolation"),
    (lambda: lut.Lut3D(np.zeros((300, 300, 300, 3), np.float32)[:1, :1, :1]), ValueError, "size"),
    (lambda: lut.Lut3D.identity(1), ValueError, "size"),
    (lambda: lut.Lut1D.gamma(16, -1.0), ValueError, "gamma"),
    (lambda: lut.Lut1D.gamma("16", 2.2), TypeError, "size"),
    (lambda: vfxpy.Processor().apply_lut(vfxpy.Image.new(2, 2), "grade.cube"), TypeError, "lut"),
    (lambda: lut.Lut3D.identity(2).apply(np.zeros((2, 2, 4))), TypeError, "img"),
])
def test_bad_arguments(make, error, words):
    with pytest.raises(error, match=words):
        make()


def test_chain_equals_unfused_ops():
    rng = np.random.default_rng(9)
    pixels = rng.uniform(-0.1, 1.3, (64, 64, 4)).astype(np.float32)
    cube = lut.Lut3D(smooth_lut3d(9))
    curve = lut.Lut1D.gamma(256, 2.2)
    a = vfxpy.Image(pixels.copy())
    proc = vfxpy.Processor()
    proc.exposure(a, 0.5).apply_lut(a, curve).apply_lut(a, cube).saturation(a, 1.2)
    b = vfxpy.Image(pixels.copy())
    chain = proc.chain(b).exposure(0.5).apply_lut(curve).apply_lut(cube).saturation(1.2)
    assert chain.ops == ["matrix", "lut1d", "lut3d", "matrix"]
    chain.run()
    assert np.array_equal(a.numpy(), b.numpy())


def test_apply_keeps_other_channels_and_layouts():
    cube = lut.Lut3D(smooth_lut3d(5))
    rng = np.random.default_rng(4)
    rgb = rng.uniform(0, 1, (8, 8, 3)).astype(np.float32)
    rgba = np.concatenate([rgb, np.full((8, 8, 1), 0.25, np.float32)], axis=2)
    a, b = vfxpy.Image(rgb.copy()), vfxpy.Image(rgba.copy())
    cube.apply(a)
    cube.apply(b)
    assert np.array_equal(a.numpy(), b.numpy()[..., :3])
    assert (b.numpy()[..., 3] == np.float32(0.25)).all()


def test_ociobakelut_cube_matches_ocio(tmp_path):
    """A .cube (and a .csp) baked by OCIO's ociobakelut from a config (a CDL and an
    exponent) parses, and applies as OCIO applies the same file."""
    config = tmp_path / "bake.ocio"
    config.write_text(
        "ocio_profile_version: 2\n"
        "roles:\n  default: lin\n"
        "colorspaces:\n"
        "  - !<ColorSpace>\n    name: lin\n"
        "  - !<ColorSpace>\n    name: graded\n"
        "    from_scene_reference: !<GroupTransform>\n      children:\n"
        "        - !<CDLTransform> {slope: [1.1, 0.95, 0.9], offset: [0.01, -0.02, 0.03], power: [1.2, 1.0, 0.8], sat: 1.1}\n"
        "        - !<ExponentTransform> {value: [1.1, 1.1, 1.1, 1]}\n"
    )
    for fmt, ext in (("resolve_cube", "cube"), ("iridas_cube", "cube"), ("cinespace", "csp")):
        out = tmp_path / f"baked_{fmt}.{ext}"
        result = subprocess.run(["ociobakelut", "--iconfig", str(config), "--inputspace", "lin",
                                 "--outputspace", "graded", "--format", fmt, "--cubesize", "33",
                                 "--shapersize", "1024", str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        baked = lut.read(out)
        pixels = sample_pixels([0, 0, 0], [1, 1, 1], n=20000)
        reference, _ = ocio_apply(out, pixels, tmp_path, interpolation="tetrahedral")
        img = vfxpy.Image(pixels.copy())
        vfxpy.Processor().apply_lut(img, baked)
        assert_close(img.numpy(), reference)


def test_half_domain_lut1d_indexes_half_bit_patterns():
    """Entry i is the output for the half whose bits are i (CLF halfDomain); an identity
    table gives back every half exactly, and values between two halves interpolate."""
    halves = np.arange(65536, dtype=np.uint16).view(np.float16).astype(np.float32)
    identity = lut.Lut1D(halves, half_domain=True)
    assert identity.half_domain and "half-domain" in repr(identity)
    finite = halves[np.isfinite(halves)][::97]
    pixels = np.zeros((1, len(finite), 4), np.float32)
    pixels[0, :, :3] = finite[:, None]
    img = vfxpy.Image(pixels.copy())
    identity.apply(img)
    assert np.array_equal(img.numpy(), pixels)
    between = np.array([[[1.0 + 2 ** -12, 0.5, 0.0, 1.0]]], np.float32)  # halfway from 1 to 1 + 2**-10
    img = vfxpy.Image(between.copy())
    with np.errstate(invalid="ignore"):  # the NaN entries stay NaN
        doubled = halves * 2
    lut.Lut1D(doubled, half_domain=True).apply(img)
    assert np.allclose(img.numpy()[0, 0], [2 * (1 + 2 ** -12), 1.0, 0.0, 1.0], atol=1e-6)
    with pytest.raises(ValueError, match="65536"):
        lut.Lut1D(np.zeros(100), half_domain=True)


def test_chains_take_a_snapshot_of_the_lut():
    cube = lut.Lut3D.identity(2)
    img = vfxpy.Image(np.full((4, 4, 4), 0.5, np.float32))
    chain = vfxpy.Processor().chain(img).apply_lut(cube)
    cube.data[...] = 0.0  # edited after apply_lut: the chain keeps the entries it took
    chain.run()
    assert np.allclose(img.numpy()[..., :3], 0.5)
    cube.apply(img)
    assert np.allclose(img.numpy()[..., :3], 0.0)
