"""vfxpy.ops neighborhood filters against OpenCV (python3-opencv, BORDER_REPLICATE =
our clamped edges) and OpenImageIO's ImageBufAlgo, each in a separate /usr/bin/python3
process, plus a float64 numpy convolution written here.

Tolerances: blur and box_blur 1e-6 absolute on values in [0, 1] (float32 sums of up to
13 taps; measured 2e-7 against OpenCV), unsharp_mask 2e-6 against OIIO (measured 7e-7),
median, dilate and erode exact (they only pick existing values). OIIO's median_filter
shrinks its window at the image edge instead of clamping, so against OIIO only the
interior is compared; OpenCV's medianBlur replicates the edge like us and is compared
everywhere.
"""

import numpy as np
import pytest

import vfxpy
from vfxpy import ops
from oiio_ops_ref import oiio, opencv, opencv_available

needs_opencv = pytest.mark.skipif(not opencv_available(), reason="python3-opencv is not installed (scripts/bootstrap)")


@pytest.fixture(scope="module")
def src():
    return np.random.default_rng(5).random((30, 41, 3), dtype=np.float32)


def numpy_convolve(arr, kernel):
    """Separable convolution with clamped edges, in float64."""
    r = len(kernel) // 2
    padded = np.pad(arr.astype(np.float64), ((r, r), (r, r), (0, 0)), mode="edge")
    h, w = arr.shape[:2]
    across = sum(k * padded[:, i:i + w] for i, k in enumerate(kernel))
    return sum(k * across[i:i + h] for i, k in enumerate(kernel))


def gaussian(radius, sigma):
    k = np.exp(-np.arange(-radius, radius + 1) ** 2 / (2 * sigma * sigma))
    return k / k.sum()


def test_blur_is_a_clamped_gaussian(src):
    got = np.asarray(ops.blur(vfxpy.Image(src), sigma=1.5))  # radius ceil(4.5) = 5
    assert np.abs(got - numpy_convolve(src, gaussian(5, 1.5))).max() <= 1e-6
    by_radius = np.asarray(ops.blur(vfxpy.Image(src), 3))    # sigma 1
    assert np.abs(by_radius - numpy_convolve(src, gaussian(3, 1.0))).max() <= 1e-6


@needs_opencv
@pytest.mark.parametrize("radius,sigma", [(5, 1.5), (2, 0.8), (9, 3.0)])
def test_blur_matches_opencv(src, radius, sigma, tmp_path):
    ref = opencv("gaussian", src, tmp_path=tmp_path, radius=radius, sigma=sigma)
    assert np.abs(np.asarray(ops.blur(vfxpy.Image(src), radius, sigma=sigma)) - ref).max() <= 1e-6


@needs_opencv
def test_box_blur_matches_opencv(src, tmp_path):
    for size in (3, 7):
        ref = opencv("box", src, tmp_path=tmp_path, size=size)
        assert np.abs(np.asarray(ops.box_blur(vfxpy.Image(src), size)) - ref).max() <= 1e-6


@needs_opencv
@pytest.mark.parametrize("op", ["median", "dilate", "erode"])
@pytest.mark.parametrize("size", [3, 5])
def test_rank_filters_match_opencv(src, op, size, tmp_path):
    ref = opencv(op, src, tmp_path=tmp_path, size=size)
    assert np.array_equal(np.asarray(getattr(ops, op)(vfxpy.Image(src), size)), ref)


@pytest.mark.parametrize("size", [7, 9])
def test_large_median_matches_numpy(src, size):
    """Windows above 5x5 (OpenCV's float limit) take the quickselect path."""
    r = size // 2
    padded = np.pad(src, ((r, r), (r, r), (0, 0)), mode="edge")
    windows = np.stack([padded[y:y + src.shape[0], x:x + src.shape[1]] for y in range(size) for x in range(size)])
    assert np.array_equal(np.asarray(ops.median(vfxpy.Image(src), size)), np.median(windows, axis=0))


