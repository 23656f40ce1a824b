"""vfxpy.open / vfxpy.create (images by bands), vfxpy.stream (bounded memory) and the
async API (read_async, write_async, run_async, vfxpy.Future)."""

import asyncio
import concurrent.futures
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import types

import numpy as np
import pytest

import vfxpy
from conftest import vfxrun_binary


def _image(height, width, channels=4, seed=0, dtype=np.float16):
    rng = np.random.default_rng(seed)
    return vfxpy.Image((rng.random((height, width, channels), dtype=np.float32) * 4 - 1).astype(dtype))


def _grade(img):
    vfxpy.Processor("cpu").chain(img).exposure(0.5).saturation(1.3).contrast(1.1).run()


def _leftovers(folder):
    return [name for name in os.listdir(folder) if ".tmp-" in name]


EXR_CASES = [
    ("zip", None), ("zips", None), ("piz", None), ("none", None), ("rle", None), ("pxr24", None),
    ("b44", None), ("dwaa", None), ("dwab", None), ("zip", (64, 32)), ("piz", (40, 24)), ("dwab", (64, 64)),
]


@pytest.mark.parametrize("compression,tiles", EXR_CASES)
def test_exr_regions_read_the_same_pixels_as_read(tmp_path, compression, tiles):
    path = tmp_path / "src.exr"
    options = {"compression": compression, **({"tile_size": tiles} if tiles else {})}
    vfxpy.write(path, _image(301, 173), **options)
    whole = vfxpy.read(path)
    with vfxpy.open(path) as reader:
        assert isinstance(reader, vfxpy.io.ImageReader)
        assert reader.info == vfxpy.io.info(path)
        assert (reader.width, reader.height, reader.channels, reader.format) == (173, 301, 4, "f16")
        assert reader.reads_by_band
        chunk = tiles[1] if tiles else {"none": 1, "rle": 1, "zips": 1, "zip": 16, "pxr24": 16,
                                         "dwab": 256}.get(compression, 32)
        assert reader.chunk_rows == chunk
        regions = list(reader.regions(rows=50))
        assert regions[0] == vfxpy.io.Region(0, min(301, -(-50 // chunk) * chunk))
        assert all(r.y_begin % chunk == 0 for r in regions) and regions[-1].y_end == 301
        bands = [reader.read_region(r).numpy() for r in regions]
        np.testing.assert_array_equal(np.concatenate(bands), whole.numpy())
        # any band, in any order, unaligned, in another storage
        np.testing.assert_array_equal(reader.read_region((7, 123)).numpy(), whole.numpy()[7:123])
        np.testing.assert_array_equal(reader.read_region(vfxpy.io.Region(300, 301), format="f32").numpy(),
                                      whole.numpy()[300:].astype(np.float32))
        with pytest.raises(ValueError):
            reader.read_region((10, 10))
        with pytest.raises(ValueError):
            reader.read_region((290, 302))
    with pytest.raises(ValueError, match="closed"):
        reader.read_region((0, 1))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float16, np.float32])
@pytest.mark.parametrize("options", [{}, {"tile_size": (32, 48)}, {"compression": "lzw"}, {"compression": "none"}])
def test_tiff_regions_read_the_same_pixels_as_read(tmp_path, dtype, options):
    path = tmp_path / "src.tif"
    scale = {np.uint8: 255, np.uint16: 65535}.get(dtype, 1)
    array = (np.random.default_rng(5).random((301, 175, 3)) * scale).astype(dtype)
    vfxpy.write(path, vfxpy.Image(array), **options)
    whole = vfxpy.read(path).numpy()
    with vfxpy.open(path) as reader:
        assert reader.reads_by_band and reader.info == vfxpy.io.info(path)
        if "tile_size" in options:
            assert reader.chunk_rows == 48
        regions = list(reader.regions(rows=40))
        assert all(r.y_begin % reader.chunk_rows == 0 for r in regions)
        np.testing.assert_array_equal(np.concatenate([reader.read_region(r).numpy() for r in regions]), whole)
        np.testing.assert_array_equal(reader.read_region((5, 77)).numpy(), whole[5:77])


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float16, np.float32])
@pytest.mark.parametrize("options", [{}, {"tile_size": (32, 48)}, {"compression": "lzw"}, {"compression": "none"},
                                     {"bit_depth": 8, "tile_size": (64, 16)}])
