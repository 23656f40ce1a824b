"""TIFF through libtiff, checked against OpenImageIO (a separate process).

OIIO premultiplies unassociated alpha on read unless told 'oiio:UnassociatedAlpha'; vfxpy
returns alpha as stored, so OIIO calls here ask for unassociated alpha. TIFF is lossless:
integers and floats (half and single, with the floating-point predictor) compare exactly,
bit for bit.
"""

import struct

import numpy as np
import pytest

import vfxpy
from vfxpy import io
from vfxpy.io import tiff
from oiio_ref import oiio_read_config, oiio_write
from raster_corruption import read_damaged, truncations

UNASSOCIATED = {"oiio:UnassociatedAlpha": 1}
DTYPES = {"uint8": np.uint8, "uint16": np.uint16, "half": np.float16, "float": np.float32}
FORMATS = {"uint8": "u8", "uint16": "u16", "half": "f16", "float": "f32"}


def sample(shape, kind, seed=0):
    rng = np.random.default_rng(seed)
    dtype = DTYPES[kind]
    if kind in ("half", "float"):
        return (rng.normal(0.5, 2.0, shape)).astype(dtype)  # negative and over 1.0 too
    return rng.integers(0, np.iinfo(dtype).max + 1, shape, dtype=dtype)


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


@pytest.mark.parametrize("kind", list(DTYPES))
@pytest.mark.parametrize("compression", ["none", "lzw", "zip", "packbits"])
def test_files_written_by_oiio_read_exactly(tmp_path, kind, compression):
    channels = 1 + (len(compression) + len(kind)) % 4  # every channel count across the matrix
    pixels = sample((37, 53, channels), kind, seed=channels)
    path = tmp_path / "oiio.tif"
    oiio_write(path, pixels, tmp_path, attributes={"compression": compression, **UNASSOCIATED})
    img = tiff.read(path)
    if kind == "half":
        pixels = pixels.astype(np.float32)  # OIIO's TIFF writer stores half images as 32-bit float
    assert img.format == FORMATS["float" if kind == "half" else kind]
    assert same_bits(img.numpy(), pixels)
    assert img.metadata["compression"] == compression
    assert img.metadata["bit_depth"] == pixels.dtype.itemsize * 8


@pytest.mark.parametrize("kind", ["uint16", "float"])
@pytest.mark.parametrize("planar", ["contig", "separate"])
@pytest.mark.parametrize("tile", [None, (32, 16)])
def test_tiles_and_separate_planes_read_like_oiio(tmp_path, kind, planar, tile):
    pixels = sample((45, 70, 4), kind, seed=3)
    path = tmp_path / "layout.tif"
    oiio_write(path, pixels, tmp_path, tile=tile,
               attributes={"compression": "zip", "planarconfig": planar, **UNASSOCIATED})
    reference, spec = oiio_read_config(path, tmp_path, UNASSOCIATED)
    assert (spec["tile_width"], spec["attributes"].get("planarconfig")) == ((tile or (0,))[0], planar)
    img = tiff.read(path)
    assert same_bits(img.numpy(), reference) and same_bits(img.numpy(), pixels)
    assert img.metadata["tiff:PlanarConfiguration"] == planar


def test_large_zip_writes_compressed_in_parallel_read_in_oiio(tmp_path):
    pixels = sample((600, 900, 4), "uint16", seed=12)
    pixels[:, :, 0] = np.arange(900, dtype=np.uint16) * 70  # something the predictor helps with
    tiff.write(tmp_path / "big.tif", vfxpy.Image(pixels), compression="zip")
    reference, spec = oiio_read_config(tmp_path / "big.tif", tmp_path, UNASSOCIATED)
    assert same_bits(reference, pixels)
    assert spec["attributes"]["compression"] == "zip" and spec["attributes"]["tiff:RowsPerStrip"] == 32
    floats = sample((300, 500, 3), "float", seed=13)
    tiff.write(tmp_path / "bigf.tif", vfxpy.Image(floats), compression="zip")
    reference, spec = oiio_read_config(tmp_path / "bigf.tif", tmp_path, UNASSOCIATED)
    assert same_bits(reference, floats)


