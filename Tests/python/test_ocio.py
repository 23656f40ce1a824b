"""vfxpy.ocio: OpenColorIO configs run on vfxpy's engine, checked against Debian's
PyOpenColorIO 2.1.2 in a separate process (ocio_config_ref.py).

The config is written here as YAML text, over LUT files written with vfxpy's own LUT
writers: Matrix, LogAffine, LogCamera, Range, Exponent, ExponentWithLinear, CDL,
ExposureContrast (linear: translated; video: OCIO's CPU processor), FileTransforms
(spi1d shaper + tetrahedral .cube), looks, displays and views, and BuiltinTransforms
(ACEScct_to_ACES2065-1, ACEScg_to_ACES2065-1, the ACES 1.0 SDR-video output transform,
DISPLAY - CIE-XYZ-D65_to_sRGB and the ACES 1.3 reference gamut compression, as a look
both ways).

Tolerance: 1e-5 relative to max(1, |reference|) for float32, on the CPU backend and on
Vulkan (lavapipe), fused with other ops and unfused. Measured: at most 8.5e-6 for the ACES
output transforms, whose grading-curve tone scales vfxpy runs as curves sampled from
OCIO's own evaluation (interpolation error 4.9e-7 in log10 units, OCIO's float32 noise,
then amplified by the display encoding); at most 1.8e-6 everywhere else (CDL and
exposure/contrast: vfxpy's pow and OCIO's differ in the last float32 bits), except
ill-conditioned HDR pixels of the ACEScct display job and of the inverse Rec.1886 job
(JOB_TOLERANCE says why). The reference
runs OCIO's default optimization without OPTIMIZATION_FAST_LOG_EXP_POW (the same bits
here; see ocio_config_ref.py). NaN must be NaN on both sides (negative inputs of some
logs), infinities infinities.

Known difference, not tested: a NaN reaching a clamping Range becomes the bound in OCIO
(std::max/min order) and stays NaN in vfxpy; in the ACES output transform that happens
only for inputs around 1e30, which the fixed functions overflow to NaN.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import vfxpy
from vfxpy import lut, ocio
from ocio_config_ref import ocio_config_apply
from ocio_ref import ocio_apply
from test_gpu import gpu, no_validation_messages  # noqa: F401 (fixtures: a Vulkan Processor, a silent validation layer)

TOLERANCE = 1e-5
# The ACEScct display job runs the "warm" CDL in ACEScct, then ACEScct_to_ACES2065-1: the
# decode's 2^(17.52 y) turns a relative error e of the CDL output into 12 e, and the
# AP1 -> AP0 matrix then carries a channel of ~2000 into one of ~0.3 (input pixels of
# ACEScct 1.1 are linear ~600). One float step of difference between our pow and OCIO's
# powf in the CDL (1e-7; both are within their accuracy) measured 2.5e-5 after the shaper
# and LUT on one pixel of 2600; two steps would give 5e-5.
# The inverse Rec.1886 job decodes ((x + 0.055) / 1.055)^2.4 in float32 (vfxpy's power
# curve kernel: fast_pow, within 1.7e-7 relative, after two input roundings that the
# power multiplies by 2.4), then the XYZ -> ACEScg matrix subtracts channels near 470
# (inputs up to 16) to give one of 1.06: measured 1.4e-5 there, 3e-8 of the pixel's
# largest channel; the job's other pixels at most 4.6e-6.
JOB_TOLERANCE = {"ACEScct-sRGB-Film": 6e-5, "ACEScg-Rec.1886-Video-True": 3e-5}

CONFIG = """\
ocio_profile_version: 2.1
name: vfxpy-test
description: written by test_ocio.py
search_path: luts
roles:
  default: raw
  scene_linear: ACES2065-1
  aces_interchange: ACES2065-1
  cie_xyz_d65_interchange: CIE-XYZ-D65
  color_timing: ACEScct
  compositing_log: lg10
  data: raw
file_rules:
  - !<Rule> {name: Default, colorspace: default}
displays:
  sRGB:
    - !<View> {name: ACES 1.0 SDR, view_transform: ACES-SDR, display_colorspace: sRGB-display}
    - !<View> {name: Film, colorspace: film, looks: warm}
    - !<View> {name: Raw, colorspace: raw}
  Rec.1886:
    - !<View> {name: Video, colorspace: rec1886}
