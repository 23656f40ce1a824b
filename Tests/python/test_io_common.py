"""Format-independent I/O behavior: detection, paths, errors, atomic writes, sequences."""

import errno
import os
from pathlib import Path

import pytest

import vfxpy
from vfxpy import io


def test_missing_file_is_an_io_error_with_errno(tmp_path):
    with pytest.raises(vfxpy.IOError) as info:
        vfxpy.read(tmp_path / "nope.exr")
    assert isinstance(info.value, OSError) and isinstance(info.value, vfxpy.VfxError)
    assert info.value.errno == errno.ENOENT
    assert info.value.filename == str(tmp_path / "nope.exr")


def test_folders_empty_files_and_garbage_are_refused(tmp_path):
    with pytest.raises(vfxpy.IOError, match="folder"):
        vfxpy.read(tmp_path)
    empty = tmp_path / "empty.exr"
    empty.write_bytes(b"")
    with pytest.raises(vfxpy.FormatError, match="empty"):
        vfxpy.read(empty)
    garbage = tmp_path / "garbage.exr"
    garbage.write_bytes(b"this is not an image at all" * 10)
    with pytest.raises(vfxpy.FormatError, match="garbage.exr.*signature.*EXR"):
        vfxpy.read(garbage)
    with pytest.raises(vfxpy.FormatError):
        io.info(garbage)


def test_paths_must_be_str_or_pathlike(tmp_path):
    with pytest.raises(TypeError, match="path"):
        vfxpy.read(42)
    with pytest.raises(ValueError, match="path"):
        vfxpy.read("")


def test_write_needs_an_image_and_a_known_extension(tmp_path):
    img = vfxpy.Image.new(4, 4)
    with pytest.raises(ValueError, match="extension"):
        vfxpy.write(tmp_path / "plate.xyz", img)
    with pytest.raises(TypeError, match="img"):
        vfxpy.write(tmp_path / "plate.exr", "not an image")
    with pytest.raises(ValueError, match="img"):
        vfxpy.write(tmp_path / "plate.exr", [])
    with pytest.raises(vfxpy.IOError):
        vfxpy.write(tmp_path / "no" / "such" / "folder" / "plate.png", img)


@pytest.mark.parametrize(
    "pattern, frame, path",
    [
        ("scan.####.dpx", 1001, "scan.1001.dpx"),
        ("scan.####.dpx", 7, "scan.0007.dpx"),
        ("scan.%04d.dpx", 42, "scan.0042.dpx"),
        ("scan.%d.dpx", 42, "scan.42.dpx"),
        ("scan.1001-1100#.dpx", 1001, "scan.1001.dpx"),
        ("scan.#.dpx", 3, "scan.0003.dpx"),
        ("scan.@@@.dpx", 3, "scan.003.dpx"),
        ("sh010/v2/comp_v2.####.exr", -5, "sh010/v2/comp_v2.-0005.exr"),
    ],
)
def test_sequence_formats_paths(pattern, frame, path):
    assert io.sequence(pattern).path(frame) == path


def test_sequence_finds_frames_on_disk(tmp_path):
    for frame in (1001, 1002, 1004, 1010):
        (tmp_path / f"scan.{frame:04d}.dpx").write_bytes(b"x")
    (tmp_path / "scan.01003.dpx").write_bytes(b"other padding")
    (tmp_path / "scan.1005.exr").write_bytes(b"other extension")
    (tmp_path / "plate.1006.dpx").write_bytes(b"other name")
    seq = io.sequence(tmp_path / "scan.####.dpx")
    assert list(seq) == [(f, str(tmp_path / f"scan.{f:04d}.dpx")) for f in (1001, 1002, 1004, 1010)]
    assert seq.frames() == [1001, 1002, 1004, 1010] and len(seq) == 4
    assert seq.missing() == [1003, 1005, 1006, 1007, 1008, 1009]
    ranged = io.sequence(str(tmp_path / "scan.1001-1004#.dpx"))
    assert ranged.frames() == [1001, 1002, 1004] and ranged.missing() == [1003]
    stepped = io.sequence(str(tmp_path / "scan.1001-1010x3%04d.dpx"))
    assert stepped.frame_range == [1001, 1004, 1007, 1010] and stepped.frames() == [1001, 1004, 1010]
    assert io.sequence(tmp_path / "nowhere" / "a.####.exr").frames() == []


