"""PNG through libpng, checked against OpenImageIO (a separate process) as the reference.

OIIO premultiplies PNG alpha on read and un-premultiplies on write unless told
'oiio:UnassociatedAlpha'; vfxpy keeps alpha as stored, so every OIIO call here asks for
unassociated alpha. PNG is lossless: all comparisons are exact.
"""

import struct
import zlib

import numpy as np
import pytest

import vfxpy
from vfxpy import io
from vfxpy.io import png
from oiio_ref import oiio_read_config, oiio_write
from raster_corruption import read_damaged, truncations

UNASSOCIATED = {"oiio:UnassociatedAlpha": 1}


def noise(shape, dtype, seed=0):
    return np.random.default_rng(seed).integers(0, np.iinfo(dtype).max + 1, shape, dtype=dtype)


def chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def handmade_png(width, height, bit_depth, color_type, rows, extra_chunks=()):
    """A PNG built byte by byte (filter 0 on every row), for layouts OIIO cannot write."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    data = zlib.compress(b"".join(b"\x00" + row for row in rows))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(extra_chunks) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_files_written_by_oiio_read_exactly(tmp_path, dtype, channels):
    pixels = noise((37, 53, channels), dtype, seed=channels)
    path = tmp_path / "oiio.png"
    oiio_write(path, pixels, tmp_path, attributes=UNASSOCIATED)
    reference, spec = oiio_read_config(path, tmp_path, UNASSOCIATED)
    img = png.read(path)
    assert img.format == ("u8" if dtype == np.uint8 else "u16")
    assert img.channel_names == {1: ["Y"], 2: ["Y", "A"], 3: ["R", "G", "B"], 4: ["R", "G", "B", "A"]}[channels]
    assert np.array_equal(img.numpy(), reference)
    assert np.array_equal(img.numpy(), pixels)
    assert img.metadata["bit_depth"] == (8 if dtype == np.uint8 else 16)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_files_written_by_vfxpy_read_exactly_in_oiio(tmp_path, dtype, channels):
    pixels = noise((29, 71, channels), dtype, seed=10 + channels)
    img = vfxpy.Image(pixels)
    img.metadata = {"ImageDescription": "plate 12", "Artist": "comp", "Shot": "sh010",
                    "XResolution": 300.0, "YResolution": 300.0, "ResolutionUnit": "inch",
                    "DateTime": "2024:05:06 07:08:09"}
    path = tmp_path / "ours.png"
    png.write(path, img, compression=3)
    reference, spec = oiio_read_config(path, tmp_path, UNASSOCIATED)
    assert np.array_equal(reference, pixels)
    attributes = spec["attributes"]
    assert attributes["ImageDescription"] == "plate 12"
    assert attributes["Artist"] == "comp"
    assert attributes["Shot"] == "sh010"
    assert attributes["DateTime"] == "2024:05:06 07:08:09"
    # pHYs stores whole pixels per meter: 300 dpi → 11811 px/m → 299.9994 dpi.
    assert attributes["XResolution"] == pytest.approx(300, abs=0.01)
    again = png.read(path)
    assert np.array_equal(again.numpy(), pixels)
    assert again.metadata["ImageDescription"] == "plate 12" and again.metadata["Shot"] == "sh010"
    assert again.metadata["DateTime"] == "2024:05:06 07:08:09"
    assert again.metadata["XResolution"] == pytest.approx(300, abs=0.01)


def test_float_images_are_clamped_and_rounded_to_16_bits(tmp_path):
    values = np.array([[[-0.5, 0.0, 0.25, 1.0], [0.5, 1.5, 1e-6, 0.999999]]], np.float32)
    path = tmp_path / "float.png"
    png.write(path, vfxpy.Image(values))
    expected = np.round(np.clip(values, 0, 1) * 65535).astype(np.uint16)
    reference, spec = oiio_read_config(path, tmp_path, UNASSOCIATED)
    assert spec["format"] == "uint16"
    assert np.array_equal(reference, expected)


def test_bit_depth_option_and_default_from_metadata(tmp_path):
    pixels = noise((8, 8, 3), np.uint8)
    img = vfxpy.Image(pixels)
    png.write(tmp_path / "a.png", img, bit_depth=16)
    wide = png.read(tmp_path / "a.png")
    assert wide.format == "u16" and np.array_equal(wide.numpy(), pixels.astype(np.uint16) * 257)
    # read → write keeps the file's depth while the image holds it (a 16-bit file stays
    # 16-bit)...
    png.write(tmp_path / "same.png", wide)
    assert io.info(tmp_path / "same.png").format == "u16"
    # ...but never beyond what the image holds: converted to u8, it writes 8-bit.
    narrow = wide.astype("u8")
    narrow.metadata = wide.metadata
    png.write(tmp_path / "b.png", narrow)
    assert io.info(tmp_path / "b.png").format == "u8"
    png.write(tmp_path / "c.png", narrow, bit_depth=8)
    assert np.array_equal(png.read(tmp_path / "c.png").numpy(), pixels)


def test_compression_levels_are_lossless(tmp_path):
    ramp = np.linspace(0, 65535, 64 * 64 * 4).astype(np.uint16).reshape(64, 64, 4)
    pixels = ramp ^ (noise((64, 64, 4), np.uint16) & 7)
    sizes = []
    for level in (0, 1, 9):
        path = tmp_path / f"level{level}.png"
        png.write(path, vfxpy.Image(pixels), compression=level)
        assert np.array_equal(png.read(path).numpy(), pixels)
        sizes.append(path.stat().st_size)
    assert sizes[0] > sizes[2]


def test_palette_transparency_and_low_bit_gray_expand_like_oiio(tmp_path):
    palette = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    rows = [bytes([(x + y) % 4 for x in range(7)]) for y in range(5)]
    with_trns = handmade_png(7, 5, 8, 3, rows, [chunk(b"PLTE", palette), chunk(b"tRNS", bytes([255, 128, 0]))])
    (tmp_path / "palette.png").write_bytes(with_trns)
    img = png.read(tmp_path / "palette.png")
    assert (img.channels, img.format) == (4, "u8")
    reference, _ = oiio_read_config(tmp_path / "palette.png", tmp_path, UNASSOCIATED)
    assert np.array_equal(img.numpy(), reference)
    assert img.numpy()[0, 1].tolist() == [0, 255, 0, 128]
    # 2-bit gray: 4 pixels a byte, scaled to 8 bits (0, 85, 170, 255).
    two_bit = handmade_png(8, 2, 2, 0, [bytes([0b00011011, 0b11100100])] * 2)
    (tmp_path / "gray2.png").write_bytes(two_bit)
    gray = png.read(tmp_path / "gray2.png")
    reference, _ = oiio_read_config(tmp_path / "gray2.png", tmp_path, UNASSOCIATED)
    assert np.array_equal(gray.numpy(), reference)
    assert gray.numpy()[0, :, 0].tolist() == [0, 85, 170, 255, 255, 170, 85, 0]


def test_interlaced_files_read_like_oiio(tmp_path):
    pixels = noise((13, 19, 3), np.uint16, seed=4)
    big_endian = pixels.astype(">u2")
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:  # Adam7: each pass a small image of its own, filter 0
        sub = big_endian[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\x00" + row.tobytes() for row in sub)
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 19, 13, 16, 2, 0, 0, 1))
    data = b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    (tmp_path / "adam7.png").write_bytes(data)
    img = png.read(tmp_path / "adam7.png")
    reference, _ = oiio_read_config(tmp_path / "adam7.png", tmp_path, UNASSOCIATED)
    assert np.array_equal(img.numpy(), reference)
    assert np.array_equal(img.numpy(), pixels)


def test_text_chunks_in_latin1_and_utf8(tmp_path):
    img = vfxpy.Image(noise((4, 4, 3), np.uint8))
    img.metadata = {"Comment": "café – ✓", "Plain": "ascii", "bit_depth": 8, "dpx:ignored": "x"}
    png.write(tmp_path / "t.png", img)
    meta = png.read(tmp_path / "t.png").metadata
    assert meta["Comment"] == "café – ✓" and meta["Plain"] == "ascii"
    assert "dpx:ignored" not in meta
    latin = handmade_png(1, 1, 8, 0, [b"\x00"], [chunk(b"tEXt", b"Author\x00Jos\xe9")])
    (tmp_path / "latin.png").write_bytes(latin)
    assert png.read(tmp_path / "latin.png").metadata["Artist"] == "José"


@pytest.mark.parametrize(
    "options, words",
    [({"compression": 10}, "compression"), ({"compression": -1}, "compression"), ({"bit_depth": 12}, "bit_depth")],
)
def test_bad_options_are_value_errors(tmp_path, options, words):
    with pytest.raises(ValueError, match=words):
        png.write(tmp_path / "x.png", vfxpy.Image.new(4, 4), **options)
    assert not (tmp_path / "x.png").exists()


def test_unknown_options_channels_and_subimages_are_refused(tmp_path):
    with pytest.raises(ValueError, match="quality"):
        vfxpy.write(tmp_path / "x.png", vfxpy.Image.new(4, 4), quality=5)
    with pytest.raises(ValueError, match="1 to 4 channels"):
        png.write(tmp_path / "x.png", vfxpy.Image.new(4, 4, channels=5))
    with pytest.raises(TypeError):
        png.write(tmp_path / "x.png", vfxpy.Image.new(4, 4), quality=5)
    png.write(tmp_path / "x.png", vfxpy.Image.new(4, 4))
    with pytest.raises(ValueError, match="subimage"):
        png.read(tmp_path / "x.png", subimage=1)
    info = png.info(tmp_path / "x.png")
    assert (info.width, info.height, info.channels, info.format, info.file_format) == (4, 4, 4, "u16", "png")


def test_the_memory_limit_applies_before_decoding(tmp_path):
    png.write(tmp_path / "x.png", vfxpy.Image(noise((64, 64, 4), np.uint16)))
    before = vfxpy.max_image_bytes()
    vfxpy.set_max_image_bytes(10_000)
    try:
        with pytest.raises(MemoryError, match="x.png"):
            png.read(tmp_path / "x.png")
        assert png.info(tmp_path / "x.png").width == 64  # the header alone needs no pixels
    finally:
        vfxpy.set_max_image_bytes(before)


def absurd_size(data, width, height):
    """`data` with the IHDR size replaced and its CRC fixed."""
    ihdr = bytearray(data[12:29])
    ihdr[4:12] = struct.pack(">II", width, height)
    return data[:12] + bytes(ihdr) + struct.pack(">I", zlib.crc32(bytes(ihdr))) + data[33:]


def test_damaged_files_raise_format_errors_without_crashing_or_printing(run, tmp_path):
    img = vfxpy.Image(noise((64, 64, 4), np.uint16))
    img.metadata = {"Note": "x" * 100}
    png.write(tmp_path / "good.png", img)
    good = (tmp_path / "good.png").read_bytes()
    files = truncations(good)
    files["empty"] = b""
    files["signature_only"] = good[:8]
    files["garbage_after_magic"] = good[:8] + bytes(np.random.default_rng(1).integers(0, 256, 4000, dtype=np.uint8))
    corrupt_data = bytearray(good)
    corrupt_data[len(good) // 2: len(good) // 2 + 64] = b"\xff" * 64
    files["corrupt_idat"] = bytes(corrupt_data)
    bad_crc = bytearray(good)
    bad_crc[29] ^= 0xFF
    files["bad_ihdr_crc"] = bytes(bad_crc)
    files["absurd_100000x100000"] = absurd_size(good, 100000, 100000)
    files["zero_width"] = absurd_size(good, 0, 64)
    outcomes, peak_kib = read_damaged(run, tmp_path, files)
    assert outcomes["absurd_100000x100000"]["type"] == "MemoryError"
    assert "100000x100000" in outcomes["absurd_100000x100000"]["message"]
    assert outcomes["empty"]["type"] == "FormatError"
    assert all(o["type"] == "FormatError" for name, o in outcomes.items() if name != "absurd_100000x100000")
    assert peak_kib < 1_000_000
