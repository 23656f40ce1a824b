"""vfxpy.ops on images resident on a Vulkan device (GPUOps): resize, blur, sharpen,
the Porter-Duff operators and the blend modes run there, leave the result there, and
give the CPU ops' results. Run for real on lavapipe with the validation layer on and
zero messages allowed (the fixtures of test_gpu.py).

Reference: the CPU ops of this build (checked against OpenImageIO and OpenCV in
test_ops_*.py), on the same image graded the same way on the CPU backend (test_gpu.py
shows the grade itself is identical). Tolerances, and why:

- Compositing (over, under, in, out, atop, xor): exact. The shader repeats the CPU's
  adds and multiplies in order, nothing fused; the device copy is stored and reloaded
  in the result's format as the host stores it.
- Blend modes: at most 4 ULP of the value: the same operations in order, but Vulkan
  lets division (color_dodge/burn, unpremultiplying) round to 2.5 ULP and sqrt
  (soft_light) less exactly than IEEE. (lavapipe is in fact exact.)
- Filters (resize, blur, sharpen): the same weight tables, pass order and summation
  order as the CPU, but the CPU's AVX2 loops fuse each multiply-add into an FMA and
  lavapipe's fma() rounds the product and the sum apart (Vulkan allows both). The
  classic dot-product bound covers that: each of the taps of a pass may differ by
  one rounding of a partial sum, at most taps * 2^-24 * sum|w x| each way, so per
  output |gpu - cpu| <= 2 * (taps_x + taps_y) * 2^-24 * S * M, with M the largest
  input magnitude and S = 2 bounding sum|w| of these filters (lanczos3's negative
  lobes give 1.2). In practice the differences are at most a few float steps.
- Storage formats: integers within 1 code (a float difference may move a value
  across a rounding boundary), halves within 1 half-float step on top of the above.
"""

import math

import numpy as np
import pytest

import _vfxpy
import vfxpy
from test_gpu import gpu, no_validation_messages  # noqa: F401 (fixtures)
from vfxpy import ops

CPU = vfxpy.Processor(backend="cpu")
EXPOSURE = 0.25
FORMATS = ("f32", "f16", "u8", "u16")
RADIUS = {"nearest": 0.5, "box": 0.5, "bilinear": 1, "catmull-rom": 2, "mitchell": 2, "lanczos3": 3,
          "gaussian": 1.5}


def pixels(channels=4, height=23, width=31, seed=0):
    """Finite HDR values (-1 to 8, exact 0 and 1 in places) with alpha in [0, 1]."""
    rng = np.random.default_rng(seed)
    data = rng.uniform(-1.0, 8.0, (height, width, channels)).astype(np.float32)
    data[0, :4] = 0.0
    data[1, :4] = 1.0
    if channels in (2, 4):
        data[..., -1] = rng.uniform(0, 1, (height, width))
        data[2, :3, -1] = (0.0, 1.0, 0.5)
    return data


def image(data, fmt):
    """An image of format fmt that owns its memory (so GPU results stay on the device)."""
    if fmt == "f32":
        array = data
    elif fmt == "f16":
        array = data.astype(np.float16)
    else:
        top = 255 if fmt == "u8" else 65535
        array = np.round(np.clip(data / 8, 0, 1) * top).astype(np.uint8 if fmt == "u8" else np.uint16)
    return vfxpy.Image(array, copy=True)


def pair(gpu, data, fmt="f32"):
    """(graded on the device and resident there, graded the same way on the CPU)."""
    on_device, on_host = image(data, fmt), image(data, fmt)
    gpu.exposure(on_device, EXPOSURE)
    CPU.exposure(on_host, EXPOSURE)
    return on_device, on_host


def on_device(op, *images):
    """op(*images), checked to run on the device: no transfer while it runs."""
    before = _vfxpy._gpu_transfer_counts()
    result = op(*images)
    assert _vfxpy._gpu_transfer_counts() == before, "the op read back or uploaded"
    return result


def taps(filter_name, source, output):
    """The most taps of a resize along one axis (AxisWeights' window)."""
    return 2 * math.ceil(RADIUS[filter_name] * max(1.0, source / output)) + 1


def check(ours, reference, fmt, float_bound):
    """ours == reference within float_bound (absolute, an array or a number) before
    storage, plus one step of the storage format."""
    ours, reference = np.asarray(ours).astype(np.float64), np.asarray(reference).astype(np.float64)
    assert ours.shape == reference.shape
    diff = np.abs(ours - reference)
    if fmt in ("u8", "u16"):
        assert diff.max() <= 1, f"max difference {diff.max()} codes"
        return
    bound = np.broadcast_to(np.asarray(float_bound, np.float64), diff.shape)
    if fmt == "f16":
        bound = bound + np.spacing(np.abs(reference).astype(np.float16)).astype(np.float64)
    worst = np.unravel_index(np.argmax(diff - bound), diff.shape)
    assert np.all(diff <= bound), f"difference {diff[worst]} > {bound[worst]} at {worst}"


