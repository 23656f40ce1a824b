"""vfxpy.ops compositing and blend modes.

over: bit for bit OpenImageIO's ImageBufAlgo.over (same float expression
A + B * (1 - alphaA)). under/in/out/atop/xor (not in OIIO 2.4) and the blend modes:
against numpy float64 evaluations of the Porter-Duff table and of the W3C Compositing
and Blending Level 1 formulas written out in this file, on hand-picked pixels that hit
every branch (Cb = 0, Cs = 1, the 0.5 and 0.25 switches, partial and zero alpha).
Tolerance 2e-7 (float32 rounding of values in [0, 2]) unless exact.
"""

import numpy as np
import pytest

import vfxpy
from vfxpy import ops
from oiio_ops_ref import oiio


def premultiplied(h, w, seed, channels=4):
    rng = np.random.default_rng(seed)
    arr = rng.random((h, w, channels), dtype=np.float32)
    arr[..., -1] = np.where(rng.random((h, w)) < 0.2, 0.0, arr[..., -1])
    arr[..., -1] = np.where(rng.random((h, w)) < 0.2, 1.0, arr[..., -1])
    arr[..., :-1] *= arr[..., -1:]
    return arr


def test_over_is_oiio_bit_for_bit(tmp_path):
    fg, bg = premultiplied(40, 56, 1), premultiplied(40, 56, 2)
    ref, _ = oiio("over", fg, bg, tmp_path=tmp_path)
    assert np.array_equal(np.asarray(ops.over(vfxpy.Image(fg), vfxpy.Image(bg))), ref)


PORTER_DUFF = {
    "over": lambda a, b, aa, ab: a + b * (1 - aa),
    "under": lambda a, b, aa, ab: b + a * (1 - ab),
    "in_": lambda a, b, aa, ab: a * ab,
    "out": lambda a, b, aa, ab: a * (1 - ab),
    "atop": lambda a, b, aa, ab: a * ab + b * (1 - aa),
    "xor": lambda a, b, aa, ab: a * (1 - ab) + b * (1 - aa),
}


@pytest.mark.parametrize("name", list(PORTER_DUFF))
def test_porter_duff_table(name):
    fg, bg = premultiplied(24, 30, 3), premultiplied(24, 30, 4)
    a, b = fg.astype(np.float64), bg.astype(np.float64)
    expected = PORTER_DUFF[name](a, b, a[..., 3:], b[..., 3:])
    got = np.asarray(getattr(ops, name)(vfxpy.Image(fg), vfxpy.Image(bg)))
    assert np.abs(got - expected).max() <= 2e-7


def test_offset_and_sizes_use_the_background_frame():
    fg, bg = premultiplied(10, 12, 5), premultiplied(30, 40, 6)
    for offset in [(0, 0), (5, 7), (-4, -3), (35, 25), (100, 100)]:
        got = np.asarray(ops.over(vfxpy.Image(fg), vfxpy.Image(bg), offset=offset))
        placed = np.zeros_like(bg)
        x, y = offset
        ys, xs = slice(max(y, 0), min(30, y + 10)), slice(max(x, 0), min(40, x + 12))
        if ys.start < ys.stop and xs.start < xs.stop:
            placed[ys, xs] = fg[ys.start - y:ys.stop - y, xs.start - x:xs.stop - x]
        assert got.shape == bg.shape
        assert np.array_equal(got, placed + bg * (1 - placed[..., 3:])), offset


def test_formats_and_opaque_images():
    fg = (premultiplied(8, 8, 7) * 255 + 0.5).astype(np.uint8)
    bg = (premultiplied(8, 8, 8) * 255 + 0.5).astype(np.uint8)
    got = ops.over(vfxpy.Image(fg), vfxpy.Image(bg))
    assert got.format == "u8"
    a, b = fg / 255.0, bg / 255.0
    assert np.abs(np.asarray(got).astype(int) - np.floor((a + b * (1 - a[..., 3:])) * 255 + 0.5)).max() <= 1
    mixed = ops.over(vfxpy.Image(fg), vfxpy.Image(bg.astype(np.float32) / 255))
    assert mixed.format == "f32"
    rgb_fg = np.full((4, 4, 3), 0.25, np.float32)
    rgb_bg = np.full((4, 4, 3), 0.75, np.float32)
    assert np.array_equal(np.asarray(ops.over(vfxpy.Image(rgb_fg), vfxpy.Image(rgb_bg))), rgb_fg)  # no alpha: opaque
    assert np.array_equal(np.asarray(ops.under(vfxpy.Image(rgb_fg), vfxpy.Image(rgb_bg))), rgb_bg)


def test_premultiply_and_unpremultiply():
    arr = np.array([[[0.5, 0.4, 0.2, 0.5], [0.3, 0.3, 0.3, 0.0], [1.0, 0.5, 0.25, 1.0]]], np.float32)
    pre = np.asarray(ops.premultiply(vfxpy.Image(arr)))
    assert np.array_equal(pre, np.float32([[[0.25, 0.2, 0.1, 0.5], [0, 0, 0, 0], [1.0, 0.5, 0.25, 1.0]]]))
    back = np.asarray(ops.unpremultiply(vfxpy.Image(pre)))
    assert np.allclose(back[0, 0], arr[0, 0]) and np.array_equal(back[0, 1], np.zeros(4, np.float32))
    rgb = np.full((2, 2, 3), 0.5, np.float32)
    assert np.array_equal(np.asarray(ops.premultiply(vfxpy.Image(rgb))), rgb)


# ---- W3C Compositing and Blending Level 1, section 10 (separable blend modes) --------