def test_tiff_create_writes_what_write_writes(tmp_path, dtype, options):
    scale = {np.uint8: 255, np.uint16: 65535}.get(dtype, 1)
    array = (np.random.default_rng(7).random((301, 175, 4)) * scale).astype(dtype)
    img = vfxpy.Image(array)
    vfxpy.write(tmp_path / "whole.tif", img, **options)
    with vfxpy.create(tmp_path / "bands.tif", like=img, **options) as writer:
        assert writer.writes_by_band
        for y in range(0, 301, 37):
            writer.write_region(vfxpy.Image(array[y:y + 37]), y)
    whole, bands = vfxpy.read(tmp_path / "whole.tif"), vfxpy.read(tmp_path / "bands.tif")
    np.testing.assert_array_equal(bands.numpy(), whole.numpy())
    assert bands.metadata == whole.metadata
    if options.get("compression") in ("lzw", "none"):  # the same libtiff encoder: the same bytes
        assert (tmp_path / "bands.tif").read_bytes() == (tmp_path / "whole.tif").read_bytes()


def test_regions_by_max_bytes_are_whole_chunks(tmp_path):
    path = tmp_path / "src.exr"
    vfxpy.write(path, _image(200, 100), compression="piz")
    with vfxpy.open(path) as reader:
        row = 100 * 4 * 2
        assert [tuple(r) for r in reader.regions(max_bytes=70 * row)] == [(0, 64), (64, 128), (128, 192), (192, 200)]
        assert [tuple(r) for r in reader.regions(max_bytes="1KB")] == [(0, 32), (32, 64), (64, 96), (96, 128),
                                                                       (128, 160), (160, 192), (192, 200)]
        assert list(reader.regions()) == [vfxpy.io.Region(0, 200)]
        assert vfxpy.io.Region(32, 64).height == 32
        with pytest.raises(ValueError):
            list(reader.regions(max_bytes="lots"))
        with pytest.raises(ValueError):
            list(reader.regions(rows=0))


@pytest.mark.parametrize("options", [{"compression": "zip"}, {"compression": "piz", "tile_size": (48, 32)},
                                     {"compression": "dwaa"}, {"compression": "none", "pixel_type": "float"}])
def test_create_writes_what_write_writes(tmp_path, options):
    img = _image(203, 150, seed=3)
    img.metadata = {"dataWindow": (10, -5, 159, 197), "displayWindow": (0, 0, 199, 199), "owner": "stream test"}
    reference = tmp_path / "whole.exr"
    vfxpy.write(reference, img, **options)
    out = tmp_path / "bands.exr"
    with vfxpy.create(out, like=img, **options) as writer:
        assert isinstance(writer, vfxpy.io.ImageWriter) and writer.writes_by_band
        for y in range(0, 203, 37):
            writer.write_region(vfxpy.Image(img.numpy()[y:y + 37]), y)
        assert not out.exists()  # nothing at the path until the end
    expected, got = vfxpy.read(reference), vfxpy.read(out)
    np.testing.assert_array_equal(got.numpy(), expected.numpy())
    assert got.metadata == expected.metadata
    assert got.metadata["dataWindow"] == (10, -5, 159, 197) and got.metadata["owner"] == "stream test"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("compression", ["zip", "dwaa"])
def test_tiled_exr_bands_of_an_offset_window(tmp_path, compression):
    """Bands of whole rows of tiles are decoded by the parallel Core reader, a tile's rows
    placed from where the band starts, in a data window that does not start at 0; other
    bands are cut from the rows of tiles around them."""
    img = _image(150, 90, seed=3)
    img.metadata = {"dataWindow": (-20, 7, 69, 156)}
    path = tmp_path / "offset.exr"
    vfxpy.write(path, img, compression=compression, tile_size=(32, 24))
    whole = vfxpy.read(path).numpy()
    with vfxpy.open(path) as reader:
        assert reader.chunk_rows == 24
        for rows in ((0, 24), (24, 72), (48, 150), (144, 150), (0, 150), (5, 30), (23, 149), (149, 150)):
            np.testing.assert_array_equal(reader.read_region(rows).numpy(), whole[rows[0]:rows[1]])