active_displays: []
active_views: []
looks:
  - !<Look>
    name: warm
    process_space: ACEScct
    transform: !<CDLTransform> {slope: [1.1, 1.0, 0.9], offset: [0.01, 0, -0.01], power: [1.05, 1, 0.95], sat: 0.9}
  - !<Look>
    name: brighter
    process_space: ACES2065-1
    transform: !<ExposureContrastTransform> {style: linear, exposure: 0.5, contrast: 1.1, pivot: 0.18}
  - !<Look>
    name: gamut
    process_space: ACES2065-1
    transform: !<BuiltinTransform> {style: ACES-LMT - ACES 1.3 Reference Gamut Compression}
view_transforms:
  - !<ViewTransform>
    name: ACES-SDR
    from_scene_reference: !<BuiltinTransform> {style: ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0}
display_colorspaces:
  - !<ColorSpace>
    name: CIE-XYZ-D65
    family: Display
    encoding: display-linear
  - !<ColorSpace>
    name: sRGB-display
    family: Display
    encoding: sdr-video
    from_display_reference: !<BuiltinTransform> {style: DISPLAY - CIE-XYZ-D65_to_sRGB}
colorspaces:
  - !<ColorSpace>
    name: ACES2065-1
    aliases: [aces, lin_ap0]
    family: ACES
    encoding: scene-linear
    description: The ACES interchange space
  - !<ColorSpace>
    name: ACEScg
    family: ACES
    encoding: scene-linear
    to_scene_reference: !<BuiltinTransform> {style: ACEScg_to_ACES2065-1}
  - !<ColorSpace>
    name: ACEScct
    family: ACES
    encoding: log
    to_scene_reference: !<BuiltinTransform> {style: ACEScct_to_ACES2065-1}
  - !<ColorSpace>
    name: raw
    family: Utility
    encoding: data
    isdata: true
  - !<ColorSpace>
    name: lg10
    family: Log
    encoding: log
    to_scene_reference: !<GroupTransform>
      children:
        - !<LogAffineTransform> {base: 10, log_side_slope: 0.3, log_side_offset: 0.6, lin_side_slope: 1.2, lin_side_offset: 0.01, direction: inverse}
        - !<MatrixTransform> {matrix: [0.9, 0.08, 0.02, 0, 0.05, 0.9, 0.05, 0, 0.01, 0.09, 0.9, 0, 0, 0, 0, 1], offset: [0.001, 0, -0.001, 0]}
  - !<ColorSpace>
    name: camlog
    family: Log
    encoding: log
    from_scene_reference: !<LogCameraTransform> {base: 2, log_side_slope: 0.057, log_side_offset: 0.55, lin_side_slope: 1, lin_side_offset: 0, lin_side_break: 0.0078125}
  - !<ColorSpace>
    name: gamma22
    family: Display
    encoding: sdr-video
    from_scene_reference: !<GroupTransform>
      children:
        - !<RangeTransform> {min_in_value: 0, max_in_value: 1, min_out_value: 0, max_out_value: 1}
        - !<ExponentTransform> {value: [2.2, 2.2, 2.2, 1], direction: inverse}
  - !<ColorSpace>
    name: rec1886
    family: Display
    encoding: sdr-video
    from_scene_reference: !<ExponentWithLinearTransform> {gamma: [2.4, 2.4, 2.4, 1], offset: [0.055, 0.055, 0.055, 0], direction: inverse}
  - !<ColorSpace>
    name: graded
    family: Grade
    encoding: scene-linear
    from_scene_reference: !<GroupTransform>
      children:
        - !<CDLTransform> {slope: [1.2, 1.0, 0.8], offset: [0.02, 0, -0.02], power: [1.1, 1.0, 0.9], sat: 1.2}
        - !<ExposureContrastTransform> {style: linear, exposure: -0.5, contrast: 1.3, gamma: 1.1, pivot: 0.18}
  - !<ColorSpace>
    name: video_ec
    family: Grade
    encoding: sdr-video
    from_scene_reference: !<ExposureContrastTransform> {style: video, exposure: 0.3, contrast: 1.2, pivot: 0.18}
  - !<ColorSpace>
    name: film
    family: Film
    encoding: sdr-video
    from_scene_reference: !<GroupTransform>
      children:
        - !<FileTransform> {src: shaper.spi1d}
        - !<FileTransform> {src: grade.cube, interpolation: tetrahedral}