def test_large_files_decode_in_parallel_like_oiio(tmp_path):
    pixels = sample((700, 1100, 4), "uint16", seed=4)  # 6 MB: over the parallel threshold
    pixels[:, :, 3] = np.linspace(0, 65535, 1100).astype(np.uint16)
    for tile in (None, (64, 64)):
        path = tmp_path / f"large{tile is None}.tif"
        oiio_write(path, pixels, tmp_path, tile=tile, attributes={"compression": "lzw", **UNASSOCIATED})
        assert same_bits(tiff.read(path).numpy(), pixels)
    vfxpy.set_threads(1)
    try:
        assert same_bits(tiff.read(path).numpy(), pixels)
    finally:
        vfxpy.set_threads(0)


@pytest.mark.parametrize("kind", list(DTYPES))
@pytest.mark.parametrize("compression", ["none", "lzw", "zip"])
def test_files_written_by_vfxpy_read_exactly_in_oiio(tmp_path, kind, compression):
    channels = 1 + (len(compression) + 2 * len(kind)) % 4
    pixels = sample((41, 67, channels), kind, seed=20 + channels)
    img = vfxpy.Image(pixels)
    img.metadata = {"ImageDescription": "plate 12", "Artist": "comp", "Copyright": "studio",
                    "XResolution": 72.0, "YResolution": 72.0, "ResolutionUnit": "inch", "Orientation": 1}
    path = tmp_path / "ours.tif"
    tiff.write(path, img, compression=compression)
    reference, spec = oiio_read_config(path, tmp_path, UNASSOCIATED)
    assert same_bits(reference, pixels)
    attributes = spec["attributes"]
    assert attributes["ImageDescription"] == "plate 12"
    assert attributes["Artist"] == "comp" and attributes["Copyright"] == "studio"
    assert attributes["Software"].startswith("vfxpy ")
    assert attributes["compression"] == compression
    assert attributes["XResolution"] == 72.0
    if channels in (2, 4):
        assert attributes["oiio:UnassociatedAlpha"] == 1  # ExtraSamples = unassociated alpha
    again = tiff.read(path)
    assert same_bits(again.numpy(), pixels)
    assert again.metadata["ImageDescription"] == "plate 12"
    assert (again.metadata["XResolution"], again.metadata["ResolutionUnit"]) == (72.0, "inch")


@pytest.mark.parametrize("kind", ["uint16", "float"])
@pytest.mark.parametrize("compression", ["lzw", "zip"])
def test_tiled_writes_read_in_oiio(tmp_path, kind, compression):
    pixels = sample((50, 75, 3), kind, seed=5)
    tiff.write(tmp_path / "tiled.tif", vfxpy.Image(pixels), tile_size=(32, 16), compression=compression)
    reference, spec = oiio_read_config(tmp_path / "tiled.tif", tmp_path, UNASSOCIATED)
    assert (spec["tile_width"], spec["tile_height"]) == (32, 16)
    assert same_bits(reference, pixels)
    assert same_bits(tiff.read(tmp_path / "tiled.tif").numpy(), pixels)


def test_float_round_trips_are_exact_even_for_nan_and_infinity(tmp_path):
    pixels = sample((16, 24, 4), "float", seed=6)
    pixels[0, :4, 0] = [np.inf, -np.inf, np.nan, -0.0]
    pixels[1, 0, :] = [1e-40, 3.4e38, -1e-30, 65504.0]
    halves = np.clip(pixels, -65504, 65504).astype(np.float16)
    for compression in ("none", "lzw", "zip"):
        tiff.write(tmp_path / "f.tif", vfxpy.Image(pixels), compression=compression)
        assert same_bits(tiff.read(tmp_path / "f.tif").numpy(), pixels)
    tiff.write(tmp_path / "h.tif", vfxpy.Image(halves))
    back = tiff.read(tmp_path / "h.tif")
    assert back.format == "f16" and same_bits(back.numpy(), halves)