@pytest.mark.parametrize("pattern", ["scan.dpx", "scan.1010-1001#.dpx"])
def test_bad_sequence_patterns(pattern):
    with pytest.raises(ValueError, match="pattern"):
        io.sequence(pattern)


WRITE_CASES = {
    "exr": ("plate.exr", {}),
    "dpx": ("plate.dpx", {"bit_depth": 10}),
    "png": ("plate.png", {}),
    "jpeg": ("plate.jpg", {}),
    "tiff": ("plate.tif", {}),
}


@pytest.mark.parametrize("file_format", sorted(WRITE_CASES))
def test_a_write_that_fails_midway_leaves_the_old_file_untouched(file_format, run, tmp_path):
    """The file-size limit (RLIMIT_FSIZE) makes the encoder's writes fail partway
    through; the plate already at the target must stay byte-identical and no temporary
    file may be left behind."""
    if file_format not in io.supported_formats():
        pytest.skip(f"{file_format} is not in this build yet")
    name, options = WRITE_CASES[file_format]
    target = tmp_path / name
    import numpy as np

    small = vfxpy.Image(np.full((8, 8, 3), 0.5, np.float32))
    vfxpy.write(target, small, **options)
    before = target.read_bytes()
    code = f"""
import resource, signal, numpy as np, vfxpy
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
noise = np.random.default_rng(1).random((1024, 1024, 3), dtype=np.float32)
img = vfxpy.Image(noise)
resource.setrlimit(resource.RLIMIT_FSIZE, (32768, 32768))
try:
    vfxpy.write({str(target)!r}, img, **{options!r})
    print("written")
except vfxpy.VfxError as error:
    print("refused:", type(error).__name__, error)
"""
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused: IOError"), result.stdout + result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("file_format", sorted(WRITE_CASES))
def test_truncated_and_damaged_files_raise_and_never_crash(file_format, run, tmp_path):
    """A valid file of each format, cut at many points and with bytes flipped after the
    header, read in a subprocess: every read must raise a vfxpy error (or succeed, for
    damage a lossless decoder cannot notice), and the process must never die by a signal."""
    if file_format not in io.supported_formats():
        pytest.skip(f"{file_format} is not in this build yet")
    import numpy as np

    name, options = WRITE_CASES[file_format]
    source = tmp_path / name
    pixels = np.random.default_rng(2).random((64, 80, 3), dtype=np.float32)
    vfxpy.write(source, vfxpy.Image(pixels), **options)
    data = source.read_bytes()
    damaged = []
    for fraction in (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99):
        cut = tmp_path / f"cut{int(fraction * 100)}_{name}"
        cut.write_bytes(data[: max(8, int(len(data) * fraction))])
        damaged.append(cut)
    rng = np.random.default_rng(3)
    for index in range(4):
        corrupt = bytearray(data)
        for position in rng.integers(16, len(data), size=32):
            corrupt[position] ^= 0xFF
        path = tmp_path / f"flip{index}_{name}"
        path.write_bytes(bytes(corrupt))
        damaged.append(path)
    code = f"""
import vfxpy
outcomes = []
for path in {[str(p) for p in damaged]!r}:
    try:
        vfxpy.io.info(path)
        vfxpy.read(path)
        outcomes.append("read")
    except vfxpy.VfxError as error:
        assert str(path) in str(error) or getattr(error, "filename", None) == path, error
        outcomes.append(type(error).__name__)
print(outcomes)
"""
    result = run("-c", code, timeout=300)
    assert result.returncode == 0, result.stderr
    outcomes = eval(result.stdout.strip())
    cuts = outcomes[:7]
    assert all(outcome == "FormatError" for outcome in cuts), outcomes
    assert result.stderr == "", f"a library wrote to stderr: {result.stderr[:500]}"


