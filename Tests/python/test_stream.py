"""vfxpy.open / vfxpy.create (images by bands), vfxpy.stream (bounded memory) and the
async API (read_async, write_async, run_async, vfxpy.Future)."""

import asyncio
import concurrent.futures
import os
import signal
import subprocess
import sys
import textwrap
import time

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


@pytest.mark.parametrize("compression", ["zip", "zips"])
@pytest.mark.parametrize("height,band", [(203, 37), (203, 16), (17, 5), (16, 300), (1, 1)])
def test_create_zip_files_are_byte_identical_to_write(tmp_path, compression, height, band):
    """ZIP/ZIPS bands go through the same parallel libdeflate encoder as vfxpy.write
    (rows of a chunk split between bands are gathered), so the files match byte for byte."""
    img = _image(height, 150, seed=height)
    img.metadata = {"owner": "stream test"}
    vfxpy.write(tmp_path / "whole.exr", img, compression=compression)
    with vfxpy.create(tmp_path / "bands.exr", like=img, compression=compression) as writer:
        for y in range(0, height, band):
            writer.write_region(vfxpy.Image(img.numpy()[y:y + band]), y)
    assert (tmp_path / "bands.exr").read_bytes() == (tmp_path / "whole.exr").read_bytes()


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


def test_stream_tiff_memory_stays_bounded(tmp_path):
    """The same for a 4096x2048 RGBA 16-bit TIFF (64 MiB) in strips."""
    _bounded_case(tmp_path, 4096, 2048, "16MB", limit_mb=None, suffix=".tif", dtype=np.uint16)


def test_stream_memory_stays_bounded(tmp_path):
    """A 4096x2048 half RGBA EXR (64 MiB as stored, 128 MiB as float) graded with
    max_memory='16MB': the peak RSS of the streaming process (getrusage) grows by less
    than the image itself. (The issue's 16384x8192 case, ~70 s on the shared 2-core CI
    machine, runs with VFXPY_SLOW_TESTS=1: see test_stream_headline_16k.)"""
    _bounded_case(tmp_path, 4096, 2048, "16MB", limit_mb=None)


@pytest.mark.skipif(not os.environ.get("VFXPY_SLOW_TESTS"), reason="the 16K case takes a minute: VFXPY_SLOW_TESTS=1")
def test_stream_headline_16k(tmp_path):
    _bounded_case(tmp_path, 16384, 8192, "256MB", limit_mb=700)


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


def _bounded_case(tmp_path, width, height, max_memory, limit_mb, suffix=".exr", dtype=np.float16):
    src, dst = tmp_path / ("big" + suffix), tmp_path / ("graded" + suffix)
    with vfxpy.create(src, width, height, 4, "u16" if dtype == np.uint16 else "f16", compression="zip") as writer:
        for region_start in range(0, height, 256):
            rows = min(256, height - region_start)
            y = np.arange(region_start, region_start + rows, dtype=np.float32)[:, None, None]
            x = np.arange(width, dtype=np.float32)[None, :, None]
            band = np.sin(x * 0.003 + y * 0.005 + np.arange(4, dtype=np.float32)) * 2
            if dtype == np.uint16:
                band = np.clip(band * 0.25 + 0.5, 0, 1) * 65535
            writer.write_region(vfxpy.Image(band.astype(dtype)), region_start)
    grown_mb, peak_mb = _peak_growth(f"""
        proc = vfxpy.Processor("cpu")
        vfxpy.stream({str(src)!r}, {str(dst)!r}, lambda b: proc.chain(b).exposure(0.5).saturation(1.2).run() and None,
                     max_memory={max_memory!r})
        """)
    image_mb = width * height * 4 * 2 / 2**20  # half or 16-bit RGBA
    print(f"stream: peak RSS {peak_mb:.0f} MB, grown by {grown_mb:.0f} MB, image {image_mb:.0f} MB")
    if limit_mb is None:
        assert grown_mb < image_mb * 0.75, (grown_mb, image_mb)
        # the measurement tells the two apart: whole-image processing grows by the image
        whole_mb, _ = _peak_growth(f"""
            img = vfxpy.read({str(src)!r})
            vfxpy.Processor("cpu").chain(img).exposure(0.5).saturation(1.2).run()
            vfxpy.write({str(tmp_path / ("whole" + suffix))!r}, img)
            """)
        print(f"whole image: grown by {whole_mb:.0f} MB")
        assert whole_mb > image_mb, (whole_mb, image_mb)
    else:
        assert peak_mb < limit_mb
    if suffix == ".exr":
        # a streaming resize to 1/8 stays bounded too and equals ops.resize of the whole image
        small = tmp_path / "small.exr"
        resized_mb, _ = _peak_growth(f"""
            vfxpy.stream({str(src)!r}, {str(small)!r}, resize=({width // 8}, {height // 8}), max_memory={max_memory!r})
            """)
        print(f"stream resize: grown by {resized_mb:.0f} MB")
        assert resized_mb < (image_mb * 0.75 if limit_mb is None else limit_mb), (resized_mb, image_mb)
        expected = vfxpy.ops.resize(vfxpy.read(src), width // 8, height // 8)
        np.testing.assert_array_equal(vfxpy.read(small).numpy(), expected.numpy())
    # the output equals whole-image processing, compared band by band (bounded memory here too)
    proc = vfxpy.Processor("cpu")
    with vfxpy.open(src) as original, vfxpy.open(dst) as graded:
        for region in original.regions(max_bytes="32MB"):
            band = original.read_region(region)
            proc.chain(band).exposure(0.5).saturation(1.2).run()
            np.testing.assert_array_equal(graded.read_region(region).numpy(), band.numpy())


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
    big = vfxpy.Image(np.ones((4096, 2048, 4), np.float32))

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
