"""vfxpy.ops geometry against OpenImageIO's ImageBufAlgo (oiio_ops_ref.py) and numpy.

Exact ops (rotate90/180/270, flip, transpose, crop) must equal OIIO bit for bit (our
rotate90 is counter-clockwise, OIIO's rotate270; horizontal flip is OIIO's flop). rotate
by any angle follows OIIO's warp sampling (pixel centers mapped back, filter weights
normalized, black outside), and OIIO's angle turns clockwise on screen, so
ours(a) = OIIO rotate(-radians(a)). Measured: max |diff| 4e-5, PSNR 120 dB on values in
[-2, 2] (OIIO's lanczos3 evaluates sin in float, we in double); asserted: PSNR >= 90 dB
and |diff| <= 2e-4.
"""

import numpy as np
import pytest

import vfxpy
from vfxpy import ops
from oiio_ops_ref import oiio, psnr
from test_ops_resize import pattern


@pytest.fixture(scope="module")
def src():
    return pattern(36, 52)


@pytest.mark.parametrize("ours,theirs", [("rotate90", "rotate270"), ("rotate180", "rotate180"),
                                         ("rotate270", "rotate90"), ("transpose", "transpose")])
def test_quarter_turns_are_oiio_bit_for_bit(src, ours, theirs, tmp_path):
    ref, _ = oiio(theirs, src, tmp_path=tmp_path)
    assert np.array_equal(np.asarray(getattr(ops, ours)(vfxpy.Image(src))), ref)


def test_flips_are_oiio_bit_for_bit(src, tmp_path):
    flop, _ = oiio("flop", src, tmp_path=tmp_path)
    flip, _ = oiio("flip", src, tmp_path=tmp_path)
    assert np.array_equal(np.asarray(ops.flip(vfxpy.Image(src), "horizontal")), flop)
    assert np.array_equal(np.asarray(ops.flip(vfxpy.Image(src), "vertical")), flip)


def test_crop_is_oiio_cut(src, tmp_path):
    ref, _ = oiio("cut", src, tmp_path=tmp_path, x=5, y=7, width=20, height=11)
    assert np.array_equal(np.asarray(ops.crop(vfxpy.Image(src), 5, 7, 20, 11)), ref)


@pytest.mark.parametrize("dtype,channels", [(np.uint8, 1), (np.uint16, 3), (np.float16, 2), (np.float32, 5)])
def test_exact_ops_in_every_format_match_numpy(dtype, channels):
    arr = (np.random.default_rng(channels).random((9, 14, channels)) * 200).astype(dtype)
    img = vfxpy.Image(arr)
    for got, expected in [(ops.rotate90(img), np.rot90(arr)), (ops.rotate180(img), np.rot90(arr, 2)),
                          (ops.rotate270(img), np.rot90(arr, -1)), (ops.transpose(img), arr.transpose(1, 0, 2)),
                          (ops.flip(img, "horizontal"), arr[:, ::-1]), (ops.flip(img, "vertical"), arr[::-1]),
                          (ops.crop(img, 3, 2, 5, 6), arr[2:8, 3:8]),
                          (ops.translate(img, 2, -3), np.pad(arr, ((0, 3), (2, 0), (0, 0)))[3:, :14])]:
        assert got.format == img.format and got.channels == channels
        assert np.array_equal(np.asarray(got), expected)


@pytest.mark.parametrize("angle", [30, -17.5, 135])
@pytest.mark.parametrize("ours,theirs", [("lanczos3", "lanczos3"), ("bilinear", "triangle"), ("bicubic", "catmull-rom")])
def test_rotate_matches_oiio(src, angle, ours, theirs, tmp_path):
    got = np.asarray(ops.rotate(vfxpy.Image(src), angle, filter=ours))
    ref, _ = oiio("rotate", src, tmp_path=tmp_path, radians=float(np.radians(-angle)), filter=theirs)
    assert got.shape == src.shape
    assert psnr(got, ref, peak=4.0) >= 90
    assert np.abs(got - ref).max() <= 2e-4


