"""DPX (vfxpy.io.dpx) against OpenImageIO 2.4 as the independent reference.

Integer codes are compared bit-exactly. OIIO returns 10/12-bit DPX data as
``code << (16 - bits)`` in uint16 (no bit replication), so its codes are
``value >> (16 - bits)``; ours are ``round(value * max / 65535)``. OIIO's TypeDesc has no
"uint10": its writer takes 10/12-bit from ``uint16`` data plus the attribute
``oiio:BitsPerSample`` and converts by ``value >> (16 - bits)``, so the tests hand it
``code << (16 - bits)``. Its byte order comes from ``oiio:Endian``. OIIO 2.4 writes 12-bit
and one-channel files packed whatever ``dpx:Packing`` says, so filled 12-bit and filled
luma files come from vfxpy (and OIIO reads them) or are crafted below.
"""

import json
import struct
import textwrap

import numpy as np
import pytest

import vfxpy
from vfxpy.io import dpx
from oiio_ref import oiio_read, oiio_write

OIIO_PACKING = {"packed": "Packed", "filled_a": "Filled, method A", "filled_b": "Filled, method B"}


def random_codes(bits, shape, seed=0):
    """Codes covering 0 and the maximum plus random values."""
    rng = np.random.default_rng(seed + bits)
    codes = rng.integers(0, 1 << bits, shape, dtype=np.int64)
    codes.flat[0] = 0
    codes.flat[-1] = (1 << bits) - 1
    return codes


def codes_of_ours(img, bits):
    values = np.asarray(img).astype(np.int64)
    if bits == 8:
        assert img.format == "u8"
        return values
    assert img.format == "u16"
    return (values * ((1 << bits) - 1) + 32767) // 65535


def codes_of_oiio(pixels, bits):
    values = pixels.astype(np.int64)
    return values if bits == 8 else values >> (16 - bits)


def oiio_pixels(codes, bits):
    return codes.astype(np.uint8) if bits == 8 else (codes << (16 - bits)).astype(np.uint16)


# --- Files written by OpenImageIO -----------------------------------------------------------


@pytest.mark.parametrize("bits", [8, 10, 12, 16])
@pytest.mark.parametrize("packing", ["packed", "filled_a", "filled_b"])
@pytest.mark.parametrize("endian", ["big", "little"])
def test_reads_oiio_rgb_files_bit_exactly(tmp_path, bits, packing, endian):
    codes = random_codes(bits, (5, 7, 3))  # odd width: partial words at row ends
    path = tmp_path / f"oiio_{bits}_{packing}_{endian}.dpx"
    oiio_write(path, oiio_pixels(codes, bits), tmp_path, format="uint8" if bits == 8 else "uint16",
               attributes={"oiio:BitsPerSample": bits, "dpx:Packing": OIIO_PACKING[packing], "oiio:Endian": endian})
    reference, spec = oiio_read(path, tmp_path)
    assert np.array_equal(codes_of_oiio(reference, bits), codes)
    img = dpx.read(path)
    assert (img.width, img.height, img.channels, img.channel_names) == (7, 5, 3, ["R", "G", "B"])
    assert np.array_equal(codes_of_ours(img, bits), codes_of_oiio(reference, bits))
    assert img.metadata["bit_depth"] == bits == spec["attributes"]["oiio:BitsPerSample"]
    assert img.metadata["dpx:Packing"] == spec["attributes"]["dpx:Packing"]
    assert img.metadata["dpx:ByteOrder"] == endian


