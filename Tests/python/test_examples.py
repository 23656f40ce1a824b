"""The README's main job: examples/grade.py makes a plate, grades it, writes an EXR and
a PNG preview that OpenImageIO (the independent reader) opens; the other examples run
and are checked the same way (OpenImageIO reads, formulas or PyOpenColorIO compute)."""

import numpy as np

import vfxpy
from conftest import ROOT
from ocio_config_ref import ocio_config_apply
from oiio_ref import oiio_read, oiio_read_config


def test_grade_example_writes_files_oiio_reads(run, tmp_path):
    out = tmp_path / "out"
    result = run(ROOT / "examples" / "grade.py", "--out-dir", out, "--exposure", "1", "--saturation", "1",
                 "--contrast", "1")
    assert result.returncode == 0, result.stderr
    plate, plate_spec = oiio_read(out / "plate.exr", tmp_path, format="float")
    graded, graded_spec = oiio_read(out / "plate_graded.exr", tmp_path, format="float")
    preview, preview_spec = oiio_read(out / "plate_preview.png", tmp_path)
    assert plate_spec["format"] == "half" and graded_spec["format"] == "half"
    assert plate.shape == graded.shape == (1080, 1920, 4) and preview.shape == (1080, 1920, 4)
    assert preview_spec["format"] == "uint8"
    # with saturation and contrast at 1 the grade is +1 stop: twice the plate (in half)
    rgb = plate[..., :3].astype(np.float64)
    assert np.allclose(graded[..., :3], 2 * rgb, rtol=2e-3, atol=1e-4)
    assert np.array_equal(graded[..., 3], plate[..., 3])
    # the preview is the sRGB encoding of the clamped graded plate, in 8 bits
    linear = np.clip(graded[..., :3].astype(np.float64), 0, 1)
    srgb = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)
    assert np.abs(preview[..., :3].astype(np.float64) - np.round(srgb * 255)).max() <= 1
    # the thumbnail is the preview at 480x270 (Lanczos-3), in JPEG: same picture, small
    thumb, thumb_spec = oiio_read(out / "plate_thumb.jpg", tmp_path)
    assert thumb.shape[:2] == (270, 480) and thumb_spec["format"] == "uint8"
    area_means = preview[..., :3].astype(np.float64).reshape(270, 4, 480, 4, 3).mean(axis=(1, 3))
    assert np.abs(thumb[..., :3].astype(np.float64) - area_means).mean() < 3  # of 255: JPEG + filter


def srgb_decode(code):
    code = np.asarray(code, dtype=np.float64)
    return np.where(code <= 0.04045, code / 12.92, ((code + 0.055) / 1.055) ** 2.4)


def test_comp_example_premultiplies_and_composites_as_the_formulas_say(run, tmp_path):
    """examples/comp.py: the element (8-bit sRGB, straight alpha) decoded to linear and
    premultiplied, over the plate, and screen-blended at 0.6; checked in float64 against
    the Porter-Duff and W3C formulas on the files OpenImageIO reads back."""
    out = tmp_path / "comp"
    result = run(ROOT / "examples" / "comp.py", "--out-dir", out, "--mode", "screen", "--opacity", "0.6",
                 "--size", "320", "180")
    assert result.returncode == 0, result.stderr
    fg, _ = oiio_read_config(out / "fg.png", tmp_path, {"oiio:UnassociatedAlpha": 1})  # as stored: straight
    bg, _ = oiio_read(out / "bg.exr", tmp_path, format="float")
    over, over_spec = oiio_read(out / "comp_over.exr", tmp_path, format="float")
    screen, _ = oiio_read(out / "comp_screen.exr", tmp_path, format="float")
    assert over_spec["format"] == "half" and over.shape == screen.shape == (180, 320, 4)
    alpha = fg[..., 3:].astype(np.float64) / 255
    assert 0 < alpha.mean() < 1 and (alpha == 0).any() and (alpha == 1).any()  # a soft-edged element
    color = srgb_decode(fg[..., :3] / 255.0)  # linear, straight
    plate = bg[..., :3].astype(np.float64)
    assert (bg[..., 3] == 1).all()
    expected_over = color * alpha + plate * (1 - alpha)
    assert np.allclose(over[..., :3], expected_over, rtol=2e-3, atol=2e-4)  # half-float files
    assert np.allclose(over[..., 3:], 1.0)
    o = 0.6
    screened = plate + color - plate * color
    expected_screen = o * alpha * screened + plate * (1 - o * alpha)
    assert np.allclose(screen[..., :3], expected_screen, rtol=2e-3, atol=2e-4)
    preview, _ = oiio_read(out / "comp_over.png", tmp_path)
    linear = np.clip(over[..., :3].astype(np.float64), 0, 1)
    srgb = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)
    assert np.abs(preview[..., :3].astype(np.float64) - np.round(srgb * 255)).max() <= 1


