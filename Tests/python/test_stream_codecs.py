"""DPX, PNG and JPEG by bands (vfxpy.open / vfxpy.create): the band codecs give the
pixels a whole read gives and write the bytes a whole write writes; streaming through
them keeps memory bounded."""

import os
import struct
import textwrap
import zlib

import numpy as np
import pytest

import vfxpy
from oiio_ref import oiio_read, oiio_write
from test_stream import _subprocess

# Bands of odd sizes, out of order (a PNG/JPEG band above the last one restarts the
# decoder; one below it skips rows), repeated, and single rows at both ends.
BANDS = [(0, 37), (37, 200), (150, 151), (260, 301), (0, 1), (300, 301), (120, 260)]


def _noise(height, width, channels, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        return (rng.random((height, width, channels)) * (np.iinfo(dtype).max + 1)).astype(dtype)
    return (rng.random((height, width, channels), dtype=np.float32) * 1.2 - 0.1).astype(dtype)


def _smooth(height, width, channels, dtype):
    """A gradient with a little noise: compresses like a picture, not like noise."""
    y = np.arange(height, dtype=np.float32)[:, None, None]
    x = np.arange(width, dtype=np.float32)[None, :, None]
    values = 0.5 + 0.4 * np.sin(x * 0.01 + y * 0.013 + np.arange(channels, dtype=np.float32))
    values += np.random.default_rng(1).random((height, width, channels), dtype=np.float32) * 0.05
    return (np.clip(values, 0, 1) * np.iinfo(dtype).max).astype(dtype)


def _assert_bands_equal_read(path, bands=BANDS, by_band=True):
    whole = vfxpy.read(path).numpy()
    with vfxpy.open(path) as reader:
        assert reader.reads_by_band is by_band and reader.info == vfxpy.io.info(path)
        for first, end in bands:
            band = reader.read_region((first, end))
            np.testing.assert_array_equal(band.numpy(), whole[first:end], err_msg=f"rows {first}..{end}")
        as_float = reader.read_region((10, 20), format="f32").numpy()
        np.testing.assert_array_equal(as_float, vfxpy.read(path, format="f32").numpy()[10:20])
    return whole


def _growth(body):
    """Runs ``body`` in a fresh vfxrun (numpy imported first); by how much its peak RSS
    (VmHWM, reset through /proc/self/clear_refs just before ``body``) exceeds its RSS
    before ``body``, in MB."""
    process = _subprocess(
        "import numpy, vfxpy\n"
        "def rss(field):\n"
        "    line = next(l for l in open('/proc/self/status') if l.startswith(field + ':'))\n"
        "    return int(line.split()[1]) / 1024\n"
        "open('/proc/self/clear_refs', 'w').write('5')\n"
        "base = rss('VmRSS')\n"
        + textwrap.dedent(body)
        + "\nprint(rss('VmHWM') - base)\n")
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return float(out.split()[-1])


def _file_bytes(path):
    """The file's bytes; for DPX without the creation time (bytes 136-159, the clock's)."""
    data = path.read_bytes()
    return data[:136] + data[160:] if path.suffix == ".dpx" else data


def _write_bands(path, img, band, **options):
    with vfxpy.create(path, like=img, **options) as writer:
        assert writer.writes_by_band
        for y in range(0, img.height, band):
            writer.write_region(vfxpy.Image(img.numpy()[y:y + band]), y)
        assert not path.exists()


# ---- DPX -----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype,channels,options", [
    (np.uint16, 3, {"bit_depth": 10}),
    (np.uint16, 1, {"bit_depth": 10}),
    (np.uint16, 4, {"bit_depth": 12, "packing": "packed"}),
    (np.uint16, 3, {"bit_depth": 10, "packing": "filled_b", "byte_order": "little"}),
    (np.uint8, 4, {}),
    (np.uint16, 3, {}),
    (np.float32, 3, {"bit_depth": 10}),
    (np.float16, 4, {"bit_depth": 16}),
])
def test_dpx_bands_read_and_write_like_whole_images(tmp_path, dtype, channels, options):
    img = vfxpy.Image(_noise(301, 123, channels, dtype, seed=channels))
    img.metadata = {"dpx:Transfer": "printing density", "smpte:TimeCode": (0x01020304, 7)}
    whole = tmp_path / "whole.dpx"
    vfxpy.write(whole, img, **options)
    _assert_bands_equal_read(whole)
    bands = tmp_path / "bands.dpx"
    _write_bands(bands, img, 29, **options)
    assert _file_bytes(bands) == _file_bytes(whole)