@pytest.mark.parametrize("bits, channels", [(10, 4), (12, 4), (16, 4), (8, 4), (10, 1), (12, 1), (16, 1)])
def test_reads_oiio_rgba_and_luma_files(tmp_path, bits, channels):
    codes = random_codes(bits, (4, 11, channels), seed=3)
    path = tmp_path / "plate.dpx"
    oiio_write(path, oiio_pixels(codes, bits), tmp_path, format="uint8" if bits == 8 else "uint16",
               attributes={"oiio:BitsPerSample": bits})
    reference, spec = oiio_read(path, tmp_path)
    img = dpx.read(path)
    assert np.array_equal(codes_of_ours(img, bits), codes_of_oiio(reference, bits))
    assert np.array_equal(codes_of_ours(img, bits), codes)
    assert img.metadata["dpx:ImageDescriptor"] == spec["attributes"]["dpx:ImageDescriptor"]
    assert img.channel_names == (["Y"] if channels == 1 else ["R", "G", "B", "A"])


def test_reads_oiio_header_fields_as_oiio_names_them(tmp_path):
    path = tmp_path / "meta.dpx"
    attributes = {
        "oiio:BitsPerSample": 10, "dpx:Transfer": "Printing density", "dpx:Colorimetric": "Printing density",
        "dpx:TimeCode": "01:00:00:12", "dpx:UserBits": 7, "dpx:FrameRate": 23.976, "DocumentName": "show",
        "Copyright": "studio", "Software": "scanner 1.0", "ImageDescription": "plate", "dpx:SlateInfo": "slate",
        "dpx:FramePosition": 1001, "dpx:SequenceLength": 240, "dpx:ShutterAngle": 180.0,
        "dpx:InputDevice": "scanner", "dpx:FrameId": "A001", "dpx:Interlace": 0, "dpx:TemporalFrameRate": 24.0,
        "dpx:BlackLevel": 64.0, "dpx:WhiteLevel": 940.0, "dpx:LowData": 0, "dpx:HighData": 1023,
        "PixelAspectRatio": 2.0,
    }
    oiio_write(path, np.zeros((2, 3, 3), np.uint16), tmp_path, format="uint16", attributes=attributes)
    _, spec = oiio_read(path, tmp_path)
    theirs = spec["attributes"]
    ours = dpx.read(path).metadata
    shared = (set(ours) & set(theirs)) - {"bit_depth"}
    assert len(shared) >= 25, sorted(shared)
    for key in shared:
        if isinstance(theirs[key], float):
            assert ours[key] == pytest.approx(theirs[key], rel=1e-6), key  # both are the file's float32
        elif isinstance(theirs[key], list):
            assert list(ours[key]) == theirs[key], key
        else:
            assert ours[key] == theirs[key], key
    assert ours["dpx:Transfer"] == "Printing density" and ours["dpx:TimeCode"] == "01:00:00:12"
    assert ours["smpte:TimeCode"][1] == 7 and ours["DocumentName"] == "show"
    assert ours["dpx:FrameRate"] == pytest.approx(23.976, rel=1e-6)


# --- Files written by vfxpy, read by OpenImageIO --------------------------------------------


@pytest.mark.parametrize("bits", [8, 10, 12, 16])
@pytest.mark.parametrize("packing", ["packed", "filled_a", "filled_b"])
@pytest.mark.parametrize("channels", [3, 4])
def test_oiio_reads_what_we_write(tmp_path, bits, packing, channels):
    codes = random_codes(bits, (6, 9, channels), seed=channels)
    img = vfxpy.Image((codes / ((1 << bits) - 1)).astype(np.float32))
    path = tmp_path / "ours.dpx"
    dpx.write(path, img, bit_depth=bits, packing=packing, transfer="printing_density",
              colorimetric="itu_r_709_4", timecode="01:02:03:04", byte_order="little" if bits == 12 else None)
    reference, spec = oiio_read(path, tmp_path)
    assert np.array_equal(codes_of_oiio(reference, bits), codes)
    attrs = spec["attributes"]
    assert attrs["oiio:BitsPerSample"] == bits
    assert attrs["dpx:Packing"] == OIIO_PACKING[packing]
    assert attrs["dpx:ImageDescriptor"] == ("RGB" if channels == 3 else "RGBA")
    assert attrs["dpx:Transfer"] == "Printing density" and attrs["dpx:Colorimetric"] == "ITU-R 709-4"
    assert attrs["dpx:TimeCode"] == "01:02:03:04"
    assert spec["channel_names"] == ["R", "G", "B", "A"][:channels]