def cineon_decode(code):
    k = 10 ** ((95 - 685) * 0.002 / 0.6)
    return (10 ** ((np.asarray(code, dtype=np.float64) * 1023 - 685) * 0.002 / 0.6) - k) / (1 - k)


def cineon_encode(linear):
    k = 10 ** ((95 - 685) * 0.002 / 0.6)
    return (685 + np.log10(np.asarray(linear, dtype=np.float64) * (1 - k) + k) * 0.6 / 0.002) / 1023


def test_dpx_sequence_example_grades_every_frame_and_keeps_headers(run, tmp_path):
    """examples/dpx_sequence.py: each 10-bit printing-density frame is re-exposed in
    linear (Cineon decode, +1 stop, encode); codes checked in float64 within one 10-bit
    step (float32 processing, rounding), headers checked as OpenImageIO reads them."""
    result = run(ROOT / "examples" / "dpx_sequence.py", "scans/scan.####.dpx", "graded/scan.%04d.dpx",
                 "--exposure", "1", "--make-scans", "1001-1003")
    assert result.returncode == 0, result.stderr
    assert "graded  3 frame(s) 1001-1003" in result.stdout
    (tmp_path / "scans" / "scan.1002.dpx").unlink()  # a gap: reported, the rest graded
    again = run(ROOT / "examples" / "dpx_sequence.py", "scans/scan.####.dpx", "regraded/scan.####.dpx",
                "--exposure", "1")
    assert again.returncode == 0, again.stderr
    assert "missing 1 frame(s)" in again.stderr and "[1002]" in again.stderr
    assert sorted(p.name for p in (tmp_path / "regraded").iterdir()) == ["scan.1001.dpx", "scan.1003.dpx"]
    for frame, tc in ((1001, "00:00:41:17"), (1003, "00:00:41:19")):
        scan, _ = oiio_read(tmp_path / "scans" / f"scan.{frame}.dpx", tmp_path, format="float")
        graded, spec = oiio_read(tmp_path / "graded" / f"scan.{frame}.dpx", tmp_path, format="float")
        attrs = spec["attributes"]
        assert attrs["oiio:BitsPerSample"] == 10 and attrs["dpx:Transfer"] == "Printing density"
        assert attrs["dpx:TimeCode"] == tc and abs(attrs["dpx:FrameRate"] - 24) < 1e-6
        codes = np.round(scan.astype(np.float64) * 1023) / 1023
        expected = np.round(cineon_encode(2 * cineon_decode(codes)) * 1023)
        assert np.abs(np.round(graded.astype(np.float64) * 1023) - expected).max() <= 1
        card = np.round(graded[180, 320, 0] * 1023)  # 0.18 gray card, one stop up: 0.36 in printing density
        assert abs(card - np.round(cineon_encode(0.36) * 1023)) <= 1


