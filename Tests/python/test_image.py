"""vfxpy.Image: zero-copy numpy views both ways, properties, copies and conversions.

Conversions are checked against numpy computing the same documented formula (the
independent reference here): u8 v/255, u16 v/65535, float -> int clamp to [0, 1] then
floor(x * max + 0.5) with NaN -> 0, f32 -> f16 numpy's IEEE round-to-nearest-even.
"""

import gc
import weakref

import numpy as np
import pytest

import vfxpy

DTYPES = [np.uint8, np.uint16, np.float16, np.float32]
FORMATS = {np.uint8: "u8", np.uint16: "u16", np.float16: "f16", np.float32: "f32"}
MAXIMA = {"u8": 255, "u16": 65535}


def sample(dtype, shape=(5, 7, 3), seed=1):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, np.iinfo(dtype).max + 1, size=shape, dtype=dtype)
    return (rng.standard_normal(shape) * 2).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_image_from_numpy_is_a_view_both_ways(dtype):
    arr = sample(dtype)
    img = vfxpy.Image(arr)
    assert (img.width, img.height, img.channels) == (7, 5, 3)
    assert img.format == FORMATS[dtype] and img.dtype == np.dtype(dtype)
    assert img.shape == (5, 7, 3)
    view = img.numpy()
    assert not view.flags["OWNDATA"]
    assert np.shares_memory(view, arr)
    # numpy -> Swift: Swift's copy sees a write made through the original array.
    arr[2, 3, 1] = arr.dtype.type(1)
    assert img.copy().numpy()[2, 3, 1] == arr[2, 3, 1]
    # Swift -> numpy: fill() writes in Swift; the array and the view both see it.
    img.fill([0.0, 1.0, 0.0])
    one = 1 if np.issubdtype(dtype, np.floating) else np.iinfo(dtype).max
    assert (arr[..., 1] == one).all() and (arr[..., 0] == 0).all()
    assert (view[..., 1] == one).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_numpy_view_of_a_swift_image(dtype):
    fmt = FORMATS[dtype]
    img = vfxpy.Image.new(6, 4, channels=2, format=fmt)
    view = img.numpy()
    assert view.shape == (4, 6, 2) and view.dtype == np.dtype(dtype)
    assert not view.flags["OWNDATA"] and view.flags["C_CONTIGUOUS"] and view.flags["WRITEABLE"]
    view[1, 2] = [dtype(1), dtype(1)] if fmt.startswith("f") else [7, 9]
    again = img.numpy()
    assert np.shares_memory(view, again)
    assert (again[1, 2] == view[1, 2]).all()
    copied = img.numpy(copy=True)
    assert copied.flags["OWNDATA"] or not np.shares_memory(copied, view)
    copied[...] = 0
    assert (img.numpy()[1, 2] == view[1, 2]).all()


def test_buffer_protocol_is_zero_copy():
    img = vfxpy.Image.new(3, 2, channels=4, format="f16")
    mem = memoryview(img)
    assert mem.format == "e" and mem.shape == (2, 3, 4) and mem.strides == (24, 8, 2)
    assert not mem.readonly
    arr = np.asarray(img)
    arr[0, 0, 0] = 0.25
    assert img.numpy()[0, 0, 0] == np.float16(0.25)
    assert np.frombuffer(mem.cast("B"), dtype=np.float16)[0] == np.float16(0.25)


def test_views_outlive_the_image():
    img = vfxpy.Image.new(64, 32, fill=0.5)
    ref = weakref.ref(img)
    view = img.numpy()
    mem = memoryview(img)
    del img
    gc.collect()
    assert ref() is not None, "the view must keep the image alive"
    assert float(view.mean()) == 0.5 and mem[0, 0, 0] == 0.5
    del view, mem
    gc.collect()
    assert ref() is None, "the image must go when its last view does"


def test_image_keeps_the_array_alive():
    arr = np.full((4, 4, 4), 3.0, np.float32)
    ref = weakref.ref(arr) if hasattr(arr, "__weakref__") else None
    img = vfxpy.Image(arr)
    del arr
    gc.collect()
    assert float(img.numpy().sum()) == 3.0 * 64
    if ref is not None:
        assert ref() is not None
        del img
        gc.collect()
        assert ref() is None


def test_two_dimensional_arrays_are_single_channel_views():
    arr = np.arange(12, dtype=np.uint16).reshape(3, 4)
    img = vfxpy.Image(arr)
    assert img.shape == (3, 4, 1) and img.channel_names == ["Y"]
    img.numpy()[0, 1, 0] = 500
    assert arr[0, 1] == 500