@pytest.mark.parametrize("bits, packing", [(10, "packed"), (10, "filled_a"), (10, "filled_b"), (12, "packed"),
                                           (12, "filled_a"), (8, "filled_a"), (16, "filled_a")])
def test_oiio_reads_our_luma(tmp_path, bits, packing):
    # Width a multiple of 3: libdpx's one-channel filled 10-bit reader swaps datums in
    # threes and runs past the row end for other widths.
    codes = random_codes(bits, (5, 12, 1), seed=9)
    path = tmp_path / "luma.dpx"
    dpx.write(path, vfxpy.Image((codes / ((1 << bits) - 1)).astype(np.float32)), bit_depth=bits, packing=packing)
    reference, spec = oiio_read(path, tmp_path)
    assert spec["attributes"]["dpx:ImageDescriptor"] == "Luma"
    assert np.array_equal(codes_of_oiio(reference, bits), codes)


def test_metadata_we_write_is_visible_in_oiio(tmp_path):
    img = vfxpy.Image(np.zeros((2, 4, 3), np.uint16))
    img.metadata = {"bit_depth": 10, "DocumentName": "show", "Copyright": "studio", "dpx:SlateInfo": "take 3",
                    "dpx:FramePosition": 1001, "dpx:Signal": "PAL", "dpx:FilmEdgeCode": "1234567890123456",
                    "PixelAspectRatio": 2.0, "ImageDescription": "plate", "dpx:HighData": 1023}
    path = tmp_path / "meta.dpx"
    dpx.write(path, img, transfer="log", colorimetric="printing_density", timecode="10:00:00;12", frame_rate=24)
    _, spec = oiio_read(path, tmp_path)
    attrs = spec["attributes"]
    assert attrs["oiio:BitsPerSample"] == 10
    assert attrs["dpx:Transfer"] == "Logarithmic" and attrs["dpx:Colorimetric"] == "Printing density"
    assert attrs["dpx:TimeCode"] == "10:00:00;12" and attrs["dpx:FrameRate"] == 24.0
    assert attrs["DocumentName"] == "show" and attrs["Copyright"] == "studio"
    assert attrs["dpx:SlateInfo"] == "take 3" and attrs["dpx:FramePosition"] == 1001
    assert attrs["dpx:Signal"] == "PAL" and attrs["dpx:FilmEdgeCode"] == "1234567890123456"
    assert attrs["PixelAspectRatio"] == 2.0 and attrs["ImageDescription"] == "plate"
    assert attrs["dpx:HighData"] == 1023
    assert attrs["Software"].startswith("vfxpy")