"""

# (kind, arguments) of every processor checked against OCIO
JOBS = [
    dict(kind="spaces", src="ACEScg", dst="lg10"),
    dict(kind="spaces", src="ACEScg", dst="lg10", inverse=True),
    dict(kind="spaces", src="ACEScct", dst="camlog"),
    dict(kind="spaces", src="ACES2065-1", dst="gamma22"),
    dict(kind="spaces", src="ACEScg", dst="rec1886"),
    dict(kind="spaces", src="ACEScg", dst="graded"),
    dict(kind="spaces", src="graded", dst="ACEScg"),
    dict(kind="spaces", src="ACEScg", dst="video_ec"),
    dict(kind="spaces", src="ACEScg", dst="film"),
    dict(kind="spaces", src="ACEScg", dst="ACEScct"),
    dict(kind="spaces", src="ACEScg", dst="ACEScg", looks="warm, brighter"),
    dict(kind="spaces", src="ACEScg", dst="ACEScg", looks="gamut"),
    dict(kind="spaces", src="ACEScg", dst="ACEScg", looks="gamut", inverse=True),
    dict(kind="display", src="ACEScg", display="sRGB", view="ACES 1.0 SDR"),
    dict(kind="display", src="ACEScct", display="sRGB", view="Film"),
    dict(kind="display", src="ACEScg", display="sRGB", view="Film", looks="brighter"),
    dict(kind="display", src="ACEScg", display="Rec.1886", view="Video", inverse=True),
    dict(kind="file", path="job_grade.cube", interpolation="tetrahedral"),
    dict(kind="file", path="job_shaper.spi1d", inverse=True),
]


def _job_id(job):
    return "-".join(str(v) for k, v in job.items() if k != "kind").replace(" ", "_")


def write_config(folder: Path) -> Path:
    """The test config and its LUT files (written with vfxpy's LUT writers) in ``folder``."""
    luts = folder / "luts"
    luts.mkdir(parents=True, exist_ok=True)
    shaper = lut.Lut1D(np.array([0.0, 0.3, 0.55, 0.8, 1.0]), -0.125, 1.125)
    n = 9
    grid = np.stack(np.meshgrid(*[np.linspace(0, 1, n)] * 3, indexing="ij"), axis=-1)
    grade = lut.Lut3D(grid ** 1.2 * 0.9 + 0.05 * grid[..., [1, 2, 0]])
    # The file jobs read copies that no color space uses: OCIO 2.1 keeps a file's data as its
    # first reader left it, so the film color space's FileTransform (default interpolation)
    # read first changes the cache id of a later FileTransform of the same file (the inverse
    # shaper: $3661... read first, $3132... after film), and which tests ran earlier on a
    # pytest-xdist worker would decide our id while the reference process always ran film first.
    for prefix in ("", "job_"):
        lut.write_spi1d(luts / f"{prefix}shaper.spi1d", shaper)
        lut.write_cube(luts / f"{prefix}grade.cube", grade)
    path = folder / "config.ocio"
    path.write_text(CONFIG)
    return path


def make_pixels():
    """RGBA float32: [−0.1, 1.2] mostly, HDR up to 16, some negatives; alpha in [0, 1]."""
    rng = np.random.default_rng(1)
    px = np.concatenate([rng.uniform(-0.1, 1.2, (2000, 4)), rng.uniform(0, 16, (500, 4)),
                         rng.uniform(-2, 0, (100, 4))]).astype(np.float32)
    px[:, 3] = rng.uniform(0, 1, len(px))
    return px.reshape(50, 52, 4)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("ocio")


@pytest.fixture(scope="module")
def config_path(folder):
    return write_config(folder)


@pytest.fixture(scope="module")
def config(config_path):
    return ocio.Config(config_path)


@pytest.fixture(scope="module")
def references(config_path, folder):
    """OCIO's result of every job on make_pixels(), with its cache id and no-op flag."""
    jobs = [dict(job, path=str(config_path.parent / "luts" / job["path"])) if job["kind"] == "file" else job
            for job in JOBS]
    return ocio_config_apply(config_path, jobs, make_pixels(), folder)


def make_processor(config, job):
    direction = "inverse" if job.get("inverse") else "forward"
    if job["kind"] == "spaces":
        return config.processor(job["src"], job["dst"], looks=job.get("looks"), direction=direction)
    if job["kind"] == "display":
        return config.display_processor(job["src"], job["display"], job["view"], looks=job.get("looks"),
                                        direction=direction)
    return config.file_processor(job["path"], interpolation=job.get("interpolation", "best"), direction=direction)


def assert_matches(actual, expected, what, tolerance=TOLERANCE):
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected), err_msg=f"{what}: NaN differ")
    np.testing.assert_array_equal(np.isinf(actual), np.isinf(expected), err_msg=f"{what}: infinities differ")
    finite = np.isfinite(expected)
    error = np.abs(actual[finite] - expected[finite]) / np.maximum(1.0, np.abs(expected[finite]))
    assert error.max(initial=0) <= tolerance, f"{what}: max relative error {error.max():.3g}"