def test_bit_depth_option_and_defaults(tmp_path):
    pixels = sample((8, 8, 3), "float", seed=7)
    img = vfxpy.Image(pixels)
    tiff.write(tmp_path / "a.tif", img, bit_depth=16)
    assert io.info(tmp_path / "a.tif").format == "u16"
    expected = np.round(np.clip(pixels, 0, 1) * 65535).astype(np.uint16)
    reference, _ = oiio_read_config(tmp_path / "a.tif", tmp_path, UNASSOCIATED)
    assert np.array_equal(reference, expected)
    tiff.write(tmp_path / "b.tif", vfxpy.Image(pixels.astype(np.float16)))
    assert io.info(tmp_path / "b.tif").format == "f16"
    tiff.write(tmp_path / "c.tif", vfxpy.Image(pixels.astype(np.float16)), bit_depth=32)
    assert io.info(tmp_path / "c.tif").format == "f32"
    # read → write keeps the file's depth and compression from the metadata
    tiff.write(tmp_path / "d.tif", img, bit_depth=8, compression="lzw")
    eight = tiff.read(tmp_path / "d.tif")
    wide = eight.astype("f32")
    wide.metadata = eight.metadata
    tiff.write(tmp_path / "e.tif", wide)
    assert io.info(tmp_path / "e.tif").format == "u8"
    assert io.info(tmp_path / "e.tif").metadata["compression"] == "lzw"


def test_lists_of_images_write_pages(tmp_path):
    first, second = sample((10, 12, 3), "uint8", 8), sample((7, 5, 1), "float", 9)
    tiff.write(tmp_path / "pages.tif", [vfxpy.Image(first), vfxpy.Image(second)])
    assert io.info(tmp_path / "pages.tif").subimages == 2
    assert same_bits(tiff.read(tmp_path / "pages.tif").numpy(), first)
    assert same_bits(tiff.read(tmp_path / "pages.tif", subimage=1).numpy(), second)
    reference, _ = oiio_read_config(tmp_path / "pages.tif", tmp_path, UNASSOCIATED, subimage=1)
    assert same_bits(reference, second)
    with pytest.raises(ValueError, match="subimage"):
        tiff.read(tmp_path / "pages.tif", subimage=2)