@pytest.mark.parametrize(
    "make",
    [
        lambda: sample(np.float32, (6, 8, 4))[:, ::2],  # strided
        lambda: sample(np.float32, (6, 8, 4))[::-1],  # negative stride
        lambda: np.asfortranarray(sample(np.float32, (6, 8, 4))),
        lambda: sample(np.float32, (6, 8, 4)).transpose(1, 0, 2),
    ],
)
def test_non_contiguous_arrays_are_copied(make):
    arr = make()
    img = vfxpy.Image(arr)
    assert np.array_equal(img.numpy(), arr)
    assert not np.shares_memory(img.numpy(), arr)


def test_read_only_arrays_are_copied():
    arr = sample(np.uint8)
    arr.flags.writeable = False
    img = vfxpy.Image(arr)
    assert np.array_equal(img.numpy(), arr) and not np.shares_memory(img.numpy(), arr)
    img.fill(0.0)
    assert arr.any()


def test_copy_true_forces_a_copy():
    arr = sample(np.float32)
    img = vfxpy.Image(arr, copy=True)
    assert np.array_equal(img.numpy(), arr) and not np.shares_memory(img.numpy(), arr)


def test_float64_is_copied_to_float32_with_rounding():
    arr = np.random.default_rng(3).standard_normal((4, 5, 3))
    img = vfxpy.Image(arr)
    assert img.format == "f32"
    assert np.array_equal(img.numpy(), arr.astype(np.float32))


def test_image_of_an_image_shares_its_memory():
    base = vfxpy.Image.new(4, 4, format="u8")
    other = vfxpy.Image(base)
    other.fill(1.0)
    assert (base.numpy() == 255).all()


@pytest.mark.filterwarnings("ignore:overflow encountered in cast")
def test_new_defaults_and_fill():
    img = vfxpy.Image.new(5, 3)
    assert img.shape == (3, 5, 4) and img.format == "f32" and not img.numpy().any()
    assert img.channel_names == ["R", "G", "B", "A"]
    u8 = vfxpy.Image.new(width=2, height=2, channels=3, format="u8", fill=(1.0, 0.5, 0.0))
    assert u8.numpy()[0, 0].tolist() == [255, 128, 0]
    u16 = vfxpy.Image.new(2, 2, channels=1, format=np.uint16, fill=0.5)
    assert u16.numpy()[0, 0, 0] == 32768
    half = vfxpy.Image.new(2, 2, channels=5, format="half", fill=[0.1, 2, -3, 70000, 1])
    assert half.numpy()[1, 1].tolist() == np.array([0.1, 2, -3, 70000, 1], np.float16).tolist()
    assert half.channel_names == ["R", "G", "B", "A", "C4"]


@pytest.mark.parametrize("fmt", ["u8", "u16", "f16", "f32"])
def test_fill_in_place_returns_the_image(fmt):
    img = vfxpy.Image.new(300, 200, channels=4, format=fmt)
    assert img.fill([0.25, 0.5, 0.75, 1.0]) is img
    dtype = img.dtype
    expected = [0.25, 0.5, 0.75, 1.0]
    if fmt in MAXIMA:
        expected = [np.floor(v * MAXIMA[fmt] + 0.5) for v in expected]
    assert (img.numpy() == np.array(expected, dtype=dtype)).all()
    img.fill(0)
    assert not img.numpy().any()


def float_to_int_reference(values, fmt):
    x = np.asarray(values, np.float32)
    x = np.where(np.isnan(x), np.float32(0), x)
    x = np.clip(x, np.float32(0), np.float32(1))
    return np.floor(x * np.float32(MAXIMA[fmt]) + np.float32(0.5)).astype(np.uint8 if fmt == "u8" else np.uint16)


def edge_floats():
    rng = np.random.default_rng(7)
    special = [0, 1, -0.0, 0.5, 1 / 255, 0.5 / 255, 254.5 / 255, 0.5 / 65535, -1, 2, 1e-8, 65504, 70000,
               np.inf, -np.inf, np.nan, 6e-8, 3e-5, 0.333333]
    values = np.concatenate([np.array(special, np.float32), rng.uniform(-0.5, 1.5, 40000).astype(np.float32),
                             np.linspace(0, 1, 65536 * 2 + 1, dtype=np.float32)])
    return values.reshape(1, -1, 1)


def test_astype_float_to_integers_matches_the_formula():
    values = edge_floats()
    img = vfxpy.Image(values)
    for fmt in ("u8", "u16"):
        out = img.astype(fmt)
        assert out.format == fmt
        assert np.array_equal(out.numpy(), float_to_int_reference(values, fmt)), fmt