@pytest.mark.parametrize("index", range(len(JOBS)), ids=[_job_id(j) for j in JOBS])
def test_processor_matches_ocio_on_cpu_and_vulkan_fused_and_unfused(config, references, gpu, index):
    job = JOBS[index]
    tolerance = JOB_TOLERANCE.get(_job_id(job), TOLERANCE)
    expected, cache_id, noop = references[index]
    processor = make_processor(config, job)
    assert processor.cache_id == cache_id
    assert processor.is_noop == noop
    px = make_pixels()

    img = vfxpy.Image(px.copy())
    assert processor.apply(img) is img
    assert_matches(img.numpy(), expected, "ocio.Processor.apply", tolerance)
    # alpha untouched, except where OCIO itself makes it NaN: a matrix after a step
    # that overflowed RGB to inf gives 0 * inf in alpha, in OCIO as in vfxpy
    kept = ~np.isnan(expected[..., 3])
    np.testing.assert_array_equal(img.numpy()[..., 3][kept], px[..., 3][kept])

    for backend in (vfxpy.Processor(backend="cpu"), gpu):
        unfused = vfxpy.Image(px.copy())
        backend.apply_ocio(unfused, processor)
        assert_matches(unfused.numpy(), expected, f"{backend.backend} apply_ocio", tolerance)
        # fused between exposures of +1 and -1 stop: exact powers of two on both sides
        fused = vfxpy.Image(px.copy())
        backend.chain(fused).exposure(1).apply_ocio(processor).exposure(-1).run()
        twice = vfxpy.Image(px.copy())
        vfxpy.Processor(backend="cpu").exposure(twice, 1)
        ref_twice = ocio_on(config, job, twice.numpy())
        halved = ref_twice.copy()
        halved[..., :3] *= 0.5
        assert_matches(fused.numpy(), halved, f"{backend.backend} chain(...).apply_ocio", tolerance)


_ref_cache = {}


def ocio_on(config, job, pixels):
    """OCIO's result of ``job`` on other pixels (one reference process per job)."""
    key = (repr(job), pixels.tobytes())
    if key not in _ref_cache:
        folder = Path(config.working_dir)
        ref_job = dict(job, path=str(folder / "luts" / job["path"])) if job["kind"] == "file" else job
        _ref_cache[key] = ocio_config_apply(folder / "config.ocio", [ref_job], pixels, folder)[0][0]
    return _ref_cache[key]


def test_steps_say_which_engine_runs_them(config):
    aces = config.display_processor("ACEScg", "sRGB", "ACES 1.0 SDR")
    engines = {(s["transform"], s["engine"]) for s in aces.steps}
    assert ("FixedFunctionTransform", "vfxpy") in engines and ("MatrixTransform", "vfxpy") in engines
    assert all(s["engine"] == "vfxpy" for s in aces.steps)
    assert "aces_fixed_function" in aces.ops and "matrix" in aces.ops and "ocio_cpu" not in aces.ops
    text = repr(aces)
    assert "'ACEScg' -> 'sRGB'/'ACES 1.0 SDR'" in text
    assert "FixedFunction [vfxpy: aces_fixed_function; host on vulkan]" in text
    assert "Matrix [vfxpy: matrix]" in text and "Log [vfxpy: log]" in text
    assert "GradingRGBCurve [vfxpy: curve_lut1d; host on vulkan]" in text
    video = config.processor("ACEScg", "video_ec")  # a video-style ExposureContrast: OCIO's CPU processor
    assert ("ExposureContrastTransform", "ocio-cpu") in {(s["transform"], s["engine"]) for s in video.steps}
    assert "ocio_cpu" in video.ops and "ExposureContrast [ocio-cpu]" in repr(video)
    assert {(s["transform"], s["vulkan"]) for s in aces.steps if s["ops"] == ["matrix"]} == {("MatrixTransform", True)}
    graded = config.processor("ACEScg", "graded")
    assert all(s["engine"] == "vfxpy" for s in graded.steps)
    assert "ocio_cpu" not in graded.ops


