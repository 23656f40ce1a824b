"""JPEG through TurboJPEG, checked against OpenImageIO (a separate process).

Both decode with libjpeg-turbo using libjpeg's defaults (accurate integer IDCT, smooth
"fancy" chroma upsampling), and we measured them equal: reads are compared exactly, for
4:4:4, 4:2:2, 4:2:0 and gray files. Encoding is lossy: a file we write is compared to its
source by PSNR (≥ 40 dB at quality 95 on a smooth image with fine texture), and OIIO's
decode of it must equal ours exactly.
"""

import struct

import numpy as np
import pytest

import vfxpy
from vfxpy.io import jpeg
from oiio_ref import oiio_read, oiio_read_config, oiio_write
from raster_corruption import read_damaged, truncations


def photo_like(height, width, channels, seed=0):
    """Smooth gradients with a little texture: what JPEG is designed for."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(seed)
    planes = [np.sin(x / (17 + 5 * c)) * np.cos(y / (23 + 3 * c)) * 0.4 + 0.5 for c in range(channels)]
    pixels = np.stack(planes, axis=-1) + rng.normal(0, 0.01, (height, width, channels))
    return np.clip(np.round(pixels * 255), 0, 255).astype(np.uint8)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


@pytest.mark.parametrize("subsampling", ["4:4:4", "4:2:2", "4:2:0"])
def test_files_written_by_oiio_decode_exactly_like_oiio(tmp_path, subsampling):
    pixels = photo_like(67, 93, 3)
    path = tmp_path / "oiio.jpg"
    oiio_write(path, pixels, tmp_path, attributes={"Compression": "jpeg:85", "jpeg:subsampling": subsampling})
    reference, _ = oiio_read(path, tmp_path, format="uint8")
    img = jpeg.read(path)
    assert (img.format, img.channels, img.channel_names) == ("u8", 3, ["R", "G", "B"])
    assert np.array_equal(img.numpy(), reference)
    assert img.metadata["jpeg:subsampling"] == subsampling
    assert img.metadata["bit_depth"] == 8


def test_progressive_files_decode_exactly_like_oiio(tmp_path):
    pixels = photo_like(80, 120, 3, seed=5)
    path = tmp_path / "progressive.jpg"
    oiio_write(path, pixels, tmp_path, attributes={"Compression": "jpeg:90", "jpeg:progressive": 1})
    assert b"\xff\xc2" in path.read_bytes()  # a progressive frame (SOF2)
    reference, _ = oiio_read(path, tmp_path, format="uint8")
    assert np.array_equal(jpeg.read(path).numpy(), reference)


def test_gray_files_decode_exactly_like_oiio(tmp_path):
    pixels = photo_like(40, 50, 1)
    path = tmp_path / "gray.jpg"
    oiio_write(path, pixels, tmp_path)
    reference, _ = oiio_read(path, tmp_path, format="uint8")
    img = jpeg.read(path)
    assert (img.channels, img.channel_names) == (1, ["Y"])
    assert np.array_equal(img.numpy(), reference)


@pytest.mark.parametrize("channels", [1, 3])
def test_files_written_by_vfxpy_are_close_to_the_source_and_decode_alike_in_oiio(tmp_path, channels):
    pixels = photo_like(120, 160, channels, seed=channels)
    path = tmp_path / "ours.jpg"
    jpeg.write(path, vfxpy.Image(pixels))
    ours = jpeg.read(path).numpy()
    reference, spec = oiio_read(path, tmp_path, format="uint8")
    assert np.array_equal(ours, reference)
    assert psnr(ours, pixels) >= 40
    if channels == 3:
        assert spec["attributes"]["jpeg:subsampling"] == "4:4:4"  # the default from quality 90 up


@pytest.mark.parametrize("channels,subsampling", [(3, "444"), (3, "420"), (3, "422"), (1, "444")])
def test_large_images_encode_in_strips_that_decode_like_one_encoder(tmp_path, channels, subsampling):
    """Over 1 MP a write encodes strips on all cores and joins them with restart markers
    (JPEGStrips): OIIO must decode the joined file exactly as ours does, and both equal
    the one-encoder file (restarts change the coding, not the coefficients). The size
    (1029 x 1031) leaves partial MCUs at both edges."""
    pixels = photo_like(1031, 1029, channels, seed=5)
    img = vfxpy.Image(pixels)
    threads = vfxpy.threads()
    try:
        vfxpy.set_threads(1)
        jpeg.write(tmp_path / "one.jpg", img, subsampling=subsampling)
        vfxpy.set_threads(2)
        jpeg.write(tmp_path / "strips.jpg", img, subsampling=subsampling)
    finally:
        vfxpy.set_threads(threads)
    one, strips = (tmp_path / "one.jpg").read_bytes(), (tmp_path / "strips.jpg").read_bytes()
    assert b"\xff\xdd\x00\x04" not in one[:one.index(b"\xff\xda")]
    assert b"\xff\xdd\x00\x04" in strips[:strips.index(b"\xff\xda")]  # DRI before the scan
    ours = jpeg.read(tmp_path / "strips.jpg").numpy()
    assert np.array_equal(ours, jpeg.read(tmp_path / "one.jpg").numpy())
    reference, spec = oiio_read(tmp_path / "strips.jpg", tmp_path, format="uint8")
    assert np.array_equal(ours, reference.reshape(ours.shape))
    assert (spec["width"], spec["height"]) == (1029, 1031)
    assert psnr(ours, pixels) >= 35  # quality 95; subsampled chroma of this texture costs ~40 -> ~39.7 dB


def test_quality_and_subsampling_options(tmp_path):
    pixels = photo_like(96, 128, 3)
    img = vfxpy.Image(pixels)
    jpeg.write(tmp_path / "q50.jpg", img, quality=50)
    jpeg.write(tmp_path / "q100.jpg", img, quality=100, subsampling="420")
    jpeg.write(tmp_path / "q95_422.jpg", img, subsampling="422")
    low, high = jpeg.read(tmp_path / "q50.jpg"), jpeg.read(tmp_path / "q100.jpg")
    assert low.metadata["jpeg:subsampling"] == "4:2:0"  # the default below quality 90
    assert high.metadata["jpeg:subsampling"] == "4:2:0"
    assert jpeg.read(tmp_path / "q95_422.jpg").metadata["jpeg:subsampling"] == "4:2:2"
    assert (tmp_path / "q50.jpg").stat().st_size < (tmp_path / "q100.jpg").stat().st_size
    assert psnr(low.numpy(), pixels) < psnr(high.numpy(), pixels)


def test_alpha_is_dropped_and_other_formats_convert(tmp_path):
    rgb = photo_like(32, 48, 3)
    rgba = np.concatenate([rgb, np.full((32, 48, 1), 7, np.uint8)], axis=-1)
    jpeg.write(tmp_path / "rgb.jpg", vfxpy.Image(rgb))
    jpeg.write(tmp_path / "rgba.jpg", vfxpy.Image(rgba))
    assert (tmp_path / "rgb.jpg").read_bytes() == (tmp_path / "rgba.jpg").read_bytes()
    gray_alpha = np.concatenate([rgb[..., :1], rgb[..., 1:2]], axis=-1)
    jpeg.write(tmp_path / "ya.jpg", vfxpy.Image(gray_alpha))
    assert jpeg.read(tmp_path / "ya.jpg").channels == 1
    as_float = vfxpy.Image(rgb.astype(np.float32) / 255)
    jpeg.write(tmp_path / "float.jpg", as_float)
    assert (tmp_path / "float.jpg").read_bytes() == (tmp_path / "rgb.jpg").read_bytes()


def test_orientation_is_reported_not_applied(tmp_path):
    pixels = photo_like(30, 50, 3)
    img = vfxpy.Image(pixels)
    img.metadata = {"Orientation": 6, "ImageDescription": "rotated plate", "Artist": "dp",
                    "XResolution": 300.0, "YResolution": 300.0, "ResolutionUnit": "inch"}
    path = tmp_path / "rotated.jpg"
    jpeg.write(path, img)
    _, spec = oiio_read(path, tmp_path, format="uint8")
    assert spec["attributes"]["Orientation"] == 6
    assert spec["attributes"]["ImageDescription"] == "rotated plate"
    assert spec["attributes"]["Artist"] == "dp"
    assert (spec["width"], spec["height"]) == (50, 30)
    again = jpeg.read(path)
    assert (again.width, again.height) == (50, 30)
    assert again.metadata["Orientation"] == 6
    assert again.metadata["ImageDescription"] == "rotated plate"
    assert (again.metadata["XResolution"], again.metadata["ResolutionUnit"]) == (300, "inch")
    # and from OIIO's writer
    oiio_write(tmp_path / "oiio.jpg", pixels, tmp_path, attributes={"Orientation": 8})
    assert jpeg.read(tmp_path / "oiio.jpg").metadata["Orientation"] == 8


def cmyk_jpeg(width, height):
    """A CMYK (Adobe YCCK) JPEG made by TurboJPEG itself, through ctypes."""
    import ctypes

    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitCompress.restype = ctypes.c_void_p
    handle = tj.tjInitCompress()
    pixels = (ctypes.c_ubyte * (width * height * 4))(*([40, 80, 120, 10] * (width * height)))
    output = ctypes.POINTER(ctypes.c_ubyte)()
    size = ctypes.c_ulong(0)
    TJPF_CMYK, TJSAMP_444 = 11, 0
    status = tj.tjCompress2(ctypes.c_void_p(handle), pixels, width, 0, height, TJPF_CMYK, ctypes.byref(output),
                            ctypes.byref(size), TJSAMP_444, 90, 0)
    assert status == 0
    data = ctypes.string_at(output, size.value)
    tj.tjFree(output)
    tj.tjDestroy(ctypes.c_void_p(handle))
    return data


def test_cmyk_files_are_unsupported(tmp_path):
    (tmp_path / "cmyk.jpg").write_bytes(cmyk_jpeg(16, 8))
    with pytest.raises(vfxpy.UnsupportedError, match="CMYK"):
        jpeg.read(tmp_path / "cmyk.jpg")


def test_harmless_warnings_are_tolerated_like_libjpeg(tmp_path):
    jpeg.write(tmp_path / "good.jpg", vfxpy.Image(photo_like(40, 56, 3)))
    good = (tmp_path / "good.jpg").read_bytes()
    assert good.endswith(b"\xff\xd9")
    # "Corrupt JPEG data: 3 extraneous bytes before marker 0xd9": a warning, the image is whole.
    (tmp_path / "extra.jpg").write_bytes(good[:-2] + b"\x01\x02\x03" + good[-2:])
    assert np.array_equal(jpeg.read(tmp_path / "extra.jpg").numpy(), jpeg.read(tmp_path / "good.jpg").numpy())


def test_big_endian_exif_orientation_reads_like_oiio(tmp_path):
    jpeg.write(tmp_path / "plain.jpg", vfxpy.Image(photo_like(16, 24, 3)))
    plain = (tmp_path / "plain.jpg").read_bytes()
    ifd = struct.pack(">H", 1) + struct.pack(">HHI", 0x0112, 3, 1) + struct.pack(">HH", 5, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + ifd
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    (tmp_path / "mm.jpg").write_bytes(plain[:20] + app1 + plain[20:])  # after SOI and the JFIF APP0
    _, spec = oiio_read(tmp_path / "mm.jpg", tmp_path, format="uint8")
    assert spec["attributes"]["Orientation"] == 5
    assert jpeg.read(tmp_path / "mm.jpg").metadata["Orientation"] == 5


@pytest.mark.parametrize(
    "options, words",
    [({"quality": 0}, "quality"), ({"quality": 101}, "quality"), ({"subsampling": "411"}, "subsampling")],
)
def test_bad_options_are_value_errors(tmp_path, options, words):
    with pytest.raises(ValueError, match=words):
        jpeg.write(tmp_path / "x.jpg", vfxpy.Image.new(4, 4), **options)
    assert not (tmp_path / "x.jpg").exists()


def with_frame_size(data, width, height):
    """`data` with the size in its SOF0 frame header replaced."""
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9:]


def test_damaged_files_raise_format_errors_without_crashing_or_printing(run, tmp_path):
    jpeg.write(tmp_path / "good.jpg", vfxpy.Image(photo_like(64, 96, 3)), quality=80)
    good = (tmp_path / "good.jpg").read_bytes()
    files = truncations(good)
    files["empty"] = b""
    files["magic_only"] = good[:3]
    files["garbage_after_magic"] = good[:4] + bytes(np.random.default_rng(2).integers(0, 256, 3000, dtype=np.uint8))
    files["absurd_65000x65000"] = with_frame_size(good, 65000, 65000)
    files["zero_width"] = with_frame_size(good, 0, 64)
    oiio_write(tmp_path / "progressive.jpg", photo_like(64, 96, 3), tmp_path, attributes={"jpeg:progressive": 1})
    progressive = (tmp_path / "progressive.jpg").read_bytes()
    files.update({f"progressive_{name}": data for name, data in truncations(progressive, (0.3, 0.6, 0.9)).items()})
    outcomes, peak_kib = read_damaged(run, tmp_path, files)
    assert all(o["type"] == "FormatError" for o in outcomes.values())
    assert "65000x65000" in outcomes["absurd_65000x65000"]["message"]
    assert "truncated" in outcomes["truncated_50pct"]["message"]
    # The 65000x65000 header (12 GB of pixels) is refused before any allocation.
    assert peak_kib < 1_000_000