def test_dpx_bands_match_oiio(tmp_path):
    """An independent reader: OIIO's libdpx decodes the 10-bit file we streamed, and the
    band reader decodes the file OIIO wrote, to the same codes."""
    img = vfxpy.Image(_noise(90, 70, 3, np.uint16, seed=4))
    path = tmp_path / "bands.dpx"
    _write_bands(path, img, 16, bit_depth=10)
    pixels, _ = oiio_read(path, tmp_path, format="uint16")

    def codes(values):  # 16-bit values of 10-bit codes, back to the codes
        return np.round(values.astype(np.float64) * 1023 / 65535).astype(np.int32)

    np.testing.assert_array_equal(codes(pixels), codes(vfxpy.read(path).numpy()))
    theirs = tmp_path / "oiio.dpx"
    oiio_write(theirs, pixels, tmp_path, format="uint10")
    with vfxpy.open(theirs) as reader:
        np.testing.assert_array_equal(codes(reader.read_region((20, 90)).numpy()), codes(pixels[20:]))


# ---- PNG -----------------------------------------------------------------------------

@pytest.mark.parametrize("dtype,channels",
                         [(np.uint8, 1), (np.uint8, 2), (np.uint8, 3), (np.uint16, 4), (np.uint16, 1)])
def test_png_bands_read_like_whole_images(tmp_path, dtype, channels):
    img = vfxpy.Image(_noise(301, 97, channels, dtype, seed=channels))
    path = tmp_path / "img.png"
    vfxpy.write(path, img)
    _assert_bands_equal_read(path)


