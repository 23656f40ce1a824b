"""EXR read/write checked against OpenImageIO (Debian's python3-openimageio, which uses
the same OpenEXR 3.1 library) run in a separate process.

Tolerances: files decoded by both sides must match bit for bit whatever the
compression (both run the same decoder on the same bytes). Against the source pixels,
lossless compressions (none, rle, zips, zip, piz; pxr24 for half) are bit-exact; the
lossy ones are checked on a smooth test image with bounds measured from OpenEXR and
stated next to each (b44/b44a quantize 4x4 blocks of half values; dwaa/dwab at level
45 is a DCT codec; pxr24 float keeps 24 bits, relative error < 2**-15).
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import vfxpy
from vfxpy.io import exr

from oiio_ref import oiio_read, oiio_read_part, oiio_write, oiio_write_multipart

COMPRESSIONS = ["none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"]
LOSSLESS = {"none", "rle", "zips", "zip", "piz"}
NP_TYPE = {"half": np.float16, "float": np.float32}
BITS = {np.dtype(np.float16): np.uint16, np.dtype(np.float32): np.uint32}

# Lossy bounds vs the source on `smooth()` (values 0..1): (max abs error, mean abs error).
# Measured with OpenEXR 3.1.5: pxr24 float 7.6e-6 / 2.5e-6; b44(a) half 3.9e-3 / 3.9e-4;
# dwaa/dwab (level 45) 1.05e-2 / 8.6e-4. The bounds leave a 2-13x margin.
LOSSY_BOUNDS = {
    ("pxr24", "float"): (1e-4, 1e-5),
    ("b44", "half"): (0.02, 0.002),
    ("b44a", "half"): (0.02, 0.002),
    ("b44", "float"): (0.0, 0.0),  # b44 only compresses half channels: float is stored as is
    ("b44a", "float"): (0.0, 0.0),
    ("dwaa", "half"): (0.05, 0.005),
    ("dwab", "half"): (0.05, 0.005),
    ("dwaa", "float"): (0.05, 0.005),
    ("dwab", "float"): (0.05, 0.005),
}


def noise(h, w, c, dtype, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.uniform(-2.0, 12.0, (h, w, c)).astype(np.float32)
    data[0, 0, 0] = 0.0
    data[0, 1 % w, 0] = -0.0
    return data.astype(dtype)


def smooth(h, w, c, dtype):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    planes = [0.5 + 0.45 * np.sin(x / (7 + 3 * k) + y / (11 + k)) for k in range(c)]
    return np.stack(planes, axis=-1).astype(dtype)


def bits(a):
    a = np.ascontiguousarray(a)
    return a.view(BITS[a.dtype])


def assert_bit_equal(ours, theirs):
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    mismatch = np.count_nonzero(bits(ours) != bits(theirs))
    assert mismatch == 0, f"{mismatch} values differ"


def read_like_oiio(path, tmp_path):
    """vfxpy's read of `path`, checked bit for bit against OIIO's; returns it and OIIO's spec."""
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert_bit_equal(img.numpy(), by_name(theirs, spec["channel_names"], img.channel_names))
    return img, spec


def by_name(pixels, names, wanted):
    """pixels' channels reordered to `wanted` names."""
    return np.stack([pixels[:, :, names.index(n)] for n in wanted], axis=-1)