@pytest.mark.parametrize("op", ["median", "dilate", "erode"])
def test_rank_filters_match_oiio(src, op, tmp_path):
    ref, _ = oiio(op, src, tmp_path=tmp_path, size=3)
    got = np.asarray(getattr(ops, op)(vfxpy.Image(src), 3))
    if op == "median":
        got, ref = got[1:-1, 1:-1], ref[1:-1, 1:-1]
    assert np.array_equal(got, ref)


def test_unsharp_mask_matches_oiio(src, tmp_path):
    # OIIO's gaussian kernel of width 3 is exp(-2 (2x/3)^2) at x = -1, 0, 1: sigma 0.75.
    for amount, threshold in [(1.0, 0.0), (0.6, 0.05)]:
        ref, _ = oiio("unsharp_mask", src, tmp_path=tmp_path, width=3.0, contrast=amount, threshold=threshold)
        got = np.asarray(ops.unsharp_mask(vfxpy.Image(src), sigma=0.75, amount=amount, threshold=threshold, radius=1))
        assert np.abs(got - ref).max() <= 2e-6
    sharp = np.asarray(ops.sharpen(vfxpy.Image(src), 0.5))
    blurred = numpy_convolve(src, gaussian(3, 1.0))
    assert np.abs(sharp - (src + 0.5 * (src - blurred))).max() <= 2e-6


@pytest.mark.parametrize("dtype,scale", [(np.uint8, 255), (np.uint16, 65535), (np.float16, 1)])
def test_filters_keep_the_format(src, dtype, scale):
    stored = (src * scale + 0.5).astype(dtype) if scale != 1 else src.astype(dtype)
    unit = stored.astype(np.float64) / scale
    got = ops.blur(vfxpy.Image(stored), sigma=1.0)
    assert got.format == vfxpy.Image(stored).format
    expected = numpy_convolve(unit, gaussian(3, 1.0))
    if scale != 1:
        assert np.abs(np.asarray(got).astype(np.int64) - np.floor(expected * scale + 0.5)).max() <= 1
    else:
        assert np.abs(np.asarray(got).astype(np.float64) - expected).max() <= 1e-3
    assert np.array_equal(np.asarray(ops.dilate(vfxpy.Image(stored), 3)),
                          np.max([np.pad(stored, ((1, 1), (1, 1), (0, 0)), mode="edge")[y:y + 30, x:x + 41]
                                  for y in range(3) for x in range(3)], axis=0))


@pytest.mark.parametrize("call,exc,word", [
    (lambda i: ops.blur(i), TypeError, "radius"),
    (lambda i: ops.blur(i, -2), ValueError, "radius"),
    (lambda i: ops.blur(i, sigma=0), ValueError, "sigma"),
    (lambda i: ops.blur(i, "2"), TypeError, "radius"),
    (lambda i: ops.median(i, 4), ValueError, "size"),
    (lambda i: ops.dilate(i, 0), ValueError, "size"),
    (lambda i: ops.erode(i, 2.0), TypeError, "size"),
    (lambda i: ops.box_blur(i, -3), ValueError, "size"),
    (lambda i: ops.unsharp_mask(i, threshold=-1), ValueError, "threshold"),
    (lambda i: ops.sharpen(i, float("nan")), ValueError, "amount"),
    (lambda i: ops.median("img"), TypeError, "img"),
])
def test_bad_arguments(call, exc, word):
    with pytest.raises(exc, match=word):
        call(vfxpy.Image(np.zeros((6, 6, 3), np.float32)))


def test_ops_release_the_gil():
    """A pure-Python thread keeps stamping the time while resize/blur/rotate run (see
    gil_probe: with the GIL held no stamp could fall well inside a call)."""
    from gil_probe import stamps_inside

    img = vfxpy.Image.new(1920, 1080, channels=4, format="f32", fill=0.3)
    inside, calls = stamps_inside([lambda: ops.resize(img, 3000, 1700), lambda: ops.blur(img, sigma=4),
                                   lambda: ops.rotate(img, 10, filter="bilinear")] * 2)
    assert len(inside) >= 3, [round(t1 - t0, 3) for t0, t1 in calls]