# --- Round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("packing", ["packed", "filled_a", "filled_b"])
def test_ten_bit_codes_survive_u16_and_f32_round_trips(tmp_path, packing):
    codes = np.arange(1024 * 3).reshape(32, 32, 3) % 1024  # every 10-bit code
    u16 = ((codes * 65535 + 511) // 1023).astype(np.uint16)
    path = tmp_path / "ten.dpx"
    dpx.write(path, vfxpy.Image(u16), bit_depth=10, packing=packing)
    back = dpx.read(path)
    assert back.format == "u16" and np.array_equal(np.asarray(back), u16)
    # f32 decodes exactly code / 1023 (the nearest float32), and writes back to the same codes.
    f32 = dpx.read(path, format="f32")
    assert f32.format == "f32"
    assert np.array_equal(np.asarray(f32), codes.astype(np.float32) / np.float32(1023))
    again = tmp_path / "again.dpx"
    dpx.write(again, f32)  # bit depth and packing come from the metadata
    assert again.read_bytes()[8192:] == path.read_bytes()[8192:]
    assert dpx.read(again).metadata["dpx:Packing"] == OIIO_PACKING[packing]


def test_read_then_write_keeps_bit_depth_and_header(tmp_path):
    path = tmp_path / "a.dpx"
    img = vfxpy.Image(np.full((2, 3, 3), 1000, np.uint16))
    dpx.write(path, img, bit_depth=12, packing="filled_b", transfer="linear", timecode="00:00:01:02", frame_rate=25)
    first = dpx.read(path)
    vfxpy.write(tmp_path / "b.dpx", first)
    second = dpx.read(tmp_path / "b.dpx")
    for key in ("bit_depth", "dpx:Packing", "dpx:Transfer", "dpx:TimeCode", "smpte:TimeCode", "dpx:FrameRate"):
        assert second.metadata[key] == first.metadata[key], key
    assert second.metadata["bit_depth"] == 12
    assert np.array_equal(np.asarray(second), np.asarray(first))


def test_defaults_and_float_quantization(tmp_path):
    f = np.array([[[-0.5, 0.0, 0.5], [1.0, 2.0, np.nan], [0.25, 1 / 1023, 0.75]]], np.float32)
    path = tmp_path / "f.dpx"
    dpx.write(path, vfxpy.Image(f))
    meta = dpx.read(path).metadata
    assert meta["bit_depth"] == 16 and meta["dpx:Packing"] == "Filled, method A"
    assert meta["dpx:Transfer"] == "User defined" and meta["dpx:ByteOrder"] == "big"
    assert path.read_bytes()[:4] == b"SDPX"
    expected = np.floor(np.clip(np.nan_to_num(f, nan=0.0), 0, 1) * 65535 + 0.5).astype(np.uint16)
    assert np.array_equal(np.asarray(dpx.read(path)), expected)
    dpx.write(path, vfxpy.Image((np.nan_to_num(f) * 255).clip(0, 255).astype(np.uint8)))
    assert dpx.read(path).metadata["bit_depth"] == 8 and dpx.read(path).format == "u8"
    dpx.write(path, vfxpy.Image(f), bit_depth=10, byte_order="little")
    assert path.read_bytes()[:4] == b"XPDS"
    codes = codes_of_ours(dpx.read(path), 10)
    assert codes.ravel().tolist() == [0, 0, 512, 1023, 1023, 0, 256, 1, 767]


def test_reads_convert_to_any_format(tmp_path):
    codes = random_codes(10, (3, 4, 3))
    path = tmp_path / "c.dpx"
    dpx.write(path, vfxpy.Image((codes / 1023).astype(np.float32)), bit_depth=10)
    u8 = dpx.read(path, format="u8")
    assert u8.format == "u8" and np.array_equal(np.asarray(u8), (codes * 255 + 511) // 1023)
    f16 = dpx.read(path, format="f16")
    assert np.array_equal(np.asarray(f16), (codes / 1023).astype(np.float16))
    generic = vfxpy.read(path, format="f32")
    assert np.array_equal(np.asarray(generic), codes.astype(np.float32) / np.float32(1023))


def test_info_reads_the_header_only(tmp_path):
    path = tmp_path / "i.dpx"
    dpx.write(path, vfxpy.Image(np.zeros((5, 6, 4), np.uint16)), bit_depth=10)
    info = dpx.info(path)
    assert (info.file_format, info.width, info.height, info.channels, info.format) == ("dpx", 6, 5, 4, "u16")
    assert info.channel_names == ["R", "G", "B", "A"] and info.metadata["bit_depth"] == 10
    assert vfxpy.io.info(path).subimages == 1


# --- Crafted layouts: padding, offsets, ABGR ------------------------------------------------


def header_field(data, offset, fmt, value):
    order = ">" if data[:4] == b"SDPX" else "<"
    struct.pack_into(order + fmt, data, offset, value)


@pytest.mark.parametrize("endian", ["big", "little"])
def test_end_of_line_padding_and_data_offset_are_honored(tmp_path, endian):
    codes = random_codes(10, (4, 5, 3))
    plain = tmp_path / "plain.dpx"
    dpx.write(plain, vfxpy.Image((codes / 1023).astype(np.float32)), bit_depth=10, byte_order=endian)
    data = bytearray(plain.read_bytes())
    row = 20  # 15 components, 5 words
    header, pixels = data[:2048], data[8192:]
    padded = bytearray(header) + bytearray(b"\x00" * 16)  # pixels now start at 2064
    for y in range(4):
        padded += pixels[y * row:(y + 1) * row] + b"\xAB" * 12
    header_field(padded, 4, "I", 2064)
    header_field(padded, 780 + 28, "I", 2064)
    header_field(padded, 780 + 32, "I", 12)
    path = tmp_path / "padded.dpx"
    path.write_bytes(bytes(padded))
    img = dpx.read(path)
    assert img.metadata["dpx:EndOfLinePadding"] == 12
    assert np.array_equal(codes_of_ours(img, 10), codes)
    reference, _ = oiio_read(path, tmp_path)
    assert np.array_equal(codes_of_oiio(reference, 10), codes)


def test_abgr_elements_read_as_rgba(tmp_path):
    codes = random_codes(8, (3, 4, 4))
    path = tmp_path / "abgr.dpx"
    dpx.write(path, vfxpy.Image(codes.astype(np.uint8)))
    data = bytearray(path.read_bytes())
    data[8192:] = codes[:, :, ::-1].astype(np.uint8).tobytes()
    data[800] = 52
    path.write_bytes(bytes(data))
    img = dpx.read(path)
    assert img.metadata["dpx:ImageDescriptor"] == "ABGR"
    assert np.array_equal(np.asarray(img), codes)


def test_multi_element_files_read_each_element(tmp_path):
    codes = random_codes(16, (2, 3, 3))
    path = tmp_path / "two.dpx"
    dpx.write(path, vfxpy.Image(codes.astype(np.uint16)))
    data = bytearray(path.read_bytes())
    data[780 + 72:780 + 144] = data[780:852]
    data[780 + 72 + 20] = 6  # second element: luma over the same bytes
    header_field(data, 770, "H", 2)
    path.write_bytes(bytes(data))
    assert dpx.info(path).subimages == 2
    luma = dpx.read(path, subimage=1)
    assert luma.channels == 1 and np.array_equal(np.asarray(luma).ravel(), codes.ravel()[:6])
    with pytest.raises(ValueError, match="subimage"):
        dpx.read(path, subimage=2)


# --- Errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("shape, options, error, match", [
    ((2, 2, 3), {"bit_depth": 11}, ValueError, "bit_depth"),
    ((2, 2, 3), {"packing": "tight"}, ValueError, "packing"),
    ((2, 2, 3), {"transfer": "sRGB-ish"}, ValueError, "transfer.*printing_density"),
    ((2, 2, 3), {"byte_order": "middle"}, ValueError, "byte_order"),
    ((2, 2, 3), {"timecode": "25:00:00:00"}, ValueError, "timecode"),
    ((2, 2, 3), {"frame_rate": 0}, ValueError, "frame_rate"),
    ((2, 2, 3), {"compresion": "none"}, TypeError, None),
    ((2, 2, 2), {}, ValueError, "channels"),
])
def test_write_options_are_checked(tmp_path, shape, options, error, match):
    path = tmp_path / "x.dpx"
    with pytest.raises(error, match=match):
        dpx.write(path, vfxpy.Image(np.zeros(shape, np.float32)), **options)
    assert not path.exists()  # failed writes leave nothing behind