def test_astype_integers_to_float_are_exact_divisions():
    u8 = np.arange(256, dtype=np.uint8).reshape(16, 16, 1)
    u16 = np.arange(65536, dtype=np.uint16).reshape(256, 256, 1)
    got8 = vfxpy.Image(u8).astype("f32").numpy()
    got16 = vfxpy.Image(u16).astype("f32").numpy()
    assert np.array_equal(got8, u8.astype(np.float32) / np.float32(255))
    assert np.array_equal(got16, u16.astype(np.float32) / np.float32(65535))
    assert got8.max() == 1.0 and got16.max() == 1.0
    # and into half: the float value, rounded to nearest even
    assert np.array_equal(vfxpy.Image(u16).astype("f16").numpy(),
                          (u16.astype(np.float32) / np.float32(65535)).astype(np.float16))


def test_integer_round_trips_are_lossless():
    u8 = np.arange(256, dtype=np.uint8).reshape(16, 16, 1)
    for fmt in ("u16", "f16", "f32"):
        assert np.array_equal(vfxpy.Image(u8).astype(fmt).astype("u8").numpy(), u8), fmt
    u16 = np.arange(65536, dtype=np.uint16).reshape(256, 256, 1)
    assert np.array_equal(vfxpy.Image(u16).astype("f32").astype("u16").numpy(), u16)


def test_u8_u16_scale_by_257():
    u8 = np.arange(256, dtype=np.uint8).reshape(1, 256, 1)
    assert np.array_equal(vfxpy.Image(u8).astype("u16").numpy(), u8.astype(np.uint16) * 257)
    u16 = np.arange(65536, dtype=np.uint16).reshape(256, 256, 1)
    expected = np.floor(u16.astype(np.float64) / 257 + 0.5).astype(np.uint8)
    assert np.array_equal(vfxpy.Image(u16).astype(np.uint8).numpy(), expected)


@pytest.mark.filterwarnings("ignore:overflow encountered in cast")
def test_half_rounding_matches_ieee():
    values = edge_floats()
    got = vfxpy.Image(values).astype("f16").numpy()
    want = values.astype(np.float16)
    assert np.array_equal(got.view(np.uint16)[~np.isnan(want)], want.view(np.uint16)[~np.isnan(want)])
    assert np.isnan(got[np.isnan(want)]).all()
    # every half value survives f16 -> f32 -> f16 bit for bit
    every = np.arange(65536, dtype=np.uint16).view(np.float16).reshape(256, 256, 1)
    back = vfxpy.Image(every.copy()).astype("f32")
    assert np.array_equal(back.numpy(), every.astype(np.float32), equal_nan=True)
    again = back.astype("f16").numpy().view(np.uint16)
    finite = ~np.isnan(every)
    assert np.array_equal(again[finite], every.view(np.uint16)[finite])


def test_to_f32_copy_and_metadata():
    img = vfxpy.Image.new(4, 3, format="u8", fill=1.0)
    img.metadata["camera"] = "A001"
    img.channel_names = ["r", "g", "b", "alpha"]
    f = img.to_f32()
    assert f.format == "f32" and (f.numpy() == 1.0).all()
    assert f.metadata == {"camera": "A001"} and f.metadata is not img.metadata
    assert f.channel_names == ["r", "g", "b", "alpha"]
    c = img.copy()
    assert c.metadata == img.metadata and not np.shares_memory(c.numpy(), img.numpy())
    c.metadata["camera"] = "B"
    assert img.metadata["camera"] == "A001"
    img.metadata = {"new": 1}
    assert img.metadata == {"new": 1}


def test_repr_says_size_format_channels_and_place():
    text = repr(vfxpy.Image.new(1920, 1080, format="f16"))
    assert text.startswith("<vfxpy.Image 1920x1080 R,G,B,A f16")
    assert "CPU" in text and "15.8 MiB" in text
    assert "borrowed" in repr(vfxpy.Image(np.zeros((2, 2, 3), np.float32)))


def test_metadata_cycles_are_collected():
    img = vfxpy.Image.new(8, 8)
    ref = weakref.ref(img)
    img.metadata["self"] = img
    del img
    gc.collect()
    assert ref() is None


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_create_view_delete_cycles_leave_rss_flat():
    def cycle(i):
        arr = np.empty((128, 128, 4), np.float32)
        img = vfxpy.Image(arr)
        view = img.numpy()
        view[0, 0, 0] = i
        made = vfxpy.Image.new(128, 128, format="u16", fill=0.5)
        mem = memoryview(made)
        half = img.astype("f16")
        del arr, img, view, made, mem, half

    for i in range(1000):
        cycle(i)
    gc.collect()
    before = rss_bytes()
    for i in range(10000):
        cycle(i)
    gc.collect()
    grown = rss_bytes() - before
    # Each cycle allocates ~0.5 MB of pixels; a leak of even one buffer per cycle
    # would grow RSS by gigabytes, a leaked dict or object per cycle by ~1-2 MB.
    assert grown < 3 * 1024 * 1024, f"RSS grew by {grown / 1e6:.1f} MB over 10000 cycles"