def w3c_mode(mode, cb, cs):
    if mode == "normal":
        return cs
    if mode == "multiply":
        return cb * cs
    if mode == "screen":
        return cb + cs - cb * cs
    if mode == "hard_light":
        return np.where(cs <= 0.5, cb * 2 * cs, w3c_mode("screen", cb, 2 * cs - 1))
    if mode == "overlay":
        return w3c_mode("hard_light", cs, cb)
    if mode == "darken":
        return np.minimum(cb, cs)
    if mode == "lighten":
        return np.maximum(cb, cs)
    if mode == "color_dodge":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(cb == 0, 0.0, np.where(cs >= 1, 1.0, np.minimum(1.0, cb / (1 - cs))))
    if mode == "color_burn":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(cb == 1, 1.0, np.where(cs <= 0, 0.0, 1 - np.minimum(1.0, (1 - cb) / cs)))
    if mode == "soft_light":
        d = np.where(cb <= 0.25, ((16 * cb - 12) * cb + 4) * cb, np.sqrt(cb))
        return np.where(cs <= 0.5, cb - (1 - 2 * cs) * cb * (1 - cb), cb + (2 * cs - 1) * (d - cb))
    if mode == "difference":
        return np.abs(cb - cs)
    if mode == "exclusion":
        return cb + cs - 2 * cb * cs
    if mode == "add":
        return cb + cs
    if mode == "subtract":
        return cb - cs
    raise AssertionError(mode)


def w3c_composite(fg, bg, mode, opacity):
    """The spec's general formula (source-over, section 5.8) with opacity scaling the
    source alpha, on premultiplied input and output, in float64."""
    fg, bg = fg.astype(np.float64), bg.astype(np.float64)
    a_s, a_b = fg[..., 3:] * opacity, bg[..., 3:]
    with np.errstate(divide="ignore", invalid="ignore"):
        cs = np.where(fg[..., 3:] > 0, fg[..., :3] / fg[..., 3:], 0.0)
        cb = np.where(a_b > 0, bg[..., :3] / a_b, 0.0)
    mixed = (1 - a_b) * cs + a_b * w3c_mode(mode, cb, cs)
    color = a_s * mixed + a_b * cb * (1 - a_s)
    return np.concatenate([color, a_s + a_b * (1 - a_s)], -1)


# Colors that hit every branch: 0, 0.25, 0.5 and 1 on both sides, and values between.
LEVELS = np.array([0.0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.8, 1.0], np.float64)


def branch_pixels():
    cb, cs = np.meshgrid(LEVELS, LEVELS)
    n = cb.size
    alphas_s = np.resize([1.0, 0.5, 0.0, 0.8], n)
    alphas_b = np.resize([1.0, 1.0, 0.3, 0.0, 0.7], n)
    fg = np.stack([cs.ravel(), cs.ravel()[::-1], np.full(n, 0.3), alphas_s], -1)
    bg = np.stack([cb.ravel(), np.full(n, 0.75), cb.ravel()[::-1], alphas_b], -1)
    fg[:, :3] *= fg[:, 3:]
    bg[:, :3] *= bg[:, 3:]
    return fg.reshape(8, 8, 4).astype(np.float32), bg.reshape(8, 8, 4).astype(np.float32)


@pytest.mark.parametrize("mode", ops.BLEND_MODES)
@pytest.mark.parametrize("opacity", [1.0, 0.35])
def test_blend_modes_match_w3c_formulas(mode, opacity):
    fg, bg = branch_pixels()
    got = np.asarray(ops.blend(vfxpy.Image(fg), vfxpy.Image(bg), mode, opacity))
    expected = w3c_composite(fg, bg, mode, opacity)
    assert np.abs(got - expected).max() <= 2e-6, mode


def test_blend_opaque_is_a_mix_toward_the_mode():
    """Opaque layers: result = bg + opacity * (B(bg, fg) - bg), values from the spec."""
    bg = np.array([[[0.2, 0.5, 0.8]]], np.float32)
    fg = np.array([[[0.6, 0.5, 0.1]]], np.float32)
    got = np.asarray(ops.blend(vfxpy.Image(fg), vfxpy.Image(bg), "multiply", 0.5))
    assert np.allclose(got, [[[0.2 + 0.5 * (0.12 - 0.2), 0.5 + 0.5 * (0.25 - 0.5), 0.8 + 0.5 * (0.08 - 0.8)]]])
    screen = np.asarray(ops.blend(vfxpy.Image(fg), vfxpy.Image(bg), "screen"))
    assert np.allclose(screen, [[[0.68, 0.75, 0.82]]])
    assert np.array_equal(np.asarray(ops.blend(vfxpy.Image(fg), vfxpy.Image(bg), "difference", 0.0)), bg)


@pytest.mark.parametrize("call,exc,word", [
    (lambda a, b: ops.over(a, vfxpy.Image(np.zeros((4, 4, 3), np.float32))), ValueError, "fg"),
    (lambda a, b: ops.blend(a, b, "vivid_light"), ValueError, "mode"),
    (lambda a, b: ops.blend(a, b, "screen", 1.5), ValueError, "opacity"),
    (lambda a, b: ops.blend(a, b, "screen", "half"), TypeError, "opacity"),
    (lambda a, b: ops.over(a, b.numpy()), TypeError, "bg"),
    (lambda a, b: ops.over(None, b), TypeError, "fg"),
    (lambda a, b: ops.over(a, b, offset=(1,)), TypeError, "offset"),
    (lambda a, b: ops.atop(a, b, offset=(1.5, 2)), TypeError, "offset"),
    (lambda a, b: ops.premultiply(3), TypeError, "img"),
])
def test_bad_arguments(call, exc, word):
    a, b = vfxpy.Image(premultiplied(4, 4, 9)), vfxpy.Image(premultiplied(4, 4, 10))
    with pytest.raises(exc, match=word):
        call(a, b)