def test_write_takes_one_image_and_read_no_layer(tmp_path):
    img = vfxpy.Image(np.zeros((2, 2, 3), np.float32))
    path = tmp_path / "x.dpx"
    with pytest.raises(vfxpy.UnsupportedError, match="one image"):
        dpx.write(path, [img, img])
    assert not path.exists()  # failed writes leave nothing behind
    dpx.write(path, img)
    with pytest.raises(ValueError, match="layer"):
        dpx.read(path, layer="diffuse")


CORRUPT_SCRIPT = textwrap.dedent(
    r'''
    import struct, sys
    import numpy as np
    import vfxpy
    from vfxpy.io import dpx

    folder = sys.argv[1]
    good = folder + "/good.dpx"
    dpx.write(good, vfxpy.Image(np.random.default_rng(0).random((64, 48, 3), np.float32)), bit_depth=10)
    data = open(good, "rb").read()

    def case(name, content):
        path = f"{folder}/{name}.dpx"
        open(path, "wb").write(content)
        for call in (dpx.read, dpx.info, vfxpy.read):
            try:
                call(path)
                print(name, call.__name__, "OK")
            except Exception as error:
                named = path in str(error) or getattr(error, "filename", None) == path
                print(name, call.__name__, type(error).__name__, "NAMED" if named else "UNNAMED", str(error))

    def patched(*fields):
        copy = bytearray(data)
        for offset, fmt, value in zip(fields[::3], fields[1::3], fields[2::3]):
            struct.pack_into(">" + fmt, copy, offset, value)
        return bytes(copy)

    case("empty", b"")
    case("magic_only", b"SDPX")
    case("garbage", b"SDPX" + bytes(np.random.default_rng(1).integers(0, 256, 3000, dtype=np.uint8)))
    for cut in (100, 800, 1500, 2047, 8192, 8200, len(data) - 1):
        case(f"cut{cut}", data[:cut])
    case("huge", patched(772, "I", 100000, 776, "I", 100000))
    case("zero_width", patched(772, "I", 0))
    case("no_elements", patched(770, "H", 0))
    case("nine_elements", patched(770, "H", 9))
    case("ycbcr", patched(800, "B", 100))
    case("bits32", patched(803, "B", 32))
    case("rle", patched(806, "H", 1))
    case("packing7", patched(804, "H", 7))
    case("offset_in_header", patched(808, "I", 100))
    case("offset_past_end", patched(808, "I", 2**32 - 2))
    case("padding_absurd", patched(812, "I", 2**31))
    print("DONE")
    '''
)