@pytest.mark.parametrize("shape,dtype,band,options", [
    ((301, 97, 3), np.uint8, 29, {}),
    ((1, 5, 1), np.uint8, 1, {}),
    ((64, 64, 2), np.uint16, 64, {"compression": 0}),
    ((40, 31, 4), np.float32, 7, {"bit_depth": 16, "compression": 9}),
    # Several 1 MiB pieces per batch and several IDAT chunks: noise does not compress.
    ((1100, 1500, 3), np.uint8, 97, {"compression": 1}),
    ((700, 1001, 4), np.uint16, 300, {}),
])
def test_png_bands_write_the_bytes_write_writes(tmp_path, shape, dtype, band, options):
    """The band writer cuts, filters and deflates pieces exactly as the whole-image
    encoder does, so the files match byte for byte (text chunks and all)."""
    pixels = _noise(*shape, dtype, seed=shape[0]) if shape[0] > 500 else _smooth(*shape, np.uint16).astype(dtype)
    img = vfxpy.Image(pixels)
    img.metadata = {"Software": "stream test", "Description": "bänder"}
    whole = tmp_path / "whole.png"
    vfxpy.write(whole, img, **options)
    bands = tmp_path / "bands.png"
    _write_bands(bands, img, band, **options)
    assert bands.read_bytes() == whole.read_bytes()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _handmade_png(pixels, interlaced=False, palette=None):
    """A PNG written here from the specification (filter 0 on every row): an Adam7
    interlaced or a palette file, which vfxpy.write never makes."""
    height, width = pixels.shape[:2]
    if palette is not None:
        color_type, depth = 3, 8
    else:
        color_type, depth = {1: 0, 2: 4, 3: 2, 4: 6}[pixels.shape[2]], 8
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlaced else 0)
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] \
        if interlaced else [(0, 0, 1, 1)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] and sub.shape[1]:
            raw += b"".join(b"\0" + row.tobytes() for row in sub)
    chunks = [_png_chunk(b"IHDR", header)]
    if palette is not None:
        chunks.append(_png_chunk(b"PLTE", palette.astype(np.uint8).tobytes()))
    chunks += [_png_chunk(b"IDAT", zlib.compress(raw)), _png_chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def test_png_palette_bands_and_interlaced_fallback(tmp_path):
    rng = np.random.default_rng(3)
    palette = rng.integers(0, 256, (16, 3))
    indices = rng.integers(0, 16, (301, 45, 1)).astype(np.uint8)
    path = tmp_path / "palette.png"
    path.write_bytes(_handmade_png(indices, palette=palette))
    whole = _assert_bands_equal_read(path)
    np.testing.assert_array_equal(whole, palette[indices[:, :, 0]])
    # Adam7 rows are spread over seven passes: no band path, read whole once (and say so)
    rgb = rng.integers(0, 256, (301, 45, 3)).astype(np.uint8)
    path = tmp_path / "interlaced.png"
    path.write_bytes(_handmade_png(rgb, interlaced=True))
    np.testing.assert_array_equal(_assert_bands_equal_read(path, by_band=False), rgb)


def test_png_and_jpeg_damaged_data_raises_and_recovers(tmp_path):
    img = vfxpy.Image(_smooth(300, 200, 3, np.uint8))
    for name in ["img.png", "img.jpg"]:
        path = tmp_path / name
        vfxpy.write(path, img)
        data = path.read_bytes()
        cut = tmp_path / ("cut_" + name)
        cut.write_bytes(data[:len(data) * 2 // 3])
        with vfxpy.open(cut) as reader:
            top = reader.read_region((0, 10))  # the first rows are there
            with pytest.raises(vfxpy.FormatError, match="truncated|premature|end|IDAT"):
                reader.read_region((10, 300))
            # the reader is not stuck: it starts again from the top
            np.testing.assert_array_equal(reader.read_region((0, 10)).numpy(), top.numpy())


# ---- JPEG ----------------------------------------------------------------------------

@pytest.mark.parametrize("channels,options", [(3, {"quality": 95}), (3, {"quality": 80, "subsampling": "420"}),
                                              (3, {"quality": 85, "subsampling": "422"}), (1, {})])
def test_jpeg_bands_read_like_whole_images(tmp_path, channels, options):
    """libjpeg's scanline decoder with TurboJPEG's choices: the rows equal the whole
    read's exactly (odd sizes: partial MCUs at the right and bottom edges)."""
    path = tmp_path / "img.jpg"
    vfxpy.write(path, vfxpy.Image(_smooth(301, 203, channels, np.uint8)), **options)
    _assert_bands_equal_read(path)


def test_jpeg_progressive_is_read_whole_and_matches_oiio(tmp_path):
    """A progressive file (written by OIIO) decodes every scan before its first row:
    reads_by_band says so; its rows still equal the whole read and OIIO's (the same
    libjpeg-turbo algorithms, in another process)."""
    pixels = _smooth(301, 203, 3, np.uint8)
    path = tmp_path / "progressive.jpg"
    oiio_write(path, pixels, tmp_path, attributes={"jpeg:progressive": 1, "compression": "jpeg:90"})
    whole = _assert_bands_equal_read(path, by_band=False)
    theirs, _ = oiio_read(path, tmp_path)
    np.testing.assert_array_equal(whole, theirs)


_JPEG_METADATA = {"Orientation": 6, "ImageDescription": "plate 12\nsecond line", "Software": "vfxpy test",
                  "Copyright": "nobody", "XResolution": 300.0, "YResolution": 300.0, "ResolutionUnit": "in"}


@pytest.mark.parametrize("dtype,channels,options", [
    (np.uint8, 3, {}),
    (np.uint8, 3, {"quality": 80}),  # 4:2:0 by default under 90
    (np.uint8, 3, {"quality": 100, "subsampling": "422"}),
    (np.uint8, 1, {"quality": 60}),
    (np.uint8, 2, {}),  # gray + alpha: the alpha is dropped
    (np.uint8, 4, {"subsampling": "420"}),  # RGBA: the 4th byte is skipped (RGBX)
    (np.float32, 3, {"quality": 90}),
    (np.uint16, 5, {}),  # more channels: the first three
])
def test_jpeg_bands_write_the_whole_writers_bytes(tmp_path, dtype, channels, options):
    """Under 1 MP the whole writer is one TurboJPEG call: libjpeg's scanline compressor
    with TurboJPEG's settings, fed band by band (odd band and image sizes, so bands end
    inside MCU rows and the edges hold partial MCUs), writes the same bytes, markers
    (JFIF density, EXIF, COM) included."""
    pixels = _smooth(301, 203, channels, np.uint16) / np.float32(65535) if dtype == np.float32 else \
        _smooth(301, 203, channels, dtype)
    img = vfxpy.Image(pixels.astype(dtype))
    img.metadata = dict(_JPEG_METADATA)
    whole, bands = tmp_path / "whole.jpg", tmp_path / "bands.jpg"
    vfxpy.write(whole, img, **options)
    _write_bands(bands, img, 29, **options)
    assert bands.read_bytes() == whole.read_bytes()
    assert vfxpy.io.info(bands).metadata["Orientation"] == 6


def _restart_interval(data):
    """The DRI segment's interval before the scan of JPEG bytes ``data``, or None."""
    at = data.find(b"\xff\xdd\x00\x04", 0, data.index(b"\xff\xda"))
    return None if at < 0 else struct.unpack(">H", data[at + 4:at + 6])[0]


@pytest.mark.parametrize("threads", [1, 2, 5])
def test_jpeg_band_writer_encodes_the_whole_writers_strips(tmp_path, threads):
    """Over 1 MP on several cores the whole writer encodes strips in parallel and joins
    them with restart markers; the band writer gathers bands (of 100 rows here, ending
    inside strips and MCU rows) into the same strips, encodes a batch on all cores and
    joins them the same way: with strips of at most 2 MiB (this image's, 1.7 MB at most)
    the file is the whole writer's, byte for byte, EXIF and COM included. On one core both
    are one encoder, no restarts. OIIO (its own libjpeg-turbo, in another process) decodes
    the band file to our pixels."""
    img = vfxpy.Image(_smooth(1000, 1100, 3, np.uint8))
    img.metadata = dict(_JPEG_METADATA)
    whole, bands = tmp_path / "whole.jpg", tmp_path / "bands.jpg"
    before = vfxpy.threads()
    vfxpy.set_threads(threads)
    try:
        vfxpy.write(whole, img, quality=92, subsampling="420")
        _write_bands(bands, img, 100, quality=92, subsampling="420")
    finally:
        vfxpy.set_threads(before)
    assert bands.read_bytes() == whole.read_bytes()
    assert (_restart_interval(whole.read_bytes()) is None) == (threads == 1)
    decoded = vfxpy.read(bands).numpy()
    theirs, _ = oiio_read(bands, tmp_path)
    np.testing.assert_array_equal(theirs, decoded)


def test_jpeg_band_writer_strips_over_2mib_decode_like_the_whole_writers(tmp_path):
    """On 2 cores the whole writer cuts a 2048x2048 RGB image into 2 strips of 6 MiB; the
    band writer keeps a batch of at most 2 MiB a worker, so it cuts strips of 42 MCU rows
    (336 rows, 2 MiB; the restart interval is 256 MCUs a row x 42): more restart markers,
    the same coefficients, so the same pixels, ours and OIIO's."""
    img = vfxpy.Image(_smooth(2048, 2048, 3, np.uint8))
    whole, bands = tmp_path / "whole.jpg", tmp_path / "bands.jpg"
    before = vfxpy.threads()
    vfxpy.set_threads(2)
    try:
        vfxpy.write(whole, img)
        _write_bands(bands, img, 500)
    finally:
        vfxpy.set_threads(before)
    assert _restart_interval(whole.read_bytes()) == 256 * 128
    assert _restart_interval(bands.read_bytes()) == 256 * 42
    decoded = vfxpy.read(bands).numpy()
    np.testing.assert_array_equal(decoded, vfxpy.read(whole).numpy())
    theirs, _ = oiio_read(bands, tmp_path)
    np.testing.assert_array_equal(theirs, decoded)


def test_jpeg_band_writer_stopped_after_a_batch_leaves_no_file(tmp_path):
    """vfxpy.stream to a JPEG whose fn fails after the band writer wrote its first batch of
    strips (2 cores: batches of 672 rows of 2048): the temporary file is dropped and the
    file there before is untouched."""
    src, dst = tmp_path / "src.png", tmp_path / "dst.jpg"
    vfxpy.write(src, vfxpy.Image(_smooth(2048, 2048, 3, np.uint8)), compression=1)
    vfxpy.write(dst, vfxpy.Image(_smooth(8, 8, 3, np.uint8)))
    before = dst.read_bytes()
    rows = []

    def failing(band):
        rows.append(band.height)
        if sum(rows) > 1200:
            raise RuntimeError("stop")

    threads = vfxpy.threads()
    vfxpy.set_threads(2)
    try:
        with pytest.raises(RuntimeError, match="stop"):
            vfxpy.stream(src, dst, failing, max_memory="2MB")
    finally:
        vfxpy.set_threads(threads)
    assert sum(rows) > 1200 and dst.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dst.jpg", "src.png"]


def test_jpeg_band_writer_refuses_and_leaves_no_file(tmp_path):
    path = tmp_path / "out.jpg"
    with pytest.raises(ValueError, match="quality"):
        vfxpy.create(path, 64, 48, 3, "u8", quality=0)
    with pytest.raises(ValueError, match="65535"):
        vfxpy.create(path, 70000, 8, 3, "u8")
    with pytest.raises(RuntimeError):
        with vfxpy.create(path, 64, 48, 3, "u8") as writer:
            writer.write_region(vfxpy.Image(_smooth(20, 64, 3, np.uint8)))
            raise RuntimeError("stop")
    with pytest.raises(ValueError, match="only 20 of 48"):
        with vfxpy.create(path, 64, 48, 3, "u8") as writer:
            writer.write_region(vfxpy.Image(_smooth(20, 64, 3, np.uint8)))
    assert list(tmp_path.iterdir()) == []


# ---- memory --------------------------------------------------------------------------

@pytest.mark.parametrize("source,target,dtype,width,height,options", [
    ("big.dpx", "copy.dpx", np.uint16, 4096, 3072, {"bit_depth": 10}),
    # zlib's speed is not the point here; tall, so the writer's fixed batch buffers (about
    # 25-55 MB with its threads' malloc arenas, depending on load) stay a fraction of the image
    ("big.png", "copy.png", np.uint8, 4096, 10240, {"compression": 0}),
    ("big.jpg", "copy.jpg", np.uint8, 4096, 4096, {})])
def test_band_codecs_keep_memory_bounded(tmp_path, source, target, dtype, width, height, options):
    """A 48 to 120 MiB RGB image copied band by band (open → create, 2 MB bands), its
    file in the page cache first (read once): the process grows by a fraction of the
    image (a fixed 15-30 MB: threads, their malloc arenas, the bands), where a whole read
    and write grows by more than all of it (both measured in fresh processes), and the
    file is the whole copy's (JPEG: the same pixels; the whole writer's parallel strips
    add restart markers). Every band is a new buffer of the same size: they are mapped
    and recycled, not malloc'd (PixelBuffer); malloc'd, they can pile up in glibc's heaps
    (see the next test), the likely cause of the PNG copy's past peaks at the whole
    image, which were not reproduced here (19-26 MB over many runs, cached or not)."""
    src = tmp_path / source
    img = vfxpy.Image(_smooth(height, width, 3, dtype))
    vfxpy.write(src, img, **options)
    image_mb = img.numpy().nbytes / 2**20
    del img
    src.read_bytes()
    dst, whole = tmp_path / target, tmp_path / ("whole_" + target)
    grown_mb = _growth(f"""
        with vfxpy.open({str(src)!r}) as reader:
            assert reader.reads_by_band
            with vfxpy.create({str(dst)!r}, like=reader, **{options!r}) as writer:
                assert writer.writes_by_band
                for region in reader.regions(max_bytes="2MB"):
                    writer.write_region(reader.read_region(region), region.y_begin)
        """)
    vfxpy.write(whole, vfxpy.read(src), **options)
    if target.endswith(".jpg"):
        np.testing.assert_array_equal(vfxpy.read(dst).numpy(), vfxpy.read(whole).numpy())
    else:
        assert _file_bytes(dst) == _file_bytes(whole)
    print(f"{source} -> {target}: by bands grew {grown_mb:.0f} MB, image {image_mb:.0f} MB")
    assert grown_mb < image_mb * 0.6, (grown_mb, image_mb)
    if source.endswith(".dpx"):  # the measurement tells the two apart: a whole copy grows by the image
        whole_mb = _growth(f"vfxpy.write({str(whole)!r}, vfxpy.read({str(src)!r}), **{options!r})")
        print(f"whole image grew {whole_mb:.0f} MB")
        assert whole_mb > image_mb, (whole_mb, image_mb)


def test_stream_from_8_bit_into_exr_keeps_memory_bounded(tmp_path):
    """An 8-bit 4096x4096 DPX streamed into a half EXR with max_memory='8MB': the writer
    converts every band (108 rows, u8 → f16) into a new buffer on the stream's writing
    thread while the reading thread allocates the next band. Malloc'd, those buffers
    piled up in glibc's heaps: the process grew by the whole half image (95 MB for 96
    MiB); mapped and recycled (PixelBuffer) it grows by a fraction, and the file holds
    the source's values."""
    src, dst = tmp_path / "big8.dpx", tmp_path / "big.exr"
    img = vfxpy.Image(_smooth(4096, 4096, 3, np.uint8))
    vfxpy.write(src, img)
    half_mb = img.numpy().nbytes * 2 / 2**20
    src.read_bytes()
    grown_mb = _growth(f"vfxpy.stream({str(src)!r}, {str(dst)!r}, max_memory='8MB')")
    print(f"stream u8 dpx -> half exr: grew {grown_mb:.0f} MB, half image {half_mb:.0f} MB")
    assert grown_mb < half_mb * 0.4, (grown_mb, half_mb)
    np.testing.assert_array_equal(vfxpy.read(dst, format="u8").numpy(), img.numpy())


def test_stream_through_dpx_keeps_memory_bounded(tmp_path):
    """vfxpy.stream on the band codecs: a 10-bit 4096x2048 DPX (48 MiB as u16) graded
    with max_memory='8MB' grows the process by a fraction of the image, and gives the
    file whole-image processing gives."""
    src, dst, whole = tmp_path / "big.dpx", tmp_path / "graded.dpx", tmp_path / "whole.dpx"
    img = vfxpy.Image(_smooth(2048, 4096, 3, np.uint16))
    vfxpy.write(src, img, bit_depth=10)
    image_mb = img.numpy().nbytes / 2**20
    del img
    grown_mb = _growth(f"""
        proc = vfxpy.Processor("cpu")
        vfxpy.stream({str(src)!r}, {str(dst)!r}, lambda b: proc.chain(b).exposure(0.5).run() and None,
                     max_memory="8MB")
        """)
    print(f"stream dpx: grew {grown_mb:.0f} MB, image {image_mb:.0f} MB")
    assert grown_mb < image_mb * 0.6, (grown_mb, image_mb)
    graded = vfxpy.read(src)
    vfxpy.Processor("cpu").chain(graded).exposure(0.5).run()
    vfxpy.write(whole, graded)
    assert _file_bytes(dst) == _file_bytes(whole)


# ---- paths ---------------------------------------------------------------------------

@pytest.mark.parametrize("ext", [b".exr", b".tif", b".dpx", b".png", b".jpg"])
def test_open_create_stream_take_paths_that_are_not_utf8(tmp_path, ext):
    """A Latin-1 name from an old file server (bytes, or the str os.listdir makes of it
    with surrogate escapes), as vfxpy.read and vfxpy.write take it: each of open, create
    and stream works on the file of that very name."""
    folder = bytes(tmp_path)
    img = vfxpy.Image(_smooth(64, 40, 3, np.uint8))
    src = folder + b"/lat\xe9" + ext
    vfxpy.write(src, img)
    whole = vfxpy.read(src).numpy()
    for path in (src, os.fsdecode(src)):
        with vfxpy.open(path) as reader:
            np.testing.assert_array_equal(reader.read_region((5, 50)).numpy(), whole[5:50])
    out = folder + b"/out\xff" + ext
    with vfxpy.create(os.fsdecode(out), like=img) as writer:
        writer.write_region(vfxpy.Image(img.numpy()[:30]), 0)
        writer.write_region(vfxpy.Image(img.numpy()[30:]), 30)
    vfxpy.stream(src, folder + b"/st\xfe" + ext)
    assert sorted(os.listdir(folder)) == sorted([b"lat\xe9" + ext, b"out\xff" + ext, b"st\xfe" + ext])
    if ext != b".jpg":
        np.testing.assert_array_equal(vfxpy.read(out).numpy(), whole)
        np.testing.assert_array_equal(vfxpy.read(folder + b"/st\xfe" + ext).numpy(), whole)
    with pytest.raises(vfxpy.IOError, match="missing"):
        vfxpy.open(folder + b"/missing\xe9" + ext)