def test_ocio_display_example_matches_opencolorio(run, tmp_path):
    """examples/ocio_display.py with no $OCIO: its own config, +1 stop, the default view
    (sRGB / ACES 1.0 SDR). The display PNG (read by OpenImageIO) is PyOpenColorIO's result
    (the independent reference, separate process) on twice the pixels plate.exr holds,
    clamped and rounded to 8 bits: within 1 code value (float32 differences of 1e-5 can
    cross a rounding boundary). The baked view.cube holds a 4096-point shaper and a 33-point
    cube, and reproduces the view to the code value on most pixels and within 4 anywhere (a
    33-point sampling of the ACES tone scale; measured: median 0, max 3)."""
    out = tmp_path / "ocio"
    result = run(ROOT / "examples" / "ocio_display.py", "--out-dir", out, "--exposure", "1", "--size", "320", "180",
                 env={"OCIO": ""})
    assert result.returncode == 0, result.stderr
    assert "display    sRGB: ACES 1.0 SDR, Raw" in result.stdout
    assert "FixedFunction [vfxpy: aces_fixed_function" in result.stdout and "Matrix [vfxpy: matrix]" in result.stdout
    plate, plate_spec = oiio_read(out / "plate.exr", tmp_path, format="float")
    shown, shown_spec = oiio_read(out / "plate_display.png", tmp_path)
    assert plate_spec["format"] == "half" and shown_spec["format"] == "uint8"
    assert plate.shape == shown.shape == (180, 320, 4)
    job = dict(kind="display", src="lin_rec709", display="sRGB", view="ACES 1.0 SDR")
    [(reference, _, _)] = ocio_config_apply(out / "config.ocio", [job], 2 * plate.astype(np.float32), tmp_path)
    expected = np.floor(np.clip(reference.astype(np.float64), 0, 1) * 255 + 0.5)
    assert np.abs(shown.astype(np.float64) - expected).max() <= 1
    assert (shown[..., 3] == 255).all()
    baked = vfxpy.lut.read(out / "view.cube")
    assert [type(op).__name__ for op in baked.ops] == ["Lut1D", "Lut3D"]
    assert baked.ops[0].size == 4096 and baked.ops[1].size == 33
    through = vfxpy.Image(np.ascontiguousarray(2 * plate[..., :3].astype(np.float32)))
    baked.apply(through)
    error = np.abs(np.floor(np.clip(through.numpy(), 0, 1) * 255 + 0.5) - expected[..., :3])
    assert np.median(error) == 0 and error.max() <= 4  # measured: median 0, max 3 code values


def test_stream_huge_example_equals_whole_image_processing(run, tmp_path):
    """examples/stream_huge.py on a 2048x1024 plate it writes band by band, with 16 MB of
    bands: the graded file equals the same chain on the whole image, and the proxy equals
    ops.resize of that (streaming resize uses the same weights), both read by OIIO."""
    out = tmp_path / "out"
    result = run(ROOT / "examples" / "stream_huge.py", "--out-dir", out, "--size", "2048", "1024",
                 "--max-memory", "16MB", "--proxy", "512", "256", "--exposure", "0.5")
    assert result.returncode == 0, result.stderr
    plate = vfxpy.read(out / "huge.exr")
    assert (plate.width, plate.height, plate.format) == (2048, 1024, "f16")
    whole = plate.astype("f32")
    vfxpy.Processor(backend="cpu").chain(whole).exposure(0.5).cdl(slope=(1.05, 1.0, 0.95), power=(1.0, 1.0, 1.1)).run()
    graded, spec = oiio_read(out / "huge_graded.exr", tmp_path, format="float")
    assert spec["format"] == "half"
    expected = whole.astype("f16").numpy().astype(np.float32)
    assert np.array_equal(graded, expected)
    proxy, _ = oiio_read(out / "huge_proxy.exr", tmp_path, format="float")
    resized = vfxpy.ops.resize(whole, 512, 256, filter="lanczos3").astype("f16").numpy().astype(np.float32)
    assert proxy.shape == (256, 512, 4)
    assert np.abs(proxy - resized).max() <= 1e-3 * max(1.0, float(np.abs(resized).max()))


def test_async_pipeline_example_grades_every_frame_like_the_sync_calls(run, tmp_path):
    out = tmp_path / "out"
    result = run(ROOT / "examples" / "async_pipeline.py", "--out-dir", out, "--frames", "1-3", "--exposure", "1")
    assert result.returncode == 0, result.stderr
    assert "3 frames in" in result.stdout
    for frame in (1, 2, 3):
        img = vfxpy.read(out / f"plate.{frame:04d}.exr")
        vfxpy.Processor(backend="cpu").chain(img).exposure(1.0).saturation(1.1).run()
        graded, _ = oiio_read(out / f"graded.{frame:04d}.exr", tmp_path, format="float")
        assert np.array_equal(graded, img.numpy().astype(np.float32))