def handmade_tiff(width, height, bits, photometric, data, extra_entries=(), order="<"):
    """An uncompressed, one-strip, one-sample TIFF built byte by byte (`order` "<" for
    little-endian "II", ">" for big-endian "MM")."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, bits), (259, 3, 1, 1), (262, 3, 1, photometric),
               (273, 4, 1, 0), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, len(data))] + list(extra_entries)
    entries.sort()
    ifd_size = 2 + 12 * len(entries) + 4
    blobs = b""
    body = b""
    data_offset = 8 + ifd_size
    for tag, kind, count, value in entries:
        if isinstance(value, bytes):
            offset = data_offset + len(data) + len(blobs)
            blobs += value
            body += struct.pack(order + "HHII", tag, kind, count, offset)
        elif tag == 273:
            body += struct.pack(order + "HHII", tag, kind, count, data_offset)
        elif kind == 3:
            body += struct.pack(order + "HHIHH", tag, kind, count, value, 0)
        else:
            body += struct.pack(order + "HHII", tag, kind, count, value)
    magic = b"II*\x00" if order == "<" else b"MM\x00*"
    return magic + struct.pack(order + "I", 8) + struct.pack(order + "H", len(entries)) + body + b"\0\0\0\0" + data + blobs


def test_big_endian_files_read_like_oiio(tmp_path):
    pixels = sample((6, 9, 1), "uint16", seed=14)
    data = handmade_tiff(9, 6, 16, 1, pixels.astype(">u2").tobytes(), order=">")
    (tmp_path / "mm.tif").write_bytes(data)
    img = tiff.read(tmp_path / "mm.tif")
    reference, _ = oiio_read_config(tmp_path / "mm.tif", tmp_path, UNASSOCIATED)
    assert same_bits(img.numpy(), pixels) and same_bits(reference, pixels)


def test_palette_and_bilevel_files_read_like_oiio(tmp_path):
    colormap = np.zeros((3, 256), np.uint16)
    colormap[:, :4] = [[65535, 0, 0, 4369], [0, 65535, 0, 8738], [0, 0, 65535, 13107]]
    indices = bytes((x + y) % 4 for y in range(6) for x in range(9))
    palette = handmade_tiff(9, 6, 8, 3, indices, [(320, 3, 768, colormap.astype("<u2").tobytes())])
    (tmp_path / "palette.tif").write_bytes(palette)
    img = tiff.read(tmp_path / "palette.tif")
    reference, _ = oiio_read_config(tmp_path / "palette.tif", tmp_path, UNASSOCIATED)
    assert (img.channels, img.format) == (3, "u8")
    assert np.array_equal(img.numpy(), reference)
    assert img.numpy()[0, 3].tolist() == [17, 34, 51]
    bilevel = handmade_tiff(16, 2, 1, 1, bytes([0b10110000, 0b00001111] * 2))
    (tmp_path / "bilevel.tif").write_bytes(bilevel)
    img = tiff.read(tmp_path / "bilevel.tif")
    assert (img.channels, img.format) == (1, "u8")
    assert img.numpy()[0, :, 0].tolist() == [255, 0, 255, 255] + [0] * 8 + [255] * 4


@pytest.mark.parametrize(
    "options, exc, words",
    [({"compression": "jpeg"}, ValueError, "compression"), ({"bit_depth": 12}, ValueError, "bit_depth"),
     ({"tile_size": (20, 16)}, ValueError, "tile_size"), ({"tile_size": (16,)}, ValueError, "tile_size"),
     ({"tile_size": (8192, 16)}, ValueError, "tile_size"),
     ({"tile_size": 16}, TypeError, "")],
)
def test_bad_options_are_refused(tmp_path, options, exc, words):
    with pytest.raises(exc, match=words):
        tiff.write(tmp_path / "x.tif", vfxpy.Image.new(4, 4), **options)
    assert not (tmp_path / "x.tif").exists()


def with_tags(data, values):
    """`data` (a little-endian TIFF) with the tags in `values` ({tag: n}) set to LONG n."""
    out = bytearray(data)
    (ifd,) = struct.unpack_from("<I", out, 4)
    (count,) = struct.unpack_from("<H", out, ifd)
    for index in range(count):
        at = ifd + 2 + 12 * index
        (tag,) = struct.unpack_from("<H", out, at)
        if tag in values:
            struct.pack_into("<HHII", out, at, tag, 4, 1, values[tag])
    return bytes(out)


def with_size(data, width, height):
    return with_tags(data, {256: width, 257: height})


def test_damaged_files_raise_format_errors_without_crashing_or_printing(run, tmp_path):
    img = vfxpy.Image(sample((64, 80, 4), "uint16", seed=11))
    img.metadata = {"ImageDescription": "d" * 50}
    tiff.write(tmp_path / "good.tif", img, compression="zip")
    tiff.write(tmp_path / "plain.tif", img, compression="none")
    good = (tmp_path / "good.tif").read_bytes()
    # One byte short is not tested: the last bytes are the Software tag's text, which
    # libtiff drops with a warning (the pixels are complete and correct).
    files = truncations(good, last_byte=False)
    files["empty"] = b""
    files["magic_only"] = good[:4]
    files["garbage_after_magic"] = good[:4] + bytes(np.random.default_rng(3).integers(0, 256, 5000, dtype=np.uint8))
    corrupt = bytearray(good)
    corrupt[200:260] = b"\x55" * 60
    files["corrupt_strip"] = bytes(corrupt)
    files["absurd_100000x100000"] = with_size((tmp_path / "plain.tif").read_bytes(), 100000, 100000)
    files["zero_width"] = with_size((tmp_path / "plain.tif").read_bytes(), 0, 64)
    tiff.write(tmp_path / "tiled.tif", img, tile_size=(16, 16))
    files["absurd_tiles"] = with_tags((tmp_path / "tiled.tif").read_bytes(), {322: 1 << 20, 323: 1 << 20})
    outcomes, peak_kib = read_damaged(run, tmp_path, files)
    assert "tile size" in outcomes["absurd_tiles"]["message"]
    assert outcomes["empty"]["type"] == "FormatError"
    assert peak_kib < 1_000_000