@pytest.mark.parametrize("compression", ["none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"])
@pytest.mark.parametrize("height,band", [(203, 37), (203, 16), (17, 5), (16, 300), (1, 1)])
def test_create_exr_files_are_byte_identical_to_write(tmp_path, compression, height, band):
    """Scanline bands of every compression go through the same parallel chunk writer as
    vfxpy.write (rows of a chunk split between bands are gathered; a DWAB chunk is 256 rows),
    so the files match byte for byte."""
    img = _image(height, 150, seed=height)
    img.metadata = {"owner": "stream test"}
    vfxpy.write(tmp_path / "whole.exr", img, compression=compression)
    with vfxpy.create(tmp_path / "bands.exr", like=img, compression=compression) as writer:
        for y in range(0, height, band):
            writer.write_region(vfxpy.Image(img.numpy()[y:y + band]), y)
    assert (tmp_path / "bands.exr").read_bytes() == (tmp_path / "whole.exr").read_bytes()


@pytest.mark.parametrize("compression", ["zip", "piz", "dwaa", "rle"])
@pytest.mark.parametrize("height,band,tile", [(203, 37, (32, 16)), (203, 16, (48, 16)), (17, 5, (64, 64)),
                                              (70, 70, (16, 24)), (1, 1, (8, 8))])
def test_create_tiled_exr_files_are_byte_identical_to_write(tmp_path, compression, height, band, tile):
    """Tiled parts stream through the same parallel chunk writer, a row of tiles at a time
    (gathered from bands of any height; tiles taller than the image, a last row of tiles cut
    short), so the files match vfxpy.write's byte for byte."""
    img = _image(height, 150, seed=height)
    img.metadata = {"owner": "stream test"}
    vfxpy.write(tmp_path / "whole.exr", img, compression=compression, tile_size=tile)
    with vfxpy.create(tmp_path / "bands.exr", like=img, compression=compression, tile_size=tile) as writer:
        for y in range(0, height, band):
            writer.write_region(vfxpy.Image(img.numpy()[y:y + band]), y)
    assert (tmp_path / "bands.exr").read_bytes() == (tmp_path / "whole.exr").read_bytes()
    assert vfxpy.read(tmp_path / "bands.exr").metadata["tiles"] == tile


def test_create_from_scratch_and_its_errors(tmp_path):
    out = tmp_path / "new.exr"
    writer = vfxpy.create(out, 64, 40, channels=3, format="f32")
    band = vfxpy.Image.new(64, 20, channels=3, format="f32", fill=0.25)
    with pytest.raises(ValueError, match="row 0 is next"):
        writer.write_region(band, 20)
    with pytest.raises(ValueError, match="wide"):
        writer.write_region(vfxpy.Image.new(63, 20, channels=3, format="f32"), 0)
    writer.write_region(band)
    assert writer.rows_written == 20
    with pytest.raises(ValueError, match="20 of 40 rows"):
        writer.close()
    assert not out.exists() and _leftovers(tmp_path) == []
    with vfxpy.create(out, 64, 40, channels=3, format="f32") as writer:
        writer.write_region(band)
        writer.write_region(band)
    got = vfxpy.read(out)
    assert got.format == "f32" and got.channel_names == ["R", "G", "B"]
    np.testing.assert_array_equal(got.numpy(), 0.25)


@pytest.mark.parametrize("extension,fmt", [("dpx", "u16"), ("tif", "u16"), ("png", "u8"), ("jpg", "u8")])
def test_closing_before_the_last_row_leaves_no_file(tmp_path, extension, fmt):
    # every format's band writer: finish refuses a short image and drops its file
    out = tmp_path / f"short.{extension}"
    writer = vfxpy.create(out, 32, 16, channels=3, format=fmt)
    writer.write_region(vfxpy.Image.new(32, 8, channels=3, format=fmt))
    with pytest.raises(ValueError, match="only 8 of 16 rows were written"):
        writer.close()
    assert not out.exists() and _leftovers(tmp_path) == []


def test_create_on_error_leaves_no_file_and_the_old_one_untouched(tmp_path):
    out = tmp_path / "plate.exr"
    old = _image(10, 10, seed=9)
    vfxpy.write(out, old)
    before = out.read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        with vfxpy.create(out, 100, 100) as writer:
            writer.write_region(vfxpy.Image.new(100, 50, format="f16"))
            raise RuntimeError("boom")
    assert out.read_bytes() == before and _leftovers(tmp_path) == []