EXPECTED = {
    "empty": "FormatError", "magic_only": "FormatError", "garbage": "FormatError",
    "huge": "MemoryError", "zero_width": "FormatError", "no_elements": "FormatError",
    "nine_elements": "FormatError", "ycbcr": "UnsupportedError", "bits32": "UnsupportedError",
    "rle": "UnsupportedError", "packing7": "FormatError", "offset_in_header": "FormatError",
    "offset_past_end": "FormatError", "padding_absurd": "FormatError",
}


def test_corrupt_files_raise_and_never_crash(run, tmp_path):
    script = tmp_path / "corrupt.py"
    script.write_text(CORRUPT_SCRIPT)
    result = run(script, tmp_path)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])  # a signal gives < 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-1] == "DONE"
    outcome = {}
    for line in lines[:-1]:
        name, call, kind, *rest = line.split(" ", 3)
        outcome[(name, call)] = (kind, " ".join(rest))
    for cut in (100, 800, 1500, 2047, 8192, 8200):
        EXPECTED[f"cut{cut}"] = "FormatError"
    for name, kind in EXPECTED.items():
        found, text = outcome[(name, "read")]
        assert found == kind, (name, found, text)
        assert text.startswith("NAMED"), (name, text)
    # The header alone is enough for info() on files whose pixels are cut off.
    assert outcome[("cut8200", "info")][0] == "OK" and outcome[("huge", "info")][0] == "OK"
    assert outcome[("cut100", "info")][0] == "FormatError"
    assert outcome[(f"cut{len(open(tmp_path / 'good.dpx', 'rb').read()) - 1}", "read")][0] == "FormatError"
    assert "100000x100000" in outcome[("huge", "read")][1]
    assert "CbYCrY" in outcome[("ycbcr", "read")][1] and "truncated" in outcome[("cut8200", "read")][1]