def filter_bound(host_image, passes_taps):
    """2 * (sum of the passes' taps) * 2^-24 * S * M, S = 2 (see the module docstring)."""
    magnitude = float(np.max(np.abs(np.asarray(host_image, np.float64))))
    if host_image.format in ("u8", "u16"):
        magnitude = 1.0
    return 2 * sum(passes_taps) * 2.0 ** -24 * 2 * magnitude


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_resize_lanczos3_every_format_and_channel_count(gpu, fmt, channels):
    device, host = pair(gpu, pixels(channels), fmt)
    ours = on_device(lambda i: ops.resize(i, 13, 9), device)
    reference = ops.resize(host, 13, 9)
    assert (ours.format, ours.channels, ours.width, ours.height) == (reference.format, channels, 13, 9)
    check(ours.numpy(), reference.numpy(), fmt, filter_bound(host, [taps("lanczos3", 31, 13), taps("lanczos3", 23, 9)]))


@pytest.mark.parametrize("filter_name", list(RADIUS))
@pytest.mark.parametrize("size", [(12, 10), (67, 41), (31, 50)])
def test_resize_every_filter_down_and_up(gpu, filter_name, size):
    device, host = pair(gpu, pixels(4))
    ours = on_device(lambda i: ops.resize(i, *size, filter=filter_name), device)
    reference = ops.resize(host, *size, filter=filter_name)
    bound = filter_bound(host, [taps(filter_name, 31, size[0]), taps(filter_name, 23, size[1])])
    if filter_name == "nearest":
        bound = 0.0  # a copy of the pixel under each center, bit for bit
    check(ours.numpy(), reference.numpy(), "f32", bound)


def test_resize_straight_alpha(gpu):
    """premultiplied=False: color premultiplied on load, divided by the filtered alpha."""
    device, host = pair(gpu, pixels(4))
    ours = on_device(lambda i: ops.resize(i, 14, 11, premultiplied=False), device).numpy()
    reference = ops.resize(host, 14, 11, premultiplied=False).numpy()
    # the division by a filtered alpha scales the filters' bound by 1 / alpha
    alpha = np.maximum(reference[..., 3:], 1e-3)
    check(ours, reference, "f32", filter_bound(host, [taps("lanczos3", 31, 14), taps("lanczos3", 23, 11)]) / alpha
          + 4 * np.spacing(np.abs(reference).astype(np.float32)))
    assert np.all(ours[reference[..., 3] == 0][..., :3] == 0)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("channels", [1, 3, 4])
def test_blur(gpu, fmt, channels):
    device, host = pair(gpu, pixels(channels), fmt)
    ours = on_device(lambda i: ops.blur(i, sigma=2), device)
    reference = ops.blur(host, sigma=2)
    check(ours.numpy(), reference.numpy(), fmt, filter_bound(host, [13, 13]))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("threshold", [0.0, 0.3])
def test_sharpen_and_unsharp_mask(gpu, fmt, threshold):
    device, host = pair(gpu, pixels(4), fmt)
    ours = on_device(lambda i: ops.unsharp_mask(i, sigma=1.2, amount=0.8, threshold=threshold), device).numpy()
    reference = ops.unsharp_mask(host, sigma=1.2, amount=0.8, threshold=threshold).numpy()
    blur_bound = filter_bound(host, [9, 9])
    if threshold == 0:
        # image + amount * (image - blur): the blur's difference scaled by amount, plus
        # a rounding of the result
        check(ours, reference, fmt, 0.8 * blur_bound + np.spacing(np.abs(reference).astype(np.float32)))
    else:
        # a blur difference may move |detail| across the threshold: such pixels differ
        # by the whole sharpening; every other pixel within the bound
        close = np.abs(ours.astype(np.float64) - reference) <= 0.8 * blur_bound + 2 * np.spacing(
            np.abs(reference).astype(np.float32)) + (1 if fmt in ("u8", "u16") else 0)
        assert close.mean() > 0.99
    sharpened = on_device(lambda i: ops.sharpen(i, 0.5), pair(gpu, pixels(4), fmt)[0]).numpy()
    check(sharpened, ops.sharpen(host, 0.5).numpy(), fmt, 0.5 * blur_bound + np.spacing(np.abs(reference)
                                                                                         .astype(np.float32)))


@pytest.mark.parametrize("op", ["over", "under", "in_", "out", "atop", "xor"])
@pytest.mark.parametrize("offset", [(0, 0), (5, -3), (-40, 2)])
def test_porter_duff_exact(gpu, op, offset):
    fg_device, fg_host = pair(gpu, pixels(4, 15, 19, seed=1))
    bg_device, bg_host = pair(gpu, pixels(4))
    function = getattr(ops, op)
    ours = on_device(lambda a, b: function(a, b, offset=offset), fg_device, bg_device)
    reference = function(fg_host, bg_host, offset=offset)
    np.testing.assert_array_equal(ours.numpy(), reference.numpy())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_over_every_format_and_channel_count(gpu, fmt, channels):
    fg_device, fg_host = pair(gpu, pixels(channels, 15, 19, seed=1), fmt)
    bg_device, bg_host = pair(gpu, pixels(channels), fmt)
    ours = on_device(lambda a, b: ops.over(a, b, offset=(4, 3)), fg_device, bg_device)
    reference = ops.over(fg_host, bg_host, offset=(4, 3))
    assert (ours.format, ours.channels) == (reference.format, reference.channels)
    np.testing.assert_array_equal(ours.numpy(), reference.numpy())