@pytest.mark.parametrize("source", ["scanline.exr", "tiled.exr", "strips.tif"])
def test_stream_equals_whole_image_processing(tmp_path, source):
    src = tmp_path / source
    options = {"tile_size": (64, 64)} if source == "tiled.exr" else {}
    img = _image(517, 300, seed=4, dtype=np.float32 if source.endswith(".tif") else np.float16)
    vfxpy.write(src, img, **options)
    whole = vfxpy.read(src)
    _grade(whole)
    expected = tmp_path / ("whole" + src.suffix)
    vfxpy.write(expected, whole, **options)
    dst = tmp_path / ("streamed" + src.suffix)
    vfxpy.stream(src, dst, _grade, max_memory="200KB", **options)
    np.testing.assert_array_equal(vfxpy.read(dst).numpy(), vfxpy.read(expected).numpy())
    # fn may also return a new band
    returned = tmp_path / ("returned" + src.suffix)
    vfxpy.stream(src, returned, lambda band: vfxpy.ops.flip(band, "horizontal"), max_memory="1MB")
    np.testing.assert_array_equal(vfxpy.read(returned).numpy(), vfxpy.read(src).numpy()[:, ::-1])
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("size", [(75, 129), (600, 1000), (31, 800), (640, 100)])
@pytest.mark.parametrize("filter", ["lanczos3", "bilinear", "mitchell"])
def test_stream_resize_equals_ops_resize(tmp_path, size, filter):
    """Shrinking and enlarging (both pass orders of the separable filter), bands smaller
    and larger than the filter's reach: bit for bit ops.resize of the whole image (the
    issue asks 1e-6; the same kernels on the same rows give exactly the same floats)."""
    src = tmp_path / "src.exr"
    vfxpy.write(src, _image(517, 300, seed=8, dtype=np.float32))
    expected = vfxpy.ops.resize(vfxpy.read(src), size[0], size[1], filter=filter)
    for max_memory in ("40KB", "1MB"):
        dst = tmp_path / f"resized{max_memory}.exr"
        vfxpy.stream(src, dst, resize=size, filter=filter, max_memory=max_memory)
        got = vfxpy.read(dst)
        assert (got.width, got.height) == size
        np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_stream_resize_after_fn_on_tiff(tmp_path):
    src = tmp_path / "src.tif"
    vfxpy.write(src, _image(300, 200, seed=9, dtype=np.float32))
    whole = vfxpy.read(src)
    _grade(whole)
    expected = vfxpy.ops.resize(whole, 64, 96)
    vfxpy.stream(src, tmp_path / "dst.tif", _grade, resize=(64, 96), max_memory="64KB")
    np.testing.assert_array_equal(vfxpy.read(tmp_path / "dst.tif").numpy(), expected.numpy())


def test_stream_copies_metadata_and_takes_write_options(tmp_path):
    src = tmp_path / "src.exr"
    img = _image(100, 80)
    img.metadata = {"dataWindow": (5, 6, 84, 105), "displayWindow": (0, 0, 99, 119), "note": "kept"}
    vfxpy.write(src, img, compression="piz")
    dst = tmp_path / "dst.exr"
    vfxpy.stream(src, dst, compression="zip", pixel_type="float")
    info = vfxpy.io.info(dst)
    assert info.format == "f32" and info.metadata["compression"] == "zip"
    assert info.metadata["dataWindow"] == (5, 6, 84, 105) and info.metadata["note"] == "kept"
    np.testing.assert_array_equal(vfxpy.read(dst).numpy(), vfxpy.read(src).numpy().astype(np.float32))


def test_stream_errors_leave_no_file(tmp_path):
    src = tmp_path / "src.exr"
    vfxpy.write(src, _image(300, 50))
    dst = tmp_path / "dst.exr"
    calls = []

    def failing(band):
        calls.append(band.height)
        if len(calls) == 2:
            raise ZeroDivisionError("in fn")

    with pytest.raises(ZeroDivisionError):
        vfxpy.stream(src, dst, failing, max_memory="50KB")
    assert len(calls) == 2 and not dst.exists() and _leftovers(tmp_path) == []
    with pytest.raises(ValueError, match="shape"):
        vfxpy.stream(src, dst, lambda band: vfxpy.ops.crop(band, 0, 0, 10, 10))
    with pytest.raises(TypeError, match="Image or None"):
        vfxpy.stream(src, dst, lambda band: 3)
    with pytest.raises(vfxpy.UnsupportedError, match="nearest"):
        vfxpy.stream(src, dst, resize=(25, 150), filter="nearest")
    with pytest.raises(ValueError, match="filter"):
        vfxpy.stream(src, dst, resize=(25, 150), filter="sinc")
    with pytest.raises(ValueError, match="width"):
        vfxpy.stream(src, dst, resize=(0, 150))
    with pytest.raises(ValueError, match="max_memory"):
        vfxpy.stream(src, dst, max_memory="-3MB")
    with pytest.raises(vfxpy.FormatError):
        vfxpy.stream(__file__, dst)  # not an image
    assert not dst.exists() and _leftovers(tmp_path) == []