def test_half_images_and_the_generic_write(tmp_path):
    values = np.linspace(-0.25, 1.25, 4 * 6 * 3).reshape(4, 6, 3).astype(np.float16)
    path = tmp_path / "half.dpx"
    vfxpy.write(path, vfxpy.Image(values), bit_depth=10, packing="packed", transfer="linear")
    img = vfxpy.read(path, format="f32")
    expected = np.floor(np.clip(values.astype(np.float32), 0, 1) * np.float32(1023) + np.float32(0.5))
    assert np.array_equal(np.asarray(img), expected / np.float32(1023))
    assert img.metadata["dpx:Transfer"] == "Linear" and img.metadata["dpx:Packing"] == "Packed"
    assert vfxpy.io.detect_format(path) == "dpx"


FUZZ_SCRIPT = textwrap.dedent(
    r'''
    import json
    import sys
    import numpy as np
    import vfxpy
    from vfxpy.io import dpx

    folder = sys.argv[1]
    rng = np.random.default_rng(7)
    vfxpy.set_max_image_bytes(1 << 28)
    originals = []
    for bits, packing, channels in [(10, "filled_a", 3), (12, "packed", 4), (8, "filled_a", 1), (16, "filled_b", 3)]:
        path = f"{folder}/base.dpx"
        dpx.write(path, vfxpy.Image(rng.random((13, 17, channels), np.float32)), bit_depth=bits, packing=packing)
        originals.append(open(path, "rb").read())
    seen = {}
    for index in range(600):
        data = bytearray(originals[index % len(originals)])
        for _ in range(int(rng.integers(1, 6))):
            position = int(rng.choice([rng.integers(0, 2048), rng.integers(768, 830), rng.integers(0, len(data))]))
            data[position] = int(rng.integers(0, 256))
        if rng.random() < 0.2:
            data = data[:int(rng.integers(0, len(data)))]
        path = f"{folder}/fuzz.dpx"
        open(path, "wb").write(data)
        for call in (dpx.read, dpx.info):
            try:
                call(path)
                kind = "ok"
            except (vfxpy.VfxError, MemoryError, ValueError) as error:
                kind = type(error).__name__
            seen[kind] = seen.get(kind, 0) + 1
    print(json.dumps(seen))
    '''
)


def test_mutated_headers_never_crash(run, tmp_path):
    """Random byte changes in headers (and truncations) end in a result or a Python
    exception: no signal, no abort, nothing on stderr."""
    script = tmp_path / "fuzz.py"
    script.write_text(FUZZ_SCRIPT)
    result = run(script, tmp_path, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stderr == ""
    kinds = json.loads(result.stdout.strip().splitlines()[-1])
    assert "ok" in kinds and "FormatError" in kinds and "UnsupportedError" in kinds


def test_user_data_travels_as_metadata(tmp_path):
    """User data (bytes after the header) reads as ints 0-255 and writes back; pixels then
    start at the next 8192-byte boundary, which OIIO follows."""
    codes = random_codes(10, (3, 5, 3))
    img = vfxpy.Image((codes / 1023).astype(np.float32))
    blob = tuple(int(b) for b in np.random.default_rng(5).integers(0, 256, 10000))
    img.metadata = {"dpx:UserData": blob}
    path = tmp_path / "user.dpx"
    dpx.write(path, img, bit_depth=10)
    assert struct.unpack(">I", path.read_bytes()[4:8])[0] == 16384
    back = dpx.read(path)
    assert back.metadata["dpx:UserData"] == blob
    assert np.array_equal(codes_of_ours(back, 10), codes)
    reference, spec = oiio_read(path, tmp_path)
    assert spec["attributes"]["dpx:UserData"] == list(blob)
    assert np.array_equal(codes_of_oiio(reference, 10), codes)