def test_rotate_direction_center_and_expand():
    arr = np.zeros((20, 30, 1), np.float32)
    arr[10, 20] = 1  # center (20.5, 10.5): 5.5 right of the image center (15, 10), 0.5 down
    turned = np.asarray(ops.rotate(vfxpy.Image(arr), 90, filter="nearest"))
    y, x = np.unravel_index(np.argmax(turned[..., 0]), turned.shape[:2])
    assert (y, x) == (4, 15)  # counter-clockwise on screen: 5.5 right goes 5.5 up, 0.5 down goes 0.5 right
    grown = ops.rotate(vfxpy.Image(pattern(20, 30)), 90, expand=True, filter="lanczos3")
    assert (grown.width, grown.height) == (20, 30)
    assert np.abs(np.asarray(grown) - np.rot90(pattern(20, 30))).max() < 1e-5
    diagonal = ops.rotate(vfxpy.Image(pattern(20, 30)), 45, expand=True)
    side = (20 + 30) / np.sqrt(2)
    assert abs(diagonal.width - side) <= 1 and abs(diagonal.height - side) <= 1
    about_corner = np.asarray(ops.rotate(vfxpy.Image(arr), 180, center=(0, 0), filter="nearest"))
    assert about_corner.max() == 0  # everything turned out of the frame


def test_translate_fraction_is_an_interpolation():
    arr = np.tile(np.arange(8, dtype=np.float32), (4, 1))[..., None]
    half = np.asarray(ops.translate(vfxpy.Image(arr), 0.5, 0, filter="bilinear"))
    # Interior: the mean of the two neighbors; the first column mixes with black.
    assert np.allclose(half[:, 1:, 0], (arr[:, 1:, 0] + arr[:, :-1, 0]) / 2)


def test_pad_matches_numpy():
    arr = np.random.default_rng(2).random((5, 6, 3)).astype(np.float32)
    got = np.asarray(ops.pad(vfxpy.Image(arr), 1, 2, 3, 4, fill=(0.1, 0.2, 0.3)))
    expected = np.empty((11, 10, 3), np.float32)
    expected[:] = np.float32([0.1, 0.2, 0.3])
    expected[2:7, 1:7] = arr
    assert np.array_equal(got, expected)
    edge = np.asarray(ops.pad(vfxpy.Image(arr), 2, 1, 0, 3, mode="edge"))
    assert np.array_equal(edge, np.pad(arr, ((1, 3), (2, 0), (0, 0)), mode="edge"))


@pytest.mark.parametrize("call,exc,word", [
    (lambda i: ops.crop(i, -1, 0, 2, 2), ValueError, "x"),
    (lambda i: ops.crop(i, 0, 8, 2, 2), ValueError, "y"),
    (lambda i: ops.crop(i, 4, 0, 5, 2), ValueError, "width"),
    (lambda i: ops.crop(i, 0, 0, 2, 0), ValueError, "height"),
    (lambda i: ops.crop(i, 0, 0, 2.5, 2), TypeError, "width"),
    (lambda i: ops.flip(i, "diagonal"), ValueError, "axis"),
    (lambda i: ops.rotate(i, float("nan")), ValueError, "angle"),
    (lambda i: ops.rotate(i, "90"), TypeError, "angle"),
    (lambda i: ops.rotate(i, 10, filter="sinc"), ValueError, "filter"),
    (lambda i: ops.rotate(i, 10, center=5), TypeError, "center"),
    (lambda i: ops.pad(i, -1), ValueError, "left"),
    (lambda i: ops.pad(i, 1, mode="wrap"), ValueError, "mode"),
    (lambda i: ops.translate(i, float("inf"), 0), ValueError, "dx"),
    (lambda i: ops.rotate90([[1]]), TypeError, "img"),
])
def test_bad_arguments(call, exc, word):
    with pytest.raises(exc, match=word):
        call(vfxpy.Image(pattern(8, 8)))