def test_other_image_formats(config, references):
    index = next(i for i, j in enumerate(JOBS) if j.get("view") == "ACES 1.0 SDR")
    processor = make_processor(config, JOBS[index])
    px = np.clip(make_pixels(), 0, 1)
    expected = ocio_on(config, JOBS[index], px)
    # half: in float, stored back rounded
    half = vfxpy.Image(px.astype(np.float16))
    processor.apply(half)
    expected_half = ocio_on(config, JOBS[index], px.astype(np.float16).astype(np.float32))
    np.testing.assert_allclose(half.numpy().astype(np.float32), expected_half.astype(np.float16).astype(np.float32),
                               atol=1e-3, rtol=1e-3)
    # 8-bit: normalized, stored back rounded and clamped
    u8 = vfxpy.Image(np.round(px * 255).astype(np.uint8))
    processor.apply(u8)
    expected_u8 = ocio_on(config, JOBS[index], np.round(px * 255).astype(np.float32) / 255)
    assert np.abs(u8.numpy().astype(int) - np.round(np.clip(expected_u8, 0, 1) * 255).astype(int)).max() <= 1
    assert (u8.numpy()[..., 3] == np.round(px[..., 3] * 255).astype(np.uint8)).all()
    # three channels: RGB as OCIO's RGBA result with alpha 1
    rgb = vfxpy.Image(np.ascontiguousarray(px[..., :3]))
    processor.apply(rgb)
    assert_matches(rgb.numpy(), expected[..., :3], "RGB image")


def test_many_threads_apply_one_processor(config):
    processor = config.display_processor("ACEScg")
    px = make_pixels()
    single = processor.apply(vfxpy.Image(px.copy())).numpy()
    images = [vfxpy.Image(px.copy()) for _ in range(12)]
    errors = []

    def work(img):
        try:
            for _ in range(3):
                img.numpy()[:] = px
                processor.apply(img)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(img,)) for img in images]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for img in images:
        np.testing.assert_array_equal(img.numpy(), single)


def test_listings(config):
    assert config.color_spaces[:3] == ["CIE-XYZ-D65", "sRGB-display", "ACES2065-1"]
    assert "ACEScct" in config.color_spaces and len(config.color_spaces) == 13
    aces = config.color_space("ACES2065-1")
    assert (aces.family, aces.encoding, aces.is_data) == ("ACES", "scene-linear", False)
    assert aces.description == "The ACES interchange space"
    assert aces.aliases == ["aces", "lin_ap0"]
    assert config.color_space("lin_ap0").name == "ACES2065-1"
    assert config.color_space("scene_linear").name == "ACES2065-1"
    assert config.color_space("raw").is_data
    assert config.roles["color_timing"] == "ACEScct" and config.roles["data"] == "raw"
    assert config.displays == ["sRGB", "Rec.1886"]
    assert config.views("sRGB") == ["ACES 1.0 SDR", "Film", "Raw"]
    assert config.default_display == "sRGB"
    assert config.default_view("sRGB") == "ACES 1.0 SDR" and config.default_view("Rec.1886") == "Video"
    assert config.looks == ["warm", "brighter", "gamut"]
    assert config.name == "vfxpy-test"