LAYOUTS = {
    "rgba-scanline": (4, None),
    "rgb-tiled": (3, (32, 16)),
    "y-scanline": (1, None),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("pixel_type", ["half", "float"])
@pytest.mark.parametrize("compression", COMPRESSIONS)
def test_reads_oiio_files_like_oiio(tmp_path, compression, pixel_type, layout):
    channels, tile = LAYOUTS[layout]
    source = noise(45, 67, channels, NP_TYPE[pixel_type])
    path = tmp_path / f"oiio_{compression}_{pixel_type}_{layout}.exr"
    oiio_write(path, source, tmp_path, attributes={"compression": compression}, tile=tile)
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert img.format == ("f16" if pixel_type == "half" else "f32")
    assert sorted(img.channel_names) == sorted(spec["channel_names"])
    ours = img.numpy()
    assert_bit_equal(ours, by_name(theirs, spec["channel_names"], img.channel_names))
    # OIIO itself falls back to zip for DWA on a single channel; the file says what it holds
    assert img.metadata["compression"] == spec["attributes"]["compression"].split(":")[0]
    assert img.metadata["compression"] == compression or (compression.startswith("dwa") and channels == 1)
    assert img.metadata["bit_depth"] == (16 if pixel_type == "half" else 32)
    if compression in LOSSLESS or (compression == "pxr24" and pixel_type == "half"):
        assert_bit_equal(ours, source)
    if tile:
        assert img.metadata["tiles"] == tile
    info = exr.info(path)
    assert (info.width, info.height, info.channels, info.format) == (67, 45, channels, img.format)


@pytest.mark.parametrize("pixel_type", ["half", "float"])
@pytest.mark.parametrize("compression", COMPRESSIONS)
def test_oiio_reads_our_files(tmp_path, compression, pixel_type):
    dtype = NP_TYPE[pixel_type]
    lossy = compression not in LOSSLESS and not (compression == "pxr24" and pixel_type == "half")
    source = (smooth if lossy else noise)(70, 90, 4, dtype)
    img = vfxpy.Image(source)
    img.metadata.update({"owner": "vfxpy test", "shot:take": 7, "lens:focal": 35.5})
    path = tmp_path / f"ours_{compression}_{pixel_type}.exr"
    exr.write(path, img, compression=compression)
    theirs, spec = oiio_read(path, tmp_path)
    back = vfxpy.read(path).numpy()
    assert_bit_equal(back, by_name(theirs, spec["channel_names"], ["R", "G", "B", "A"]))
    assert spec["attributes"]["compression"].split(":")[0] == compression
    assert spec["attributes"]["Copyright"] == "vfxpy test"  # OIIO's name for EXR 'owner'
    assert spec["attributes"]["shot:take"] == 7
    assert spec["attributes"]["lens:focal"] == 35.5
    assert spec["channel_formats"] == [] or set(spec["channel_formats"]) == {pixel_type}
    if not lossy:
        assert_bit_equal(back, source)
    else:
        err = np.abs(back.astype(np.float64) - source.astype(np.float64))
        max_bound, mean_bound = LOSSY_BOUNDS[(compression, pixel_type)]
        assert err.max() <= max_bound and err.mean() <= mean_bound, (err.max(), err.mean())


@pytest.mark.parametrize("compression", sorted(LOSSLESS | {"pxr24"}))  # sorted: one order in every xdist worker
@pytest.mark.parametrize("fmt", ["f16", "f32", "u8", "u16"])
def test_round_trip_is_lossless(tmp_path, compression, fmt):
    if compression == "pxr24" and fmt == "f32":
        pytest.skip("pxr24 rounds float to 24 bits")
    rng = np.random.default_rng(3)
    if fmt in ("u8", "u16"):
        dtype = np.uint8 if fmt == "u8" else np.uint16
        source = rng.integers(0, np.iinfo(dtype).max + 1, (33, 41, 3), dtype=dtype)
    else:
        source = noise(33, 41, 3, np.float16 if fmt == "f16" else np.float32)
    path = tmp_path / "round.exr"
    vfxpy.write(path, vfxpy.Image(source), compression=compression)
    back = vfxpy.read(path)
    if fmt in ("u8", "u16"):
        # integers are written as half of v / max; u8 survives exactly (every v/255 is
        # distinct in half and rounds back), u16 to within half's precision.
        assert back.format == "f16"
        restored = back.astype(fmt).numpy()
        if fmt == "u8":
            np.testing.assert_array_equal(restored, source)
        else:
            assert np.abs(restored.astype(np.int64) - source).max() <= 32
        expected = (source.astype(np.float32) / np.iinfo(source.dtype).max).astype(np.float16)
        assert_bit_equal(back.numpy(), expected)
    else:
        assert back.format == fmt
        assert_bit_equal(back.numpy(), source)


def test_pixel_type_and_bit_depth_choose_the_stored_type(tmp_path):
    source = noise(8, 9, 4, np.float32)
    path = tmp_path / "typed.exr"
    exr.write(path, vfxpy.Image(source), pixel_type="half")
    assert vfxpy.read(path).format == "f16"
    _, spec = oiio_read(path, tmp_path)
    assert spec["format"] == "half"
    exr.write(path, vfxpy.Image(source.astype(np.float16)), bit_depth=32)
    img = vfxpy.read(path)
    assert img.format == "f32" and oiio_read(path, tmp_path)[1]["format"] == "float"
    # metadata bit_depth 16 from a half file makes a float image write back as half
    img32 = img.astype("f32")
    img32.metadata = {"bit_depth": 16}
    exr.write(path, img32)
    assert vfxpy.read(path).format == "f16"


def test_uint_channels_read_as_float(tmp_path):
    source = np.random.default_rng(1).integers(0, 1 << 20, (12, 10, 1), dtype=np.uint32)
    path = tmp_path / "ids.exr"
    oiio_write(path, source, tmp_path, format="uint", channel_names=["id"])
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert img.format == "f32" and img.channel_names == ["id"] and img.metadata["bit_depth"] == 32
    np.testing.assert_array_equal(img.numpy(), theirs.astype(np.float32))


def test_layers_are_ordered_and_selectable(tmp_path):
    names = ["A", "B", "G", "R", "depth.Z", "diffuse.B", "diffuse.G", "diffuse.R", "diffuse.A", "specular.R"]
    source = noise(20, 24, len(names), np.float16)
    path = tmp_path / "layers.exr"
    oiio_write(path, source, tmp_path, channel_names=names, attributes={"compression": "piz"})
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert img.channel_names == ["R", "G", "B", "A", "depth.Z", "diffuse.R", "diffuse.G", "diffuse.B",
                                 "diffuse.A", "specular.R"]
    assert_bit_equal(img.numpy(), by_name(theirs, spec["channel_names"], img.channel_names))
    diffuse = exr.read(path, layer="diffuse")
    assert diffuse.channel_names == ["diffuse.R", "diffuse.G", "diffuse.B", "diffuse.A"]
    assert_bit_equal(diffuse.numpy(), by_name(source, names, diffuse.channel_names))
    assert vfxpy.read(path, layer="depth", format="f32").channel_names == ["depth.Z"]
    with pytest.raises(ValueError, match="'normals'.*diffuse"):
        vfxpy.read(path, layer="normals")


def test_multi_part_written_by_oiio(tmp_path):
    beauty = noise(16, 20, 4, np.float16, seed=1)
    depth = noise(10, 12, 1, np.float32, seed=2)
    path = tmp_path / "parts.exr"
    oiio_write_multipart(path, [
        {"pixels": beauty, "attributes": {"name": "beauty", "compression": "zip"}},
        {"pixels": depth, "channel_names": ["Z"], "full": (0, 0, 20, 16),
         "attributes": {"name": "depth", "compression": "dwab"}},
    ], tmp_path)
    assert exr.info(path).subimages == 2
    first = vfxpy.read(path)
    second = vfxpy.read(path, subimage=1)
    assert first.metadata["name"] == "beauty" and second.metadata["name"] == "depth"
    assert_bit_equal(first.numpy(), beauty)
    assert second.channel_names == ["Z"] and second.format == "f32"
    theirs, _ = oiio_read_part(path, tmp_path, 1)
    assert_bit_equal(second.numpy(), theirs)
    assert second.metadata["displayWindow"] == (0, 0, 19, 15)
    assert exr.info(path, subimage=1).width == 12
    with pytest.raises(ValueError, match="subimage"):
        vfxpy.read(path, subimage=2)


@pytest.mark.parametrize("compression, tile", [("piz", None), ("zip", None), ("rle", (8, 8)), ("zips", (16, 4))])
def test_multi_part_written_by_vfxpy(tmp_path, compression, tile):
    """Multi-part files go through vfxpy's parallel chunk writer, part after part."""
    a = vfxpy.Image(noise(16, 20, 4, np.float16, seed=4))
    a.metadata["name"] = "beauty"
    b = vfxpy.Image(noise(30, 10, 3, np.float32, seed=5))
    c = vfxpy.Image(noise(5, 6, 1, np.float16, seed=6))
    path = tmp_path / "ours_parts.exr"
    vfxpy.write(path, [a, b, c], compression=compression, **({"tile_size": tile} if tile else {}))
    info = exr.info(path)
    assert info.subimages == 3
    for index, (img, name) in enumerate([(a, "beauty"), (b, "part1"), (c, "part2")]):
        theirs, spec = oiio_read_part(path, tmp_path, index)
        assert_bit_equal(by_name(theirs, spec["channel_names"], img.channel_names), img.numpy())
        back = vfxpy.read(path, subimage=index)
        assert back.metadata["name"] == name
        assert_bit_equal(back.numpy(), img.numpy())
    twin = vfxpy.Image(a)
    twin.metadata = {"name": "beauty"}
    with pytest.raises(ValueError, match="beauty"):
        vfxpy.write(tmp_path / "dupe.exr", [a, twin])


def test_data_window_differs_from_display_window(tmp_path):
    source = noise(30, 40, 4, np.float16, seed=9)
    path = tmp_path / "window.exr"
    oiio_write(path, source, tmp_path, origin=(-10, 5), full=(0, 0, 100, 60))
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert (img.width, img.height) == (40, 30)
    assert img.metadata["dataWindow"] == (-10, 5, 29, 34)
    assert img.metadata["displayWindow"] == (0, 0, 99, 59)
    assert_bit_equal(img.numpy(), theirs)
    out = tmp_path / "window_ours.exr"
    vfxpy.write(out, img)
    _, spec = oiio_read(out, tmp_path)
    assert (spec["x"], spec["y"], spec["width"], spec["height"]) == (-10, 5, 40, 30)
    assert (spec["full_x"], spec["full_y"], spec["full_width"], spec["full_height"]) == (0, 0, 100, 60)
    # a window that no longer matches the image (e.g. after a resize) is not used
    small = vfxpy.Image(source[:10, :10].copy())
    small.metadata = dict(img.metadata)
    vfxpy.write(out, small)
    _, spec = oiio_read(out, tmp_path)
    assert (spec["x"], spec["y"], spec["width"], spec["full_width"]) == (0, 0, 10, 10)


def test_tiled_write_read_by_oiio(tmp_path):
    source = noise(50, 70, 4, np.float32, seed=11)
    path = tmp_path / "tiled.exr"
    exr.write(path, vfxpy.Image(source), tile_size=(32, 16), compression="zip")
    theirs, spec = oiio_read(path, tmp_path)
    assert (spec["tile_width"], spec["tile_height"]) == (32, 16)
    assert_bit_equal(theirs, source)
    assert vfxpy.read(path).metadata["tiles"] == (32, 16)


def test_standard_attributes_round_trip_and_reach_oiio(tmp_path):
    img = vfxpy.Image(noise(6, 8, 3, np.float16))
    attrs = {
        "comments": "graded", "capDate": "2026:01:02 03:04:05",
        "chromaticities": (0.64, 0.33, 0.3, 0.6, 0.15, 0.06, 0.3127, 0.329),
        "framesPerSecond": (24000, 1001), "timeCode": "01:02:03:04",
        "worldToCamera": tuple(float(i) for i in range(16)), "pixelAspectRatio": 2,
        "screenWindowCenter": (0.5, -0.5), "screenWindowWidth": 2.0,
        "myv2i": (1, 2), "myv3f": (1.0, 2.0, 3.0), "mym33": tuple(float(i) for i in range(9)),
        "mystrings": ("a", "b"), "dpx:film": "ignored: another format's key",
    }
    img.metadata.update(attrs)
    path = tmp_path / "attrs.exr"
    vfxpy.write(path, img)
    back = vfxpy.read(path).metadata
    for key in ("comments", "capDate", "framesPerSecond", "timeCode", "myv2i", "mystrings"):
        assert back[key] == attrs[key], key
    for key in ("chromaticities", "worldToCamera", "screenWindowCenter", "myv3f", "mym33"):
        np.testing.assert_allclose(back[key], attrs[key], rtol=1e-7)  # stored as 32-bit floats
    assert back["pixelAspectRatio"] == 2.0 and "dpx:film" not in back
    _, spec = oiio_read(path, tmp_path)
    a = spec["attributes"]
    assert a["ImageDescription"] == "graded" and a["DateTime"] == "2026:01:02 03:04:05"
    assert a["framesPerSecond"] == [24000, 1001]
    assert a["smpte:TimeCode"][0] == 0x01020304  # BCD hh mm ss ff
    assert a["PixelAspectRatio"] == 2.0
    np.testing.assert_allclose(a["worldToCamera"], attrs["worldToCamera"])
    np.testing.assert_allclose(a["chromaticities"], attrs["chromaticities"], rtol=1e-7)


def test_compression_defaults_to_metadata_then_zip(tmp_path):
    path = tmp_path / "c.exr"
    img = vfxpy.Image(noise(8, 8, 3, np.float16))
    vfxpy.write(path, img)
    assert oiio_read(path, tmp_path)[1]["attributes"]["compression"] == "zip"
    img.metadata["compression"] = "piz"
    vfxpy.write(path, img)
    assert exr.info(path).metadata["compression"] == "piz"
    img.metadata["compression"] = "lzw"  # a TIFF name: not for EXR, so the default
    vfxpy.write(path, img)
    assert exr.info(path).metadata["compression"] == "zip"
    vfxpy.write(path, img, compression="DWAB", dwa_compression_level=100)
    assert exr.info(path).metadata["compression"] == "dwab"


def test_bad_options_are_value_errors(tmp_path):
    img = vfxpy.Image(noise(4, 4, 3, np.float16))
    path = tmp_path / "x.exr"
    with pytest.raises(ValueError, match="compression.*'lzw'"):
        exr.write(path, img, compression="lzw")
    with pytest.raises(ValueError, match="pixel_type"):
        exr.write(path, img, pixel_type="double")
    with pytest.raises(ValueError, match="bit_depth"):
        exr.write(path, img, bit_depth=8)
    with pytest.raises(ValueError, match="bit_depth"):
        exr.write(path, img, bit_depth=16, pixel_type="float")
    with pytest.raises(ValueError, match="tile_size"):
        exr.write(path, img, tile_size=(0, 16))
    with pytest.raises(ValueError, match="quality"):
        vfxpy.write(path, img, quality=90)
    with pytest.raises(TypeError):
        exr.write(path, img, quality=90)
    twins = vfxpy.Image(noise(4, 4, 2, np.float16))
    twins.channel_names = ["R", "R"]
    with pytest.raises(ValueError, match="channel_names.*'R' twice"):
        exr.write(path, twins)
    assert not path.exists()


def valid_exr_bytes(tmp_path, compression="zip", tile=None, size=(64, 48)):
    path = tmp_path / f"valid_{compression}.exr"
    exr.write(path, vfxpy.Image(noise(size[1], size[0], 4, np.float16)), compression=compression, tile_size=tile)
    return path.read_bytes()


def data_window_offset(data):
    start = data.index(b"dataWindow\0box2i\0") + len(b"dataWindow\0box2i\0") + 4
    return start


@pytest.fixture
def corrupt_files(tmp_path):
    files = {}
    for compression, tile in (("zip", None), ("piz", (16, 16)), ("dwaa", None), ("pxr24", None)):
        data = valid_exr_bytes(tmp_path, compression, tile)
        tag = f"{compression}{'_tiled' if tile else ''}"
        for fraction in (0.001, 0.01, 0.05, 0.3, 0.6, 0.95, 0.999):
            cut = max(5, int(len(data) * fraction))
            files[f"cut_{tag}_{cut}.exr"] = data[:cut]
        broken = bytearray(data)
        middle = len(broken) // 2
        broken[middle:middle + 200] = bytes(200)
        files[f"zeroed_{tag}.exr"] = bytes(broken)
    data = valid_exr_bytes(tmp_path)
    files["garbage_after_magic.exr"] = data[:4] + bytes(range(256)) * 8
    files["empty.exr"] = b""
    huge = bytearray(data)
    start = data_window_offset(data)
    huge[start:start + 16] = np.array([0, 0, 99999, 99999], "<i4").tobytes()
    files["huge_window.exr"] = bytes(huge)
    data_b = valid_exr_bytes(tmp_path, "dwab", size=(256, 256))
    huge_b = bytearray(data_b)
    start_b = data_window_offset(data_b)
    huge_b[start_b:start_b + 16] = np.array([0, 0, 99999, 99999], "<i4").tobytes()
    files["huge_window_dwab.exr"] = bytes(huge_b)
    inverted = bytearray(data)
    inverted[start:start + 16] = np.array([50, 50, 10, 10], "<i4").tobytes()
    files["inverted_window.exr"] = bytes(inverted)
    extreme = bytearray(data)
    extreme[start:start + 16] = np.array([-2**31, -2**31, 2**31 - 2, 2**31 - 2], "<i4").tobytes()
    files["extreme_window.exr"] = bytes(extreme)
    tiled = valid_exr_bytes(tmp_path, "zip", (16, 16), size=(64, 64))
    for tile, name in (((16, 16), "huge_tiled.exr"), ((1, 1), "huge_tiled_1x1.exr")):
        broken = bytearray(tiled)
        at = data_window_offset(tiled)
        broken[at:at + 16] = np.array([0, 0, 99999, 99999], "<i4").tobytes()
        tiles_at = broken.index(b"tiles\0tiledesc\0") + len(b"tiles\0tiledesc\0") + 4
        broken[tiles_at:tiles_at + 8] = np.array(tile, "<u4").tobytes()
        files[name] = bytes(broken)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    return sorted(files)


CORRUPT_SCRIPT = r"""
import sys, vfxpy
from vfxpy.io import exr
for name in sys.argv[1:]:
    for call in (lambda: vfxpy.read(name), lambda: exr.info(name), lambda: exr.read(name, format="f32")):
        try:
            call()
            print(f"{name}: READ", flush=True)
        except (vfxpy.FormatError, MemoryError) as error:
            assert name in str(error), (name, str(error))
            print(f"{name}: {type(error).__name__}: {error}", flush=True)
"""


def test_exr_reads_in_a_host_that_loads_extensions_globally(tmp_path):
    """A Python that loads extension modules with RTLD_GLOBAL (``sys.setdlopenflags``, as MPI
    and some plugin hosts set it) puts the extension's own functions in the global scope.
    OpenEXR's library, opened on the first EXR, must not call them while it loads: it once
    called the loader that was loading it, and hung. Here under this suite's Python (in the
    python3 stage, Debian's python3 importing the wheel's extension)."""
    path = tmp_path / "plate.exr"
    pixels = np.linspace(0, 1, 64 * 48 * 4, dtype=np.float32).reshape(48, 64, 4).astype(np.float16)
    vfxpy.write(path, vfxpy.Image(pixels), compression="dwaa")
    script = ("import os, sys\n"
              "sys.setdlopenflags(os.RTLD_GLOBAL | os.RTLD_NOW)\n"
              "import numpy, vfxpy\n"
              "print(vfxpy.read(sys.argv[1]).numpy().shape)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "(48, 64, 4)"


def test_corrupt_files_raise_without_crashing_or_noise(run, corrupt_files, tmp_path):
    result = run("-c", CORRUPT_SCRIPT, *corrupt_files, cwd=tmp_path)
    assert result.returncode == 0, (result.returncode, result.stderr[-3000:])
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 3 * len(corrupt_files)
    by_file = {}
    for line in lines:
        name, outcome = line.split(": ", 1)
        by_file.setdefault(name, []).append(outcome)
    # the pixel read of every damaged file fails; a header-only info may succeed when
    # only pixel data is damaged
    for name in corrupt_files:
        assert by_file[name][0] != "READ" or name.startswith("zeroed_"), (name, by_file[name])
        assert by_file[name][2] != "READ" or name.startswith("zeroed_"), (name, by_file[name])
    assert "FormatError" in by_file["huge_window.exr"][0]  # its offset table runs past the end
    assert "MemoryError" in by_file["huge_window_dwab.exr"][0]  # 80 GB > this machine's memory
    assert "empty" in by_file["empty.exr"][0]


def test_huge_window_refused_before_allocating(tmp_path):
    # dwab holds 256 lines per chunk: the offset table of 100000 lines (391 entries)
    # fits in the file, so the header opens and the size check is what refuses it
    data = bytearray(valid_exr_bytes(tmp_path, "dwab", size=(256, 256)))
    start = data_window_offset(data)
    data[start:start + 16] = np.array([0, 0, 99999, 99999], "<i4").tobytes()
    path = tmp_path / "huge.exr"
    path.write_bytes(bytes(data))
    info = exr.info(path)
    assert (info.width, info.height) == (100000, 100000)
    with pytest.raises((vfxpy.FormatError, MemoryError), match="huge.exr"):
        vfxpy.read(path)
    previous = vfxpy.max_image_bytes()
    vfxpy.set_max_image_bytes(1 << 20)
    try:
        with pytest.raises(MemoryError, match="huge.exr.*100000x100000"):
            vfxpy.read(path)
    finally:
        vfxpy.set_max_image_bytes(previous)


FUZZ_SCRIPT = r"""
import sys, vfxpy
from vfxpy.io import exr
outcomes = {}
for name in sys.argv[1:]:
    for call in (lambda: exr.info(name), lambda: vfxpy.read(name)):
        try:
            call()
            kind = "ok"
        except (vfxpy.FormatError, MemoryError, vfxpy.UnsupportedError) as error:
            assert name in str(error), (name, str(error))
            kind = type(error).__name__
        outcomes[kind] = outcomes.get(kind, 0) + 1
print(outcomes)
"""


def test_mutated_files_never_crash(run, tmp_path):
    """Random byte changes (fixed seed) in files of every compression, scanline and
    tiled: each read either succeeds or raises FormatError/MemoryError/UnsupportedError
    naming the file; the process is never killed and nothing reaches stderr."""
    import random

    rng = np.random.default_rng(5)
    chooser = random.Random(7)
    names = []
    for compression in COMPRESSIONS:
        for tile in (None, (16, 16)):
            source = tmp_path / f"src_{compression}_{'tiled' if tile else 'scan'}.exr"
            exr.write(source, vfxpy.Image(rng.uniform(0, 1, (40, 50, 4)).astype(np.float16)),
                      compression=compression, tile_size=tile)
            data = source.read_bytes()
            for index in range(12):
                mutated = bytearray(data)
                for _ in range(chooser.choice([1, 2, 4, 16])):
                    mutated[chooser.randrange(8, len(mutated))] = chooser.randrange(256)
                name = f"m_{compression}_{'t' if tile else 's'}_{index}.exr"
                (tmp_path / name).write_bytes(bytes(mutated))
                names.append(name)
    result = run("-c", FUZZ_SCRIPT, *names, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, (result.returncode, result.stderr[-3000:])
    assert result.stderr == ""
    assert "FormatError" in result.stdout


def test_mipmapped_texture_reads_level_zero(tmp_path):
    """A tiled, mip-mapped texture made by oiiotool (OpenImageIO's maketx): vfxpy reads
    level 0, equal to OIIO's read of the same file."""
    import shutil

    oiiotool = shutil.which("oiiotool")
    if oiiotool is None:
        pytest.skip("oiiotool (openimageio-tools) is not installed")
    source = tmp_path / "plate.exr"
    vfxpy.write(source, vfxpy.Image(noise(70, 90, 4, np.float16, seed=12)))
    texture = tmp_path / "plate.tx.exr"
    subprocess.run([oiiotool, str(source), "--compression", "zip", "-otex", str(texture)], check=True,
                   capture_output=True)
    theirs, spec = oiio_read(texture, tmp_path)
    img = vfxpy.read(texture)
    assert spec["tile_width"] > 0 and (img.width, img.height) == (90, 70)
    assert_bit_equal(img.numpy(), by_name(theirs, spec["channel_names"], img.channel_names))


@pytest.mark.parametrize("compression", ["zip", "zips", "piz"])
def test_oiio_reads_our_zip_chunks_stored_and_compressed(tmp_path, compression):
    """The parallel ZIP and PIZ writer: chunks finished by several threads and written in
    order as they finish, a short last chunk, and incompressible rows (random float bits),
    which OpenEXR stores uncompressed, between compressible ones."""
    rng = np.random.default_rng(5)
    h, w = 16 * 24 + 7, 53
    source = smooth(h, w, 4, np.float32)
    source[96:160] = rng.integers(0, 0x7F000000, (64, w, 4), dtype=np.uint32).view(np.float32)
    path = tmp_path / f"ours_{compression}_chunks.exr"
    exr.write(path, vfxpy.Image(source), compression=compression)
    theirs, spec = oiio_read(path, tmp_path)
    assert_bit_equal(by_name(theirs, spec["channel_names"], ["R", "G", "B", "A"]), source)
    assert_bit_equal(vfxpy.read(path).numpy(), source)


@pytest.mark.parametrize("compression", ["zip", "piz"])
@pytest.mark.parametrize("pixel_type, names", [
    ("half", ["Y"]), ("half", ["R", "G", "B"]), ("half", ["Z", "R", "A", "G"]), ("half", ["R", "G", "B", "A", "Z"]),
    ("float", ["Y", "A"]), ("float", ["Z", "R", "A", "G"]),
])
def test_oiio_reads_our_zip_files_of_any_channel_count(tmp_path, pixel_type, names, compression):
    """The ZIP and PIZ writers' pre-pass makes each row planar in the file's (sorted)
    channel order: by 4 x 8 (half) or 4 x 4 (float) transposes for four channels, the rest
    of the row and other channel counts value by value (PIZ then gathers each channel's
    lines). An odd width leaves a rest; noise in one chunk makes OpenEXR store it
    uncompressed (the same planar rows, not predicted)."""
    dtype = NP_TYPE[pixel_type]
    h, w = 16 * 3 + 5, 8 * 5 + 3
    source = smooth(h, w, len(names), dtype)
    top = 0x7BFF if pixel_type == "half" else 0x7F000000
    noise_bits = np.random.default_rng(11).integers(0, top, (16, w, len(names)))
    source[16:32] = noise_bits.astype(BITS[np.dtype(dtype)]).view(dtype)
    img = vfxpy.Image(source)
    img.channel_names = names
    path = tmp_path / "ours.exr"
    exr.write(path, img, compression=compression)
    theirs, spec = oiio_read(path, tmp_path)
    assert sorted(spec["channel_names"]) == sorted(names)
    assert_bit_equal(by_name(theirs, spec["channel_names"], names), source)
    back = vfxpy.read(path)
    assert_bit_equal(by_name(back.numpy(), back.channel_names, names), source)


def offset_table(path, count=None):
    """A single-part file's bytes and the `count` entries of its offset table (all of them
    when the table ends where the first chunk starts, as in an increasing-y file)."""
    import struct

    data = Path(path).read_bytes()
    at = 8  # after the magic number and version
    while data[at] != 0:  # attributes (name, type, size, value) until an empty name
        type_end = data.index(b"\0", data.index(b"\0", at) + 1)
        at = type_end + 5 + struct.unpack_from("<i", data, type_end + 1)[0]
    offsets_at = at + 1
    if count is None:
        count = (struct.unpack_from("<Q", data, offsets_at)[0] - offsets_at) // 8
    return data, struct.unpack_from(f"<{count}Q", data, offsets_at)


def chunk_sizes(path):
    """The stored size of each chunk of a single-part scanline file (each chunk is its first
    line, its size and its bytes)."""
    import struct

    data, offsets = offset_table(path)
    return [struct.unpack_from("<i", data, offset + 4)[0] for offset in offsets]


@pytest.mark.parametrize("pixel_type", ["half", "float"])
def test_pxr24_chunks_stored_and_compressed_read_like_oiio(tmp_path, pixel_type):
    """PXR24 chunks are inflated with libdeflate and their byte planes joined by vfxpy's own
    code (not OpenEXRCore's zlib path): OIIO writes smooth chunks (compressed), random-bit
    chunks (which OpenEXR stores as they are, for half), a short last chunk and an odd width; vfxpy's
    read is OIIO's, bit for bit (and the source's for half, which PXR24 keeps exactly)."""
    dtype = NP_TYPE[pixel_type]
    h, w = 16 * 5 + 3, 8 * 7 + 5
    source = smooth(h, w, 4, dtype)
    top = 0x7BFF if pixel_type == "half" else 0x7F000000
    noise_bits = np.random.default_rng(13).integers(0, top, (16, w, 4))
    source[32:48] = noise_bits.astype(BITS[np.dtype(dtype)]).view(dtype)
    path = tmp_path / f"oiio_pxr24_{pixel_type}.exr"
    oiio_write(path, source, tmp_path, attributes={"compression": "pxr24"})
    raw = 16 * w * 4 * source.itemsize
    sizes = chunk_sizes(path)
    assert len(sizes) == 6 and all(size < raw for size in sizes[:2] + sizes[3:-1])
    # a float chunk's planes keep 3 of 4 bytes, so it is never larger than stored as it is
    assert sizes[2] == raw if pixel_type == "half" else sizes[2] < raw
    theirs, spec = oiio_read(path, tmp_path)
    img = vfxpy.read(path)
    assert img.metadata["compression"] == "pxr24"
    assert_bit_equal(img.numpy(), by_name(theirs, spec["channel_names"], img.channel_names))
    if pixel_type == "half":
        assert_bit_equal(img.numpy(), source)


@pytest.mark.parametrize("compression", ["pxr24", "piz"])
def test_half_layer_beside_a_uint_channel(tmp_path, compression):
    """A PXR24 or PIZ chunk holds every channel of the part, which vfxpy's decoders of those
    walk: reading the half RGB channels alone decodes the uint channel beside them (four
    byte planes in PXR24, two wavelet-coded words per value in PIZ), which is not stored."""
    h, w = 32 * 2 + 9, 45
    source = smooth(h, w, 4, np.float32)
    source[..., 3] = np.floor(source[..., 3] * 12) / 12  # a few object ids (OIIO scales them to uint)
    names = ["R", "G", "B", "AOV.id"]  # first in the file's (sorted) channel order
    path = tmp_path / f"oiio_{compression}_mixed.exr"
    oiio_write(path, source, tmp_path, format="float", channel_names=names,
               channel_formats=["half", "half", "half", "uint"], attributes={"compression": compression})
    lines = 16 if compression == "pxr24" else 32
    assert all(size < lines * w * (3 * 2 + 4) for size in chunk_sizes(path)[:-1])  # compressed, not stored
    halves, spec = oiio_read(path, tmp_path, format="half")
    assert spec["channel_formats"] == ["half", "half", "half", "uint"]
    rgb = exr.read(path, layer="")
    assert rgb.channel_names == ["R", "G", "B"] and rgb.format == "f16"
    assert_bit_equal(rgb.numpy(), by_name(halves, spec["channel_names"], ["R", "G", "B"]))
    ids, _ = oiio_read(path, tmp_path, format="uint")
    everything = vfxpy.read(path)
    assert everything.format == "f32"
    np.testing.assert_array_equal(everything.numpy()[..., 3], ids[..., 3].astype(np.float32))


@pytest.mark.parametrize("pixel_type", ["half", "float"])
def test_our_pxr24_chunks_hold_what_openexr_writes(tmp_path, pixel_type):
    """vfxpy writes PXR24 itself (libdeflate, its own pre-pass); OpenEXR's writer (through
    OIIO) is the reference for what a chunk holds. Both files of the same pixels read back
    (by OIIO) bit for bit alike: floats rounded to 24 bits the same way, with the cases the
    rounding singles out (halfway, a carry into the exponent, near FLT_MAX where rounding
    up would overflow, NaNs whose kept bits are zero, infinities, -0, denormals); a short
    last chunk and rows of noise that are stored as they are."""
    dtype = NP_TYPE[pixel_type]
    h, w = 16 * 3 + 5, 37
    source = smooth(h, w, 4, dtype)
    top = 0x7BFF if pixel_type == "half" else 0x7F000000
    noise_bits = np.random.default_rng(21).integers(0, top, (16, w, 4))
    source[16:32] = noise_bits.astype(BITS[np.dtype(dtype)]).view(dtype)
    if pixel_type == "float":
        special = np.array([0x3F800080, 0x3F800180, 0x3F80007F, 0x3FFFFF80, 0x7F7FFFFF, 0x7F7FFF80, 0xFF7FFFFF,
                            0x7FC00000, 0x7F800001, 0xFF8000FF, 0x7F800000, 0xFF800000, 0x80000000, 0x00000001,
                            0x007FFFFF, 0x80400080, 0x00000080], dtype=np.uint32).view(np.float32)
    else:
        special = np.array([0x7C00, 0xFC00, 0x7E00, 0x7C01, 0x8000, 0x0001, 0x03FF, 0x7BFF, 0xFBFF],
                           dtype=np.uint16).view(np.float16)
    source[40, :len(special), 1] = special
    source[h - 1, w - len(special):, 2] = special[::-1]
    img = vfxpy.Image(source)
    ours, theirs = tmp_path / "ours_pxr24.exr", tmp_path / "oiio_pxr24.exr"
    exr.write(ours, img, compression="pxr24")
    oiio_write(theirs, source, tmp_path, attributes={"compression": "pxr24"})
    raw = 16 * w * 4 * source.itemsize
    sizes = chunk_sizes(ours)
    assert len(sizes) == 4 and sizes[0] < raw and sizes[2] < raw
    assert sizes[1] == raw if pixel_type == "half" else sizes[1] < raw  # noise: stored (half) or 24-bit planes
    from_ours, spec = oiio_read(ours, tmp_path)
    from_theirs, _ = oiio_read(theirs, tmp_path)
    assert spec["attributes"]["compression"] == "pxr24"
    assert_bit_equal(from_ours, from_theirs)
    assert_bit_equal(vfxpy.read(ours).numpy(), by_name(from_ours, spec["channel_names"], ["R", "G", "B", "A"]))
    if pixel_type == "half":
        assert_bit_equal(from_ours, by_name(source, ["R", "G", "B", "A"], spec["channel_names"]))


@pytest.mark.parametrize("compression", ["zip", "zips", "piz", "pxr24"])
@pytest.mark.parametrize("pixel_type, names", [("half", ["R", "G", "B", "A"]), ("float", ["Z", "R", "G"])])
def test_oiio_reads_our_tiled_files(tmp_path, compression, pixel_type, names):
    """Tiled parts go through the same parallel chunk writer as scanlines, a tile per chunk:
    edge tiles cut by the window (odd width and height), a data window away from the
    origin, tiles of noise stored as they are beside compressed ones, file channel order.
    OIIO reads them as the source (PXR24 float: as OpenEXR's own writer rounds them)."""
    dtype = NP_TYPE[pixel_type]
    h, w = 16 * 4 + 5, 32 * 3 + 7
    source = smooth(h, w, len(names), dtype)
    top = 0x7BFF if pixel_type == "half" else 0x7F000000
    source[16:32, 32:64] = np.random.default_rng(9).integers(0, top, (16, 32, len(names))).astype(
        BITS[np.dtype(dtype)]).view(dtype)
    img = vfxpy.Image(source)
    img.channel_names = names
    img.metadata["dataWindow"] = (-20, 7, -20 + w - 1, 7 + h - 1)
    ours = tmp_path / f"ours_tiled_{compression}.exr"
    exr.write(ours, img, compression=compression, tile_size=(32, 16))
    theirs, spec = oiio_read(ours, tmp_path)
    assert (spec["tile_width"], spec["tile_height"]) == (32, 16)
    assert (spec["x"], spec["y"], spec["width"], spec["height"]) == (-20, 7, w, h)
    assert spec["attributes"]["compression"] == compression
    got = by_name(theirs, spec["channel_names"], names)
    if compression == "pxr24" and pixel_type == "float":
        reference = tmp_path / "oiio_tiled_pxr24.exr"
        oiio_write(reference, source, tmp_path, channel_names=names, tile=(32, 16),
                   attributes={"compression": "pxr24"})
        expected, reference_spec = oiio_read(reference, tmp_path)
        assert_bit_equal(got, by_name(expected, reference_spec["channel_names"], names))
    else:
        assert_bit_equal(got, source)
    back = vfxpy.read(ours)
    assert back.metadata["tiles"] == (32, 16)
    assert_bit_equal(by_name(back.numpy(), back.channel_names, names), got)


LIBRARY_CODECS = ["rle", "b44", "b44a", "dwaa", "dwab"]


@pytest.mark.parametrize("tile", [None, (40, 24)])
@pytest.mark.parametrize("pixel_type", ["half", "float"])
@pytest.mark.parametrize("compression", LIBRARY_CODECS)
def test_library_codec_chunks_read_like_oiio(tmp_path, compression, pixel_type, tile):
    """RLE, B44/B44A and DWAA/DWAB chunks are decoded in vfxpy's parallel Core reader by
    OpenEXR's own codecs, one per thread (Core 3.1 has no DWA and gets B44 float channels
    wrong): several chunks (DWAB: 256 lines), a window off the origin, and the channel kinds
    DWA treats apart (R/G/B and a layer's colour through the DCT with a colour transform, A by
    run lengths, any other name deflated). vfxpy reads what OIIO reads, bit for bit."""
    dtype = NP_TYPE[pixel_type]
    names = ["R", "G", "B", "A", "diffuse.R", "diffuse.G", "diffuse.B", "mask"]
    h, w = 300, 77
    source = smooth(h, w, len(names), dtype)
    source[100:140, 20:60] = noise(40, 40, len(names), dtype, seed=5)
    path = tmp_path / f"oiio_{compression}.exr"
    oiio_write(path, source, tmp_path, channel_names=names, tile=tile, origin=(-13, 29),
               attributes={"compression": compression})
    img, _ = read_like_oiio(path, tmp_path)
    assert img.metadata["compression"] == compression
    assert img.metadata["dataWindow"] == (-13, 29, -13 + w - 1, 29 + h - 1)
    if compression == "rle" or (compression.startswith("b44") and pixel_type == "float"):
        assert_bit_equal(img.numpy(), by_name(source, names, img.channel_names))


def tile_chunks(path, count):
    """(tile x, tile y, stored bytes) of each of the `count` level-0 tiles of a single-part
    tiled file, from its offset table (each chunk: tile x, y, level x, y, size, bytes)."""
    import struct

    data, offsets = offset_table(path, count)
    chunks = []
    for offset in offsets:
        x, y, _, _, size = struct.unpack_from("<5i", data, offset)
        chunks.append((x, y, data[offset + 20:offset + 20 + size]))
    return chunks


def test_our_dwaa_tiles_huffman_code_their_coefficients(tmp_path):
    """vfxpy codes a DWAA tile's AC coefficients with DWA's static Huffman code, as OpenEXR
    codes DWAB tiles and all DWA scanline chunks, where OpenEXR 3.1 deflates DWAA tiles at
    zlib level 9 (8x the time on a noisy 4K frame, and larger files); tiles under 32x32
    pixels, where the code table does not pay for itself, are deflated as OpenEXR does. The
    coefficients are the same: OIIO decodes our file and OpenEXR's (through OIIO) to the same
    pixels, from a smaller file. The chunk's 11th 64-bit size field says the coding (0:
    Huffman, 1: deflate)."""
    h, w = 150, 200
    source = smooth(h, w, 4, np.float16)
    source[..., :3] += noise(h, w, 3, np.float16, seed=3) * np.float16(0.002)
    ours, theirs = tmp_path / "ours.exr", tmp_path / "oiio.exr"
    exr.write(ours, vfxpy.Image(source), compression="dwaa", tile_size=(64, 64))
    oiio_write(theirs, source, tmp_path, tile=(64, 64), attributes={"compression": "dwaa"})
    from_ours, spec = oiio_read(ours, tmp_path)
    from_theirs, _ = oiio_read(theirs, tmp_path)
    assert spec["attributes"]["compression"] == "dwaa" and (spec["tile_width"], spec["tile_height"]) == (64, 64)
    assert_bit_equal(from_ours, from_theirs)
    assert Path(ours).stat().st_size < Path(theirs).stat().st_size

    def coding(chunk):
        return int.from_bytes(chunk[80:88], "little")

    # 4 x 3 tiles: those of the last column are 8 wide (deflated); those of the last row 22
    # high, 64 x 22 pixels (Huffman-coded)
    for name, path in (("ours", ours), ("theirs", theirs)):
        codings = {(x, y): coding(chunk) for x, y, chunk in tile_chunks(path, 12)}
        small = {(3, 0), (3, 1), (3, 2)}
        expected = {tile: 1 if name == "theirs" or tile in small else 0 for tile in codings}
        assert codings == expected, name


@pytest.mark.parametrize("compression, tile", [("none", None), ("zip", None), ("piz", None), ("pxr24", None),
                                               ("b44", None), ("dwaa", None), ("zip", (64, 32))])
def test_half_and_uint_channels_of_a_float_image_convert_like_oiio(tmp_path, compression, tile):
    """A part of half colour, a float depth and a uint id (a render's AOVs) reads as an f32
    image, each value converted as vfxpy's Core reader unpacks it: every one of the 65536 half
    values (infinities, NaNs with their payloads, denormals, -0) to the same float bits as
    OIIO's read through OpenEXR's C++ API, and uints (up to 2**32 - 1) to the nearest float."""
    h, w = 256, 96
    halves = np.arange(h * w * 3, dtype=np.uint32).astype(np.uint16)  # every bit pattern, 3 times over
    halves = np.random.default_rng(2).permutation(halves).reshape(h, w, 3).view(np.float16)
    source = np.zeros((h, w, 5), np.float32)
    source[..., :3] = halves.astype(np.float32)  # OIIO converts them back to half, as they were
    source[..., 3] = noise(h, w, 1, np.float32, seed=4)[..., 0]
    source[..., 4] = np.random.default_rng(6).uniform(0, 1, (h, w))  # OIIO scales it to 0..2**32-1
    names = ["R", "G", "B", "depth.Z", "id"]
    path = tmp_path / f"aovs_{compression}.exr"
    oiio_write(path, source, tmp_path, format="float", channel_names=names, tile=tile,
               channel_formats=["half", "half", "half", "float", "uint"], attributes={"compression": compression})
    as_float, spec = oiio_read(path, tmp_path, format="float")
    ids, _ = oiio_read(path, tmp_path, format="uint")
    img = vfxpy.read(path)
    assert img.format == "f32" and img.channel_names == ["R", "G", "B", "id", "depth.Z"]
    ours = by_name(img.numpy(), img.channel_names, names)
    floats, ids = by_name(as_float, spec["channel_names"], names), by_name(ids, spec["channel_names"], names)
    assert_bit_equal(ours[..., :4], floats[..., :4])
    assert ids[..., 4].max() > 1 << 31  # values beyond a float's 24 bits
    assert_bit_equal(ours[..., 4], ids[..., 4].astype(np.float32))


@pytest.mark.parametrize("compression", ["zip", "dwaa"])
def test_decreasing_y_files_keep_their_line_order(tmp_path, compression):
    """A file read with decreasing-y line order is written back so (its chunks stored last
    first, by vfxpy's parallel writer): OIIO reads it as vfxpy does and sees the order."""
    source = smooth(100, 37, 4, np.float16)
    path = tmp_path / "decreasing.exr"
    img = vfxpy.Image(source)
    img.metadata["lineOrder"] = "decreasing_y"
    exr.write(path, img, compression=compression)
    back, _ = read_like_oiio(path, tmp_path)
    assert back.metadata["lineOrder"] == "decreasing_y"
    if compression == "zip":
        assert_bit_equal(back.numpy(), source)
    # the offset table: the chunks, top first, lie in the file bottom first
    _, offsets = offset_table(path, -(-100 // (16 if compression == "zip" else 32)))
    assert list(offsets) == sorted(offsets, reverse=True)
    with vfxpy.create(tmp_path / "streamed.exr", like=back, compression=compression) as writer:
        writer.write_region(vfxpy.Image(back.numpy()[:60]), 0)
        writer.write_region(vfxpy.Image(back.numpy()[60:]), 60)
    exr.write(tmp_path / "whole.exr", back, compression=compression)  # streamed: through the C++ API
    streamed = vfxpy.read(tmp_path / "streamed.exr")
    assert streamed.metadata["lineOrder"] == "decreasing_y"
    assert_bit_equal(streamed.numpy(), vfxpy.read(tmp_path / "whole.exr").numpy())