def test_stream_progress_shows_rows(tmp_path, capsys):
    src = tmp_path / "src.exr"
    vfxpy.write(src, _image(64, 32))
    vfxpy.stream(src, tmp_path / "dst.exr", progress=True, max_memory="4KB")
    assert "64/64" in capsys.readouterr().err


def _subprocess(script, fresh_peak=False):
    """vfxrun -c script. With ``fresh_peak`` it starts through sh, which forks it instead
    of exec'ing it: on Linux a process exec'd straight from this one inherits this one's
    peak RSS as its own getrusage peak."""
    command = [vfxrun_binary(), "-c", textwrap.dedent(script)]
    if fresh_peak:
        command = ["/bin/sh", "-c", '"$0" -c "$1"; exit $?', *command[::2]]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# The issue's headline: a 16384x8192 RGBA plate (1 GiB in half float, 2 GiB as f32)
# graded and resized by vfxpy.stream with max_memory="256MB", each run in its own
# process whose peak RSS (getrusage) must stay under 700 MB (below the plate's own size,
# so a whole-image run cannot pass), and every output equal to whole-image processing. What keeps these four cases fast (about 21 s of CPU, 40 s of
# wall time on the loaded 2-core machine; the one slow case they replace took ~50 s of CPU):
# - the plate is written once per module, by the module fixture below, in the three
#   layouts (scanline EXR, tiled EXR, TIFF strips) holding the same pixels; uncompressed,
#   since the codecs are tested above at small sizes and here the bound and the
#   equality are what is graded (a ZIP plate cost 9 s of CPU to write and 2.3x the
#   stream's CPU to decode and encode again);
# - the pattern is one broadcast add of a random value per row and per column (each
#   misplaced row or column shows), not np.sin over 512 M samples (5.5 s);
# - the whole-image references (ops.resize, then the grade) come from one whole read;
# - outputs are compared band by band as raw half bits (np.array_equal on uint16),
#   not with assert_array_equal on float16, which numpy emulates in software (~20 s of
#   CPU per GiB); a mismatch falls back to assert_array_equal for its report.
# The four cases share the fixture, so pytest-xdist keeps them on one worker
# (xdist_group, with scripts/test's --dist loadgroup): two 16K cases never run at once,
# and the pytest process holds one 1 GiB reference at a time (under plain --dist load
# each worker would write its own plate: correct, but twice the time and disk).
HUGE_WIDTH, HUGE_HEIGHT, HUGE_LIMIT_MB = 16384, 8192, 700
# stream() sizes bands at a sixth of max_memory (42 MB of half rows here): a streaming
# process grows by more than that, or its peak RSS is not being measured
HUGE_BAND_MB = 256e6 / 6 / 2**20
HUGE_SOURCES = {"scanline.exr": {"compression": "none"},
                "tiled.exr": {"compression": "none", "tile_size": (128, 128)},
                "strips.tif": {"compression": "none"}}
huge_case = pytest.mark.xdist_group("stream_16k")