def test_from_string_raw_and_ocio_variable(config, config_path, run):
    again = ocio.Config.from_string(config.raw(), working_dir=config_path.parent)
    assert again.color_spaces == config.color_spaces and again.roles == config.roles
    assert again.processor("ACEScg", "film").cache_id == config.processor("ACEScg", "film").cache_id
    script = ("import vfxpy\nfrom vfxpy import ocio\nc = ocio.Config()\nprint(c.default_display, len(c.color_spaces))\n"
              "try:\n    c.processor('ACEScg', 'nope')\nexcept ValueError as e:\n    print('ValueError')\n")
    result = run("-c", script, env={"OCIO": str(config_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sRGB", "13", "ValueError"]
    assert result.stderr == ""
    env = dict(os.environ)
    env.pop("OCIO", None)
    result = subprocess.run([sys.executable, "-c", "from vfxpy import ocio\nocio.Config()"], capture_output=True,
                            text=True, env=env)
    assert "OCIOError" in result.stderr and "$OCIO is not set" in result.stderr


def test_processors_are_cached(config):
    a = config.display_processor("ACEScg", looks="warm")
    assert config.display_processor("ACEScg", "sRGB", "ACES 1.0 SDR", looks="warm") is a
    assert config.display_processor("ACEScg", looks="brighter") is not a
    assert config.processor("scene_linear", "lg10") is config.processor("ACES2065-1", "lg10")
    assert config.processor("ACES2065-1", "aces").is_noop
    assert not config.processor("ACEScg", "lg10").is_noop


def test_write_ctf_and_clf(config, tmp_path):
    px = make_pixels()
    aces = config.display_processor("ACEScg")
    expected = ocio_on(config, dict(kind="display", src="ACEScg", display="sRGB", view="ACES 1.0 SDR"), px)
    aces.write(tmp_path / "aces.ctf")
    result, _ = ocio_apply(tmp_path / "aces.ctf", px, tmp_path)
    assert_matches(result, expected, "the written CTF through OCIO")
    with pytest.raises(ocio.OCIOError):  # CLF has no FixedFunction
        aces.write(tmp_path / "aces.clf")
    lg10 = config.processor("ACEScg", "lg10")
    lg10.write(tmp_path / "lg10.clf")
    clf = lut.read_clf(tmp_path / "lg10.clf")
    assert [op["type"] for op in clf.ops] == ["Matrix", "Matrix", "Log"]  # as built, not optimized
    # away from log(0), where two float32 matrix products in a row (rounded differently
    # by OCIO's renderer and ours) move the log's output by more than 1e-5
    positive = np.clip(px, 0.01, None)
    img = vfxpy.Image(positive.copy())
    clf.apply(img)
    result, _ = ocio_apply(tmp_path / "lg10.clf", positive, tmp_path)
    assert_matches(img.numpy(), result, "the written CLF read back")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    with pytest.raises(ValueError, match=r"\.clf or \.ctf"):
        lg10.write(tmp_path / "lg10.cube")


def test_errors(config, config_path, tmp_path):
    with pytest.raises(vfxpy.IOError) as missing:
        ocio.Config(tmp_path / "missing.ocio")
    assert missing.value.errno == 2 and isinstance(missing.value, OSError)
    with pytest.raises(vfxpy.IOError) as directory:
        ocio.Config(tmp_path)
    assert directory.value.errno == 21
    bad = tmp_path / "bad.ocio"
    bad.write_text("ocio_profile_version: 2.1\ncolorspaces:\n  - !<ColorSpace> {name: a, bogus_key: [}\n")
    with pytest.raises(ocio.OCIOError) as parse:
        ocio.Config(bad)
    assert isinstance(parse.value, vfxpy.VfxError) and str(bad) in str(parse.value)
    with pytest.raises(ocio.OCIOError):
        ocio.Config.from_string("ocio_profile_version: 7\n")
    with pytest.raises(ValueError, match=r"unknown color space 'ACEScgg' \(near names: 'ACEScg'"):
        config.processor("ACEScgg", "lg10")
    with pytest.raises(ValueError, match=r"unknown display 'sRBG' \(near names: 'sRGB'"):
        config.display_processor("ACEScg", "sRBG")
    with pytest.raises(ValueError, match=r"unknown view .*'Flim' \(near names: 'Film'"):
        config.display_processor("ACEScg", "sRGB", "Flim")
    with pytest.raises(ValueError, match=r"unknown look 'wram' \(near names: 'warm'"):
        config.processor("ACEScg", "lg10", looks="+wram")
    with pytest.raises(ValueError, match="direction"):
        config.processor("ACEScg", "lg10", direction="backward")
    with pytest.raises(ValueError, match="interpolation"):
        config.file_processor("grade.cube", interpolation="spline")
    with pytest.raises(vfxpy.IOError) as lut_missing:
        config.file_processor(tmp_path / "nope.cube")
    assert lut_missing.value.errno == 2
    with pytest.raises(ocio.OCIOError):
        config.file_processor("nope.cube")  # relative: OCIO searches the search path
    with pytest.raises(TypeError):
        config.processor("ACEScg", "lg10").apply(np.zeros((2, 2, 4), np.float32))
    with pytest.raises(TypeError, match="vfxpy.ocio.Processor"):
        vfxpy.Processor(backend="cpu").apply_ocio(vfxpy.Image.new(2, 2), "lg10")


def test_nothing_is_printed(run, config_path):
    script = f"""
import vfxpy, numpy as np
from vfxpy import ocio
c = ocio.Config({str(config_path)!r})
img = vfxpy.Image.new(8, 8, fill=0.5)
for view in c.views("sRGB"):
    c.display_processor("ACEScg", "sRGB", view).apply(img)
for bad in ("missing.ocio",):
    try:
        ocio.Config(bad)
    except vfxpy.IOError:
        pass
try:
    ocio.Config.from_string("ocio_profile_version: 2.1\\nroles: {{scene_linear: nothing}}\\ncolorspaces: [}}")
except ocio.OCIOError:
    pass
try:
    c.file_processor("missing.cube")
except ocio.OCIOError:
    pass
print("ok")
"""
    result = run("-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok" and result.stderr == ""


@pytest.mark.parametrize("extension", ["cube", "spi3d", "csp", "clf"])
def test_baked_luts_reproduce_the_processor_through_ocio(config, extension, tmp_path):
    """A 33³ bake of ACEScg → sRGB / ACES 1.0 SDR (the ACES output transform), read back
    by OCIO's own FileTransform, against OCIO's processor: median error under 1e-4 (the
    grid's interpolation error)."""
    job = dict(kind="display", src="ACEScg", display="sRGB", view="ACES 1.0 SDR")
    px = np.clip(make_pixels(), 0, 1)
    expected = ocio_on(config, job, px)
    path = tmp_path / f"aces.{extension}"
    config.bake_lut(path, "ACEScg", display="sRGB", view="ACES 1.0 SDR")
    baked, _ = ocio_apply(path, px, tmp_path, interpolation="tetrahedral")
    error = np.abs(baked[..., :3] - expected[..., :3])
    assert np.median(error) < 1e-4, f"median {np.median(error):.3g}"
    assert error.max() < 0.1  # dark saturated colours, where the output transform bends most


@pytest.mark.parametrize("extension", ["cube", "csp", "clf"])
def test_baked_shaper_is_written_and_used(config, extension, tmp_path):
    """With shaper_size, a scene-linear source's HDR values (to 16) survive the bake;
    without it they clamp at 1."""
    job = dict(kind="display", src="ACEScg", display="sRGB", view="ACES 1.0 SDR")
    rng = np.random.default_rng(5)
    px = rng.uniform(0, 16, (40, 50, 4)).astype(np.float32)
    expected = ocio_on(config, job, px)
    errors = {}
    for shaper_size in (0, 4096):
        path = tmp_path / f"aces{shaper_size}.{extension}"
        config.bake_lut(path, "ACEScg", size=33, shaper_size=shaper_size)
        baked, _ = ocio_apply(path, px, tmp_path, interpolation="tetrahedral")
        errors[shaper_size] = np.median(np.abs(baked[..., :3] - expected[..., :3]))
    assert errors[4096] < 1e-3 and errors[4096] < errors[0] / 10, errors
    text = (tmp_path / f"aces4096.{extension}").read_text()
    assert {"cube": "LUT_1D_SIZE 4096", "csp": "\n4096\n", "clf": '<Array dim="4096 1">'}[extension] in text


def test_bake_errors(config, tmp_path):
    with pytest.raises(ValueError, match="cannot tell the LUT format"):
        config.bake_lut(tmp_path / "x.txt", "ACEScg", "lg10")
    with pytest.raises(ValueError, match="spi3d file holds no shaper"):
        config.bake_lut(tmp_path / "x.spi3d", "ACEScg", "lg10", shaper_size=1024)
    with pytest.raises(ValueError, match="not both"):
        config.bake_lut(tmp_path / "x.cube", "ACEScg", "lg10", display="sRGB")
    with pytest.raises(ValueError, match="size"):
        config.bake_lut(tmp_path / "x.cube", "ACEScg", "lg10", size=1)
    with pytest.raises(ValueError, match="unknown color space"):
        config.bake_lut(tmp_path / "x.cube", "ACEScgg", "lg10")
    config.bake_lut(tmp_path / "x.lut", "ACEScg", "lg10", size=3, format="spi3d")
    assert (tmp_path / "x.lut").read_text().startswith("SPILUT")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.lut"]


def test_aces_tone_scale_curves_far_outside_their_domain(config):
    """The ACES output's grading curves run as sampled curves (curve_lut1d) continued by
    straight lines: values from 1e-6 to 1e6 (log10 -6..6, beyond both curves' control
    points) match OCIO."""
    job = dict(kind="display", src="ACEScg", display="sRGB", view="ACES 1.0 SDR")
    processor = make_processor(config, job)
    assert processor.ops.count("curve_lut1d") == 2
    levels = np.logspace(-6, 6, 400).astype(np.float32)
    px = np.stack([levels, levels * 0.5, levels * 0.25, np.full_like(levels, 0.5)], axis=-1)
    px = np.concatenate([px, px[:, [1, 0, 2, 3]]]).reshape(20, 40, 4)
    expected = ocio_on(config, job, px)
    img = vfxpy.Image(px.copy())
    processor.apply(img)
    assert_matches(img.numpy(), expected, "ACES output over 12 decades")


def _current_ocio_python():
    """The bench peers' venv python (scripts/bench_peers.py: OCIO from PyPI), if it is
    there; the tests never make it (that needs PyPI)."""
    folder = os.environ.get("VFXRUN_BENCH_PEERS") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "vfxrun", "bench-peers")
    python = os.path.join(folder, "bin", "python")
    return python if os.path.exists(python) else None


STUDIO = "studio-config-v1.0.0_aces-v1.3_ocio-v2.1"
STUDIO_JOBS = [
    dict(kind="display", src="ACEScg", display="sRGB - Display", view="ACES 1.0 - SDR Video"),
    dict(kind="display", src="ARRI LogC3 (EI800)", display="Rec.2100-PQ - Display",
         view="ACES 1.1 - HDR Video (1000 nits & Rec.2020 lim)"),
    dict(kind="display", src="S-Log3 S-Gamut3", display="P3-D65 - Display", view="ACES 1.0 - SDR Cinema"),
    dict(kind="spaces", src="ACEScg", dst="ACEScct", looks="ACES 1.3 Reference Gamut Compression"),
    dict(kind="spaces", src="Linear Rec.709 (sRGB)", dst="sRGB - Texture"),
    dict(kind="spaces", src="V-Log V-Gamut", dst="Log3G10 REDWideGamutRGB"),
]


@pytest.fixture(scope="module")
def studio_config(folder):
    """OCIO's own ACES 1.3 studio config for OCIO 2.1, exported by the PyPI OCIO (2.2 or
    later) of the bench peers' venv; skipped when that venv is not there."""
    python = _current_ocio_python()
    if python is None:
        pytest.skip("no bench-peers venv with a PyPI OpenColorIO (scripts/bench_peers.py makes it)")
    path = folder / "studio.ocio"
    script = (f"import PyOpenColorIO as O\nc = O.Config.CreateFromFile('ocio://{STUDIO}')\n"
              f"open({str(path)!r}, 'w').write(c.serialize())\n")
    result = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.skip(f"the venv's OpenColorIO cannot export {STUDIO}: {result.stderr.strip().splitlines()[-1:]}")
    return path


def test_aces_studio_config_matches_ocio(studio_config, folder, gpu):
    config = ocio.Config(studio_config)
    assert config.default_display == "sRGB - Display" and config.default_view() == "ACES 1.0 - SDR Video"
    assert "ACEScct" in config.color_spaces and config.roles["scene_linear"] == "ACEScg"
    # log-encoded sources get code values in [-0.05, 1.1]: beyond, their linear values
    # overflow to inf and NaN, where OCIO's clamping Ranges make NaN a bound (see above)
    linear = make_pixels()
    log = np.clip(linear, -0.05, 1.1)
    is_log = [config.color_space(job["src"]).encoding == "log" for job in STUDIO_JOBS]
    by_kind = {kind: iter(ocio_config_apply(studio_config, [j for j, k in zip(STUDIO_JOBS, is_log) if k == kind],
                                            log if kind else linear, folder)) for kind in (False, True)}
    for job, kind in zip(STUDIO_JOBS, is_log):
        expected, cache_id, _ = next(by_kind[kind])
        px = log if kind else linear
        processor = make_processor(config, job)
        assert processor.cache_id == cache_id
        img = vfxpy.Image(px.copy())
        processor.apply(img)
        assert_matches(img.numpy(), expected, f"{job} on the CPU")
        fused = vfxpy.Image(px.copy())
        gpu.chain(fused).exposure(1).exposure(-1).apply_ocio(processor).run()
        assert_matches(fused.numpy(), expected, f"{job} fused on Vulkan")