def test_bit_depth_follows_the_file_but_not_beyond_the_image(tmp_path):
    """metadata['bit_depth'] from a read keeps a 10-bit DPX 10-bit on rewrite, but a u8
    image made from a half EXR writes an 8-bit PNG."""
    import numpy as np

    if not {"exr", "png", "dpx"} <= set(io.supported_formats()):
        pytest.skip("needs EXR, PNG and DPX")
    plate = vfxpy.Image(np.full((4, 6, 3), 0.25, np.float32))
    vfxpy.write(tmp_path / "a.exr", plate, pixel_type="half")
    half = vfxpy.read(tmp_path / "a.exr")
    assert half.metadata["bit_depth"] == 16
    vfxpy.write(tmp_path / "preview.png", half.astype("u8"))
    assert vfxpy.read(tmp_path / "preview.png").format == "u8"
    vfxpy.write(tmp_path / "scan.dpx", plate, bit_depth=10)
    scan = vfxpy.read(tmp_path / "scan.dpx")
    vfxpy.write(tmp_path / "again.dpx", scan)
    assert vfxpy.io.info(tmp_path / "again.dpx").metadata["bit_depth"] == 10


# --- Write options: declared once per format (FormatDeclaration.writeOptions) ---------------

SUFFIX = {"exr": "exr", "dpx": "dpx", "png": "png", "jpeg": "jpg", "tiff": "tif"}


@pytest.mark.parametrize("name", sorted(SUFFIX))
def test_format_modules_write_with_the_declared_options(name):
    """Each format module's write() takes exactly the options its codec declares, in the
    declared order, and its docstring says what each one does."""
    import inspect

    import _vfxpy

    module = getattr(io, name)
    declared = _vfxpy.write_options(name)
    keywords = [p.name for p in inspect.signature(module.write).parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert keywords == list(declared)
    for option, words in declared.items():
        assert f"``{option}``" in module.write.__doc__
        assert words["takes"] and words["default"]


@pytest.mark.parametrize("name", sorted(SUFFIX))
def test_unknown_write_options_name_the_declared_ones(tmp_path, name):
    import _vfxpy

    path = tmp_path / f"x.{SUFFIX[name]}"
    takes = ", ".join(_vfxpy.write_options(name))
    with pytest.raises(ValueError, match=f"^bogus is not an option of {name}.write\\(\\) \\(it takes: {takes}\\)$"):
        vfxpy.write(path, vfxpy.Image.new(4, 4, channels=3), bogus=1)
    with pytest.raises(ValueError, match=f"^bogus is not an option of {name}.create\\(\\) \\(it takes: {takes}\\)$"):
        vfxpy.create(path, 4, 4, 3, "u8", bogus=1)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name, option, value, message", [
    ("jpeg", "quality", 0, "quality must be an int from 1 to 100, got 0"),
    ("jpeg", "subsampling", "411", "subsampling must be one of '444', '422', '420', got '411'"),
    ("png", "compression", 10, "compression must be an int from 0 to 9, got 10"),
    ("png", "bit_depth", 12, "bit_depth must be one of 8, 16, got 12"),
    ("exr", "pixel_type", "double", "pixel_type must be one of 'half', 'float', got 'double'"),
    ("exr", "dwa_compression_level", -1, "dwa_compression_level must be a number above 0, at most 1000000, got -1"),
    ("exr", "tile_size", (0, 16), "tile_size must be (width, height), each from 1 to 65536, got [0, 16]"),
    ("tiff", "tile_size", (20, 16),
     "tile_size must be (width, height), each from 16 to 4096 and a multiple of 16, got [20, 16]"),
    ("tiff", "compression", "jpeg", "compression must be one of 'none', 'lzw', 'zip', got 'jpeg'"),
    ("dpx", "bit_depth", 11, "bit_depth must be one of 8, 10, 12, 16, got 11"),
    ("dpx", "frame_rate", 0, "frame_rate must be a number above 0, got 0"),
    ("dpx", "byte_order", "middle", "byte_order must be one of 'big', 'little', got 'middle'"),
    ("dpx", "timecode", "25:00:00:00",
     "timecode must be 'hh:mm:ss:ff' ('hh:mm:ss;ff' for drop frame), got '25:00:00:00'"),
])
def test_invalid_write_options_say_what_the_option_takes(tmp_path, name, option, value, message):
    """One message style for every format, from the declaration: the same for a whole
    write, a format module's write and a band writer."""
    import re

    path = tmp_path / f"x.{SUFFIX[name]}"
    img = vfxpy.Image.new(4, 4, channels=3)
    for write in (lambda: vfxpy.write(path, img, **{option: value}),
                  lambda: getattr(io, name).write(path, img, **{option: value}),
                  lambda: vfxpy.create(path, 4, 4, 3, "u8", **{option: value})):
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            write()
    assert list(tmp_path.iterdir()) == []