@pytest.fixture(scope="module")
def huge_plate(tmp_path_factory):
    """The folder holding the 16K plate in every layout of HUGE_SOURCES (deleted after
    the module: 3 GiB)."""
    folder = tmp_path_factory.mktemp("plate16k")
    try:
        yield _write_huge_plate(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write_huge_plate(folder):
    """Writes the plate into ``folder`` in the three layouts, band by band."""
    # a random offset per row plus a random value per column and channel (flat, so that
    # numpy's add runs over whole rows: 0.3 s for the plate, where a 4-channel inner
    # axis took 1.6 s); values from -1 to 3
    rng = np.random.default_rng(16)
    rows = rng.random((HUGE_HEIGHT, 1), dtype=np.float32) * 2 - 1
    columns = rng.random((1, HUGE_WIDTH * 4), dtype=np.float32) * 2
    band = np.empty((256, HUGE_WIDTH * 4), np.float32)
    with contextlib.ExitStack() as stack:
        writers = [stack.enter_context(vfxpy.create(folder / name, HUGE_WIDTH, HUGE_HEIGHT, 4, "f16", **options))
                   for name, options in HUGE_SOURCES.items()]
        for y in range(0, HUGE_HEIGHT, 256):
            np.add(rows[y:y + 256], columns, out=band)
            half = vfxpy.Image(band.reshape(256, HUGE_WIDTH, 4)).astype("f16")
            for writer in writers:
                writer.write_region(half, y)
    return folder


@pytest.fixture(scope="module")
def huge_whole(huge_plate):
    """Whole-image processing of the plate, read whole once (1 GiB): its resize to
    2048x1024 (``ops.resize``, lanczos3), then the image graded in place."""
    whole = vfxpy.read(huge_plate / "scanline.exr")
    resized = vfxpy.ops.resize(whole, 2048, 1024)
    vfxpy.Processor("cpu").chain(whole).exposure(0.5).saturation(1.2).run()
    return types.SimpleNamespace(graded=whole.numpy(), resized=resized.numpy())


def _assert_same_image(path, expected):
    """The image at ``path`` equals the array ``expected`` (float16), read and compared
    band by band as raw bits; values are compared (and reported) only on a mismatch."""
    with vfxpy.open(path) as got:
        assert (got.height, got.width, got.channels, got.format) == (*expected.shape, "f16")
        for region in got.regions(max_bytes="64MB"):
            band = got.read_region(region).numpy()
            want = expected[region.y_begin:region.y_end]
            if not np.array_equal(band.view(np.uint16), want.view(np.uint16)):
                np.testing.assert_array_equal(band, want, err_msg=f"{path}: rows {tuple(region)}")


@huge_case
@pytest.mark.parametrize("source", list(HUGE_SOURCES))
def test_stream_16k_grade_stays_bounded_and_equals_whole_image(huge_plate, huge_whole, source):
    """The 16K plate graded by vfxpy.stream(max_memory='256MB'): the streaming
    process's peak RSS stays under 700 MB (the plate alone is 1 GiB as half, so
    holding it whole cannot pass), and the output equals the whole image graded."""
    src, dst = huge_plate / source, huge_plate / ("graded." + source)
    grown_mb, peak_mb = _peak_growth(f"""
        proc = vfxpy.Processor("cpu")
        vfxpy.stream({str(src)!r}, {str(dst)!r}, lambda b: proc.chain(b).exposure(0.5).saturation(1.2).run() and None,
                     max_memory="256MB")
        """)
    print(f"stream {source}: peak RSS {peak_mb:.0f} MB (grown by {grown_mb:.0f} MB)")
    assert peak_mb < HUGE_LIMIT_MB, (peak_mb, grown_mb)
    assert grown_mb > HUGE_BAND_MB, (peak_mb, grown_mb)  # the measurement sees the bands
    try:
        _assert_same_image(dst, huge_whole.graded)
    finally:
        dst.unlink()


@huge_case
def test_stream_16k_resize_stays_bounded_and_equals_ops_resize(huge_plate, huge_whole):
    """A streaming resize of the 16K plate to 2048x1024 (lanczos3), bounded the same
    way, equals vfxpy.ops.resize of the whole image (bit for bit; the issue asks 1e-6)."""
    src, dst = huge_plate / "scanline.exr", huge_plate / "small.exr"
    grown_mb, peak_mb = _peak_growth(f"""
        vfxpy.stream({str(src)!r}, {str(dst)!r}, resize=(2048, 1024), max_memory="256MB")
        """)
    print(f"stream resize: peak RSS {peak_mb:.0f} MB (grown by {grown_mb:.0f} MB)")
    assert peak_mb < HUGE_LIMIT_MB, (peak_mb, grown_mb)
    assert grown_mb > HUGE_BAND_MB, (peak_mb, grown_mb)
    got = vfxpy.read(dst)
    dst.unlink()
    assert (got.width, got.height, got.format) == (2048, 1024, "f16")
    np.testing.assert_array_equal(got.numpy(), huge_whole.resized)


def _peak_growth(body):
    """Runs ``body`` in a fresh vfxrun; the peak RSS (getrusage) it reached, and by how
    much it exceeds the resident size before ``body`` (/proc/self/statm), in MB."""
    process = _subprocess(
        "import os, resource, vfxpy\n"
        "base = int(open('/proc/self/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE') // 1024\n"
        + textwrap.dedent(body)
        + "print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n", fresh_peak=True)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    base_kb, peak_kb = map(int, out.split())
    return (peak_kb - base_kb) / 1024, peak_kb / 1024


def test_ctrl_c_stops_stream_and_leaves_no_file(tmp_path):
    src, dst = tmp_path / "src.exr", tmp_path / "dst.exr"
    vfxpy.write(src, _image(2000, 64))
    vfxpy.write(dst, _image(4, 4))
    before = dst.read_bytes()
    process = _subprocess(f"""
        import sys, time, vfxpy
        def slow(band):
            print("band", flush=True)
            time.sleep(0.2)
        try:
            vfxpy.stream({str(src)!r}, {str(dst)!r}, slow, max_memory="20KB")
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(3)
        print("finished")
        """)
    assert process.stdout.readline().strip() == "band"
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 3, (out, err)
    assert "interrupted" in out and time.monotonic() - started < 10
    assert dst.read_bytes() == before and _leftovers(tmp_path) == []


def test_read_async_keeps_the_loop_running_and_equals_read(tmp_path):
    paths = []
    for i in range(8):
        path = tmp_path / f"frame.{i}.exr"
        vfxpy.write(path, _image(512, 1024, seed=i), compression="zip")
        paths.append(path)

    async def main():
        gaps, done = [], False

        async def ticker():
            last = time.monotonic()
            while not done:
                await asyncio.sleep(0.01)
                now = time.monotonic()
                gaps.append(now - last)
                last = now

        tick = asyncio.create_task(ticker())
        images = await asyncio.gather(*(vfxpy.read_async(p) for p in paths))
        done = True
        await tick
        return images, gaps

    images, gaps = asyncio.run(main())
    assert len(gaps) >= 1 and max(gaps) < 0.1, max(gaps)
    for path, img in zip(paths, images):
        np.testing.assert_array_equal(img.numpy(), vfxpy.read(path).numpy())


def test_future_is_concurrent_and_awaitable(tmp_path):
    path = tmp_path / "a.exr"
    img = _image(64, 64)
    vfxpy.write(path, img)
    future = vfxpy.io.read_future(path)
    assert isinstance(future, vfxpy.Future) and isinstance(future, concurrent.futures.Future)
    done, _ = concurrent.futures.wait([future], timeout=30)
    assert future in done
    np.testing.assert_array_equal(future.result().numpy(), img.numpy())
    with pytest.raises(vfxpy.FormatError):
        vfxpy.io.read_future(__file__).result(timeout=30)

    async def chain():
        work = _image(32, 32)
        expected = work.copy()
        _grade(expected)
        proc = vfxpy.Processor("cpu")
        result = await proc.chain(work).exposure(0.5).saturation(1.3).contrast(1.1).run_async()
        assert result is work
        np.testing.assert_array_equal(work.numpy(), expected.numpy())
        await vfxpy.write_async(tmp_path / "b.exr", work, compression="piz")
        await vfxpy.write_async(tmp_path / "b.png", vfxpy.Image.new(8, 8, format="u8", fill=0.5))
        return await vfxpy.read_async(tmp_path / "b.exr")

    back = asyncio.run(chain())
    assert vfxpy.io.info(tmp_path / "b.exr").metadata["compression"] == "piz"
    assert back.shape == (32, 32, 4) and (tmp_path / "b.png").exists()


@pytest.mark.parametrize("name,options", [("big.exr", {"compression": "zip"}), ("big.tif", {"compression": "zip"}),
                                          ("big.png", {}), ("big.dpx", {"bit_depth": 10}), ("big.jpg", {})])
def test_cancelling_write_async_leaves_no_file(tmp_path, name, options):
    target = tmp_path / name
    vfxpy.write(target, _image(4, 4))
    before = target.read_bytes()
    # noise, so that every encoder is still at work when the cancel comes 20 ms in: a flat
    # image of this size encodes as JPEG in about 17 ms (the write then ends first)
    big = vfxpy.Image(np.random.default_rng(0).random((4096, 2048, 4), np.float32))

    async def main():
        future = vfxpy.write_async(target, big, **options)
        task = asyncio.ensure_future(future)
        await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return future

    future = asyncio.run(main())
    assert future.cancel_requested
    concurrent.futures.wait([future], timeout=60)
    with pytest.raises(concurrent.futures.CancelledError):
        future.result()
    assert target.read_bytes() == before and _leftovers(tmp_path) == []
