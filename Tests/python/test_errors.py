"""Bad input raises clear Python exceptions naming the argument, and never crashes."""

import subprocess
import textwrap

import numpy as np
import pytest

import vfxpy


def test_exception_hierarchy():
    assert issubclass(vfxpy.VfxError, Exception)
    for cls in (vfxpy.FormatError, vfxpy.IOError, vfxpy.UnsupportedError):
        assert issubclass(cls, vfxpy.VfxError)
    assert issubclass(vfxpy.IOError, OSError)
    assert vfxpy.FormatError.__module__ == "vfxpy" and vfxpy.FormatError.__doc__


@pytest.mark.parametrize(
    "call, exc, words",
    [
        (lambda: vfxpy.Image([[1.0, 2.0]]), TypeError, "arr"),
        (lambda: vfxpy.Image("plate.exr"), TypeError, "arr"),
        (lambda: vfxpy.Image(None), TypeError, "arr"),
        (lambda: vfxpy.Image(np.zeros((2, 2), np.int32)), TypeError, "dtype"),
        (lambda: vfxpy.Image(np.zeros((2, 2), np.bool_)), TypeError, "dtype"),
        (lambda: vfxpy.Image(np.zeros((2, 2), np.complex64)), TypeError, "dtype"),
        (lambda: vfxpy.Image(np.zeros((2, 2), ">f4")), TypeError, "big-endian"),
        (lambda: vfxpy.Image(np.zeros(5, np.float32)), ValueError, "shape"),
        (lambda: vfxpy.Image(np.zeros((1, 2, 3, 4), np.float32)), ValueError, "shape"),
        (lambda: vfxpy.Image(np.zeros((0, 4, 3), np.float32)), ValueError, "empty"),
        (lambda: vfxpy.Image(np.zeros((3, 4, 2000), np.float32)), ValueError, "channels"),
        (lambda: vfxpy.Image(np.zeros((2, 2), np.float32), bogus=1), TypeError, "bogus"),
        (lambda: vfxpy.Image(), TypeError, "arr"),
        (lambda: vfxpy.Image.new(0, 10), ValueError, "width"),
        (lambda: vfxpy.Image.new(10, -1), ValueError, "height"),
        (lambda: vfxpy.Image.new(10, 10, channels=0), ValueError, "channels"),
        (lambda: vfxpy.Image.new(10, 10, channels=5000), ValueError, "channels"),
        (lambda: vfxpy.Image.new("10", 10), TypeError, "width"),
        (lambda: vfxpy.Image.new(10.5, 10), TypeError, "width"),
        (lambda: vfxpy.Image.new(10, 10, format="u32"), ValueError, "format"),
        (lambda: vfxpy.Image.new(10, 10, format=np.int64), ValueError, "format"),
        (lambda: vfxpy.Image.new(10, 10, format=3.5), TypeError, "format"),
        (lambda: vfxpy.Image.new(10, 10, fill="white"), TypeError, "fill"),
        (lambda: vfxpy.Image.new(10, 10, fill=[1, 2]), ValueError, "fill needs 1 or 4 values"),
        (lambda: vfxpy.Image.new(4, 4).fill([1, 2]), ValueError, "value needs 1 or 4 values"),
        (lambda: vfxpy.Image.new(10, 10, fill=[]), ValueError, "fill"),
        (lambda: vfxpy.Image.new(10**30, 10), ValueError, "width"),
        (lambda: vfxpy.Image.new(10**6, 10**6), MemoryError, "1000000x1000000"),
        (lambda: vfxpy.Image.new(2**31 - 1, 2**31 - 1, channels=1024), MemoryError, "needs"),
        (lambda: vfxpy.Image.new(4, 4).astype("int"), ValueError, "format"),
        (lambda: vfxpy.Image.new(4, 4).astype(None), TypeError, "format"),
        (lambda: vfxpy.Image.new(4, 4).fill(["a", "b", "c", "d"]), TypeError, "value[0]"),
        (lambda: vfxpy.Image.new(4, 4).numpy(copy=False, extra=1), TypeError, "extra"),
        (lambda: setattr(vfxpy.Image.new(4, 4), "channel_names", ["R"]), ValueError, "channel_names"),
        (lambda: setattr(vfxpy.Image.new(4, 4), "channel_names", "RGBA"), TypeError, "channel_names"),
        (lambda: setattr(vfxpy.Image.new(4, 4, channels=2), "channel_names", ["R", 2]), TypeError, "channel_names[1]"),
        (lambda: setattr(vfxpy.Image.new(4, 4), "metadata", [1]), TypeError, "metadata"),
        (lambda: setattr(vfxpy.Image.new(4, 4), "width", 3), AttributeError, "width"),
        (lambda: vfxpy.set_max_image_bytes(0), ValueError, "limit"),
        (lambda: vfxpy.set_threads(-1), ValueError, "count"),
        (lambda: vfxpy.set_threads("2"), TypeError, "count"),
    ],
)
def test_bad_arguments_raise_named_errors(call, exc, words):
    with pytest.raises(exc) as info:
        call()
    assert words in str(info.value)


def test_image_limit_is_adjustable():
    original = vfxpy.max_image_bytes()
    try:
        vfxpy.set_max_image_bytes(1000)
        vfxpy.Image.new(10, 10, channels=1, format="u8")
        with pytest.raises(MemoryError, match="limit of 1000 bytes"):
            vfxpy.Image.new(20, 20, channels=4, format="u8")
        with pytest.raises(MemoryError):
            vfxpy.Image(np.zeros((20, 20, 4), np.float32))
    finally:
        vfxpy.set_max_image_bytes(original)
    assert vfxpy.max_image_bytes() == original


def test_nothing_a_script_does_crashes_the_process(run):
    """Every bad call in one subprocess: it must end normally, never by a signal."""
    code = textwrap.dedent(
        """
        import gc, numpy as np, vfxpy
        calls = [
            lambda: vfxpy.Image(object()), lambda: vfxpy.Image(b"bytes"), lambda: vfxpy.Image(bytearray(16)),
            lambda: vfxpy.Image(memoryview(b"abcd")), lambda: vfxpy.Image(np.zeros((2, 2, 2), "V4")),
            lambda: vfxpy.Image(np.zeros((2, 2), "U3")), lambda: vfxpy.Image(np.zeros((2, 2), object)),
            lambda: vfxpy.Image.new(-5, -5), lambda: vfxpy.Image.new(2**62, 2**62),
            lambda: vfxpy.Image.new(1, 1, channels=-1), lambda: vfxpy.Image.new(1, 1, fill=float("nan")),
            lambda: vfxpy.Image.new(1, 1, fill=[1e300] * 4).astype("u8"),
            lambda: vfxpy.Image.__new__(vfxpy.Image), lambda: vfxpy.Image.copy(None),
            lambda: vfxpy.Image.copy(np.zeros(3)), lambda: vfxpy.Image.numpy("x"),
            lambda: vfxpy.Image.width.__get__(5), lambda: vfxpy.Image.fill(3, 1.0),
            lambda: vfxpy.Image.astype(vfxpy.Image.new(1, 1), vfxpy.Image.new(1, 1)),
        ]
        errors = 0
        for call in calls:
            try:
                call()
            except Exception:
                errors += 1
        img = vfxpy.Image(np.zeros((3, 3, 3), np.float32))
        view = img.numpy()
        del img
        gc.collect()
        view[...] = 1
        print("survived", errors)
        """
    )
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("survived")