def test_over_mixed_formats_and_a_host_layer_uploaded_once(gpu):
    """u8 over f32 gives f32; the foreground on the host is uploaded once, nothing is
    read back."""
    bg_device, bg_host = pair(gpu, pixels(4))
    fg = image(pixels(4, 15, 19, seed=1), "u8")
    before = _vfxpy._gpu_transfer_counts()
    ours = ops.over(fg, bg_device, offset=(2, 2))
    after = _vfxpy._gpu_transfer_counts()
    assert (after["uploads"] - before["uploads"], after["downloads"] - before["downloads"]) == (1, 0)
    reference = ops.over(fg, bg_host, offset=(2, 2))
    assert ours.format == reference.format == "f32"
    np.testing.assert_array_equal(ours.numpy(), reference.numpy())


BLEND_MODES = ["normal", "multiply", "screen", "overlay", "add", "subtract", "difference", "exclusion", "darken",
               "lighten", "soft_light", "hard_light", "color_dodge", "color_burn"]


@pytest.mark.parametrize("mode", BLEND_MODES)
@pytest.mark.parametrize("channels", [3, 4])
def test_blend_modes(gpu, mode, channels):
    # values in [0, 1.2] so the modes' branches (<= 0.5, >= 1, == 0) are all taken
    fg_data, bg_data = pixels(channels, 15, 19, seed=1) / 6.5, pixels(channels) / 6.5
    if channels == 4:
        fg_data[..., 3], bg_data[..., 3] = np.clip(fg_data[..., 3] * 6.5, 0, 1), np.clip(bg_data[..., 3] * 6.5, 0, 1)
    fg_device, fg_host = pair(gpu, fg_data)
    bg_device, bg_host = pair(gpu, bg_data)
    ours = on_device(lambda a, b: ops.blend(a, b, mode, 0.7, offset=(3, 4)), fg_device, bg_device).numpy()
    reference = ops.blend(fg_host, bg_host, mode, 0.7, offset=(3, 4)).numpy()
    check(ours, reference, "f32", 4 * np.spacing(np.abs(reference).astype(np.float32)))


@pytest.mark.parametrize("fmt", ["f16", "u8", "u16"])
def test_blend_storage_formats(gpu, fmt):
    fg_device, fg_host = pair(gpu, pixels(4, 15, 19, seed=1) / 6.5, fmt)
    bg_device, bg_host = pair(gpu, pixels(4) / 6.5, fmt)
    ours = on_device(lambda a, b: ops.blend(a, b, "soft_light", 0.6), fg_device, bg_device).numpy()
    reference = ops.blend(fg_host, bg_host, "soft_light", 0.6).numpy()
    check(ours, reference, fmt, 4 * np.spacing(np.abs(reference).astype(np.float32)))


def test_bad_arguments_raise_the_cpu_ops_errors(gpu):
    device, _ = pair(gpu, pixels(4))
    with pytest.raises(ValueError, match="opacity"):
        ops.blend(device, device, "multiply", 1.5)
    with pytest.raises(ValueError, match="channels"):
        ops.over(pair(gpu, pixels(3))[0], device)
    with pytest.raises(ValueError, match="amount"):
        ops.unsharp_mask(device, amount=float("inf"))


def test_grade_resize_over_makes_one_upload_and_one_read_back(gpu):
    """A comp on the device: grade a plate (its one upload), shrink it to a
    picture-in-picture, put it over the graded plate, read the result (its one
    read-back). Nothing in between bounces through host memory; the result equals
    the same comp on the CPU within the filters' bound."""
    data = pixels(4, 48, 64)
    before = _vfxpy._gpu_transfer_counts()
    plate = image(data, "f32")
    gpu.exposure(plate, EXPOSURE)
    inset = ops.resize(plate, 24, 18)
    comp = ops.over(inset, plate, offset=(30, 20))
    middle = _vfxpy._gpu_transfer_counts()
    assert (middle["uploads"] - before["uploads"], middle["downloads"] - before["downloads"]) == (1, 0)
    result = comp.numpy(copy=True)
    after = _vfxpy._gpu_transfer_counts()
    assert (after["uploads"] - before["uploads"], after["downloads"] - before["downloads"]) == (1, 1)

    host = image(data, "f32")
    CPU.exposure(host, EXPOSURE)
    reference = ops.over(ops.resize(host, 24, 18), host, offset=(30, 20)).numpy()
    check(result, reference, "f32", filter_bound(host, [taps("lanczos3", 64, 24), taps("lanczos3", 48, 18)]))
    assert not np.array_equal(reference, host.numpy()), "the inset changed the plate"
