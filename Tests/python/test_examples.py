"""The README's main job: examples/grade.py makes a plate, grades it, writes an EXR and
a PNG preview that OpenImageIO (the independent reader) opens."""

import numpy as np

from conftest import ROOT
from oiio_ref import oiio_read


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