def test_dpx_characteristics_list_the_declared_names(tmp_path):
    from vfxpy.io import dpx

    with pytest.raises(ValueError, match="^transfer must be one of 'user_defined', 'printing_density', .*got 'sRGB-ish'$"):
        dpx.write(tmp_path / "x.dpx", vfxpy.Image.new(4, 4, channels=3), transfer="sRGB-ish")
    dpx.write(tmp_path / "x.dpx", vfxpy.Image.new(4, 4, channels=3), transfer="Printing density")  # OIIO's spelling
    assert dpx.info(tmp_path / "x.dpx").metadata["dpx:Transfer"] == "Printing density"


READS_INTO_REUSED_MEMORY = {
    # name: (file name, write options, how the pixels are read, the format read)
    "exr zip (OpenEXRCore)": ("a.exr", {"compression": "zip"}, "read", "f16"),
    "exr piz tiled (OpenEXRCore)": ("b.exr", {"compression": "piz", "tile_size": (64, 32)}, "read", "f16"),
    "exr dwaa (C++ API)": ("c.exr", {"compression": "dwaa"}, "read", "f16"),
    "exr zip bands": ("d.exr", {"compression": "zip"}, "bands", "f16"),
    "dpx 16-bit": ("e.dpx", {}, "read", "u16"),
    "tiff zip": ("f.tif", {"compression": "zip"}, "read", "u16"),
}


@pytest.mark.parametrize("case", sorted(READS_INTO_REUSED_MEMORY))
def test_reads_set_every_value_of_reused_memory(tmp_path, case):
    """Readers fill images whose memory is not zeroed first: a large one reuses a buffer
    freed lately (the pages are already there). Each reader must write every value: an
    image of the same size filled with a sentinel is freed just before each read, and
    the read must equal a read into fresh memory (in a fresh process, so nothing is reused)."""
    import subprocess
    import sys

    import numpy as np

    name, options, how, fmt = READS_INTO_REUSED_MEMORY[case]
    h, w = 520, 384  # 1.5 MiB as 4-channel half or u16: large enough to be recycled
    rng = np.random.default_rng(3)
    if fmt == "f16":
        source = rng.uniform(0, 1, (h, w, 4)).astype(np.float16)
    else:
        source = (rng.integers(0, 1024, (h, w, 4)) * 64).astype(np.uint16)
    path = tmp_path / name
    vfxpy.write(path, vfxpy.Image(source), **options)
    fresh = tmp_path / "fresh.npy"
    script = ("import sys, numpy, vfxpy; numpy.save(sys.argv[2], vfxpy.read(sys.argv[1]).numpy())")
    subprocess.run([sys.executable, "-c", script, str(path), str(fresh)], check=True)
    expected = np.load(fresh)
    sentinel = -1000.0 if fmt == "f16" else 0.123
    band = 512  # a band of this many rows is large enough to be recycled too
    for _ in range(3):
        junk = vfxpy.Image.new(w, h if how == "read" else band, channels=4, format=fmt, fill=sentinel)
        address = junk.numpy().__array_interface__["data"][0]
        del junk
        if how == "read":
            image = vfxpy.read(path)
            got = image.numpy()
        else:
            with vfxpy.open(path) as reader:
                image = reader.read_region((0, band))
                got = np.concatenate([image.numpy(), reader.read_region((band, h)).numpy()])
        assert image.numpy().__array_interface__["data"][0] == address  # the sentinel's memory, reused
        np.testing.assert_array_equal(got, expected)
