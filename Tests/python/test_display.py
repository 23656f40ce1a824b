"""Seeing images: Image._repr_png_'s preview (view transform, size, channels), vfxpy.show,
and vfxrun as a Jupyter kernel running examples/tour.ipynb headless.

The PNG bytes are decoded by OpenImageIO in its own process (the independent reader);
the expected pixels are computed here in float64 with numpy from the view transform's
definition (clamp to [0, 1], IEC 61966-2-1 sRGB curve, 8 bits rounded half up)."""

import json
import os
import shutil
import subprocess

import numpy as np
import pytest

import vfxpy
from vfxpy import _display  # private: the preview itself, loaded here rather than by an earlier test
from conftest import ROOT
from oiio_ref import oiio_read
from reference_process import DEBIAN_PYTHON


def srgb8(linear):
    """The view transform's definition, in float64."""
    x = np.clip(np.nan_to_num(np.asarray(linear, dtype=np.float64), nan=0.0), 0.0, 1.0)
    code = np.where(x <= 0.0031308, x * 12.92, 1.055 * x ** (1 / 2.4) - 0.055)
    return np.floor(code * 255 + 0.5)


def decoded(img, tmp_path, name="preview.png"):
    path = tmp_path / name
    data = img._repr_png_()
    assert isinstance(data, bytes) and data[:8] == b"\x89PNG\r\n\x1a\n"
    path.write_bytes(data)
    pixels, spec = oiio_read(path, tmp_path)
    assert spec["format"] == "uint8"
    return pixels


@pytest.fixture(autouse=True)
def no_ocio(monkeypatch):
    """The plain preview unless a test sets $OCIO itself: none from the environment."""
    monkeypatch.delenv("OCIO", raising=False)


def test_float_preview_is_srgb_of_clamped_linear_and_drops_alpha(tmp_path):
    rng = np.random.default_rng(5)
    arr = rng.uniform(-0.5, 3.0, size=(40, 300, 4)).astype(np.float32)
    arr[0, :6, 0] = [np.nan, -1.0, 0.0, 0.0031308, 0.18, 1.0]
    arr[..., 3] = 0.25
    img = vfxpy.Image(arr.copy())
    pixels = decoded(img, tmp_path)
    assert pixels.shape == (40, 300, 3)  # RGB: alpha is not shown
    assert np.abs(pixels.astype(np.float64) - srgb8(arr[..., :3])).max() <= 1
    assert list(pixels[0, :6, 0]) == [0, 0, 0, 10, 118, 255]
    assert np.array_equal(img.numpy(), arr, equal_nan=True)  # the image itself is untouched


def test_half_preview_wider_than_1024_is_area_averaged_in_linear(tmp_path):
    rng = np.random.default_rng(6)
    arr = rng.uniform(0.0, 2.0, size=(64, 2048, 3)).astype(np.float16)
    pixels = decoded(vfxpy.Image(arr), tmp_path)
    assert pixels.shape == (32, 1024, 3)
    # 2048 -> 1024 with the box filter widened by 2: each output pixel is a 2x2 mean, in linear light
    means = arr.astype(np.float64).reshape(32, 2, 1024, 2, 3).mean(axis=(1, 3))
    assert np.abs(pixels.astype(np.float64) - srgb8(means)).max() <= 1


def test_integer_images_are_shown_as_encoded_and_gray_stays_gray(tmp_path):
    u16 = np.array([[0, 257, 32768, 65535]], dtype=np.uint16)
    gray = decoded(vfxpy.Image(u16), tmp_path, "u16.png")
    assert gray.shape == (1, 4, 1) and list(gray[0, :, 0]) == [0, 1, 128, 255]
    u8 = np.arange(2 * 3 * 2, dtype=np.uint8).reshape(2, 3, 2) * 10  # gray + alpha
    shown = decoded(vfxpy.Image(u8), tmp_path, "u8.png")
    assert shown.shape == (2, 3, 1) and np.array_equal(shown[..., 0], u8[..., 0])


def test_many_channels_show_the_ones_named_rgb():
    arr = np.zeros((2, 2, 5), dtype=np.float32)
    arr[..., 4] = 1.0  # "B" is last
    img = vfxpy.Image(arr)
    img.channel_names = ["Z", "R", "G", "A", "B"]
    small = _display.preview(img)
    assert small.format == "u8" and small.channels == 3
    assert small.numpy()[0, 0].tolist() == [0, 0, 255]


def test_show_outside_a_notebook_writes_one_png_side_by_side(tmp_path, capsys):
    a = vfxpy.Image.new(30, 20, channels=3, fill=(1.0, 0.0, 0.0))
    b = vfxpy.Image.new(2048, 10, channels=1, format="u8", fill=1.0)
    path = vfxpy.show(a, b, titles=["red", "white"])
    try:
        assert "red, white" in capsys.readouterr().out
        pixels, _ = oiio_read(path, tmp_path)
        # b is shrunk to 1024 wide (5 high); 8 dark pixels between the two
        assert pixels.shape == (20, 30 + 8 + 1024, 3)
        assert pixels[:, :30].tolist() == [[[255, 0, 0]] * 30] * 20
        assert (pixels[:5, 38:] == 255).all() and (pixels[5:, 38:] == 40).all() and (pixels[:, 30:38] == 40).all()
    finally:
        os.unlink(path)


def test_show_rejects_bad_arguments():
    img = vfxpy.Image.new(4, 4)
    with pytest.raises(TypeError, match="at least one"):
        vfxpy.show()
    with pytest.raises(TypeError, match=r"images\[1\]"):
        vfxpy.show(img, "plate.exr")
    with pytest.raises(ValueError, match="2 given for 1"):
        vfxpy.show(img, titles=["a", "b"])
    with pytest.raises(TypeError, match="titles"):
        vfxpy.show(img, titles="a")


VIEW_CONFIG = """\
ocio_profile_version: 2.1
name: preview-test
roles:
  default: lin
  scene_linear: lin
file_rules:
  - !<Rule> {{name: Default, colorspace: default}}
displays:
  Monitor:
    - !<View> {{name: Graded, colorspace: graded}}
    - !<View> {{name: Raw, colorspace: lin}}
  Other:
    - !<View> {{name: Raw, colorspace: lin}}
colorspaces:
  - !<ColorSpace>
    name: lin
    encoding: scene-linear
  - !<ColorSpace>
    name: graded
    encoding: sdr-video
    from_scene_reference: !<GroupTransform>
      children:
        - !<CDLTransform> {{slope: [{slope}, 1.0, 0.8], offset: [0.02, 0, 0]}}
        - !<ExponentTransform> {{value: [2.6, 2.6, 2.6, 1], direction: inverse}}
"""


def test_with_ocio_the_preview_is_the_configs_default_view_from_scene_linear(tmp_path, monkeypatch):
    """$OCIO set: float images go through the default display's default view (Monitor /
    Graded: a CDL and a 1/2.6 power, far from the sRGB curve), clamped to 8 bits exactly
    as vfxpy.ocio's processor gives them, and within 1 code value of PyOpenColorIO's
    result (the independent reference, asked for Monitor/Graded by name)."""
    from ocio_config_ref import ocio_config_apply
    from vfxpy import ocio

    path = tmp_path / "config.ocio"
    path.write_text(VIEW_CONFIG.format(slope=1.2))
    monkeypatch.setenv("OCIO", str(path))
    rng = np.random.default_rng(7)
    arr = rng.uniform(-0.2, 1.6, size=(24, 40, 4)).astype(np.float32)
    arr[0, :3, :3] = np.nan
    img = vfxpy.Image(arr.copy())
    pixels = decoded(img, tmp_path)
    assert pixels.shape == (24, 40, 3)
    out = vfxpy.Image(np.ascontiguousarray(arr[..., :3]))
    ocio.Config(path).display_processor("scene_linear").apply(out)
    expected = np.floor(np.clip(np.nan_to_num(out.numpy().astype(np.float64), nan=0.0), 0, 1) * 255 + 0.5)
    assert np.array_equal(pixels, expected)
    assert np.abs(pixels.astype(np.float64) - srgb8(arr[..., :3])).max() > 20  # not the plain curve
    assert np.array_equal(img.numpy(), arr, equal_nan=True)  # the image itself is untouched
    [(reference, _, _)] = ocio_config_apply(path, [dict(kind="display", src="lin", display="Monitor", view="Graded")],
                                            np.nan_to_num(arr, nan=0.0), tmp_path)
    reference8 = np.floor(np.clip(reference[..., :3].astype(np.float64), 0, 1) * 255 + 0.5)
    assert np.abs(pixels[1:].astype(np.float64) - reference8[1:]).max() <= 1
    # gray goes through the view as R = G = B and shows in RGB (the CDL tints it)
    gray = np.linspace(0.0, 1.0, 16, dtype=np.float32).reshape(1, 16, 1)
    shown = _display.preview(vfxpy.Image(gray)).numpy()
    rgb = vfxpy.Image(np.ascontiguousarray(np.repeat(gray, 3, axis=2)))
    ocio.Config(path).display_processor("scene_linear").apply(rgb)
    assert shown.shape == (1, 16, 3) and np.array_equal(shown, np.floor(np.clip(rgb.numpy(), 0, 1) * 255 + 0.5))
    assert (shown[0, 4:, 0] > shown[0, 4:, 2]).all()
    # integer images are shown as encoded; an edited config is read again
    u8 = np.arange(48, dtype=np.uint8).reshape(4, 4, 3)
    assert np.array_equal(_display.preview(vfxpy.Image(u8)).numpy(), u8)
    path.write_text(VIEW_CONFIG.format(slope=1.25))
    again = _display.preview(vfxpy.Image(gray)).numpy()
    assert (again[0, 4:, 0] >= shown[0, 4:, 0]).all() and (again[0, 4:, 0] > shown[0, 4:, 0]).any()
    # a config that cannot be read is an error, not a preview in another view
    monkeypatch.setenv("OCIO", str(tmp_path / "missing.ocio"))
    with pytest.raises(vfxpy.IOError):
        img._repr_png_()
    monkeypatch.setenv("OCIO", "")
    assert np.abs(decoded(img, tmp_path, "plain.png").astype(np.float64) - srgb8(arr[..., :3])).max() <= 1


def _jupyter_missing():
    if shutil.which("jupyter-nbconvert") is None:
        return "jupyter-nbconvert is not installed (Debian jupyter-nbconvert; scripts/bootstrap)"
    import importlib.util
    if importlib.util.find_spec("ipykernel") is None:
        return "ipykernel is not importable (Debian python3-ipykernel; scripts/bootstrap)"
    return None


needs_jupyter = pytest.mark.skipif(_jupyter_missing() is not None, reason=str(_jupyter_missing()))


@pytest.fixture(scope="module")
def kernel_env(vfxrun, tmp_path_factory):
    """An environment where `vfxrun -m ipykernel install --user --name vfxrun` has
    registered the kernel (a temporary HOME and Jupyter folders: nothing of the user's)."""
    base = tmp_path_factory.mktemp("jupyter")
    home = base / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update(HOME=str(home), JUPYTER_DATA_DIR=str(base / "data"), IPYTHONDIR=str(base / "ipython"),
               JUPYTER_CONFIG_DIR=str(base / "config"), JUPYTER_RUNTIME_DIR=str(base / "runtime"),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    installed = subprocess.run([vfxrun, "-m", "ipykernel", "install", "--user", "--name", "vfxrun"], env=env,
                               capture_output=True, text=True, timeout=60)
    assert installed.returncode == 0, installed.stderr
    spec = json.loads((base / "data" / "kernels" / "vfxrun" / "kernel.json").read_text())
    assert spec["argv"][:3] == [vfxrun, "-m", "ipykernel_launcher"]
    return env


@needs_jupyter
def test_tour_notebook_runs_on_the_vfxrun_kernel(kernel_env, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(["jupyter-nbconvert", "--to", "notebook", "--execute", str(ROOT / "examples" / "tour.ipynb"),
                             "--output-dir", str(out), "--ExecutePreprocessor.timeout=120"],
                            env=kernel_env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    notebook = json.loads((out / "tour.ipynb").read_text())
    outputs = [o for cell in notebook["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    pngs = [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 2  # the plate and the EXR read back, drawn by Image._repr_png_
    shows = ["".join(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]
    assert [html.count('<img src="data:image/png;base64,') for html in shows] == [2, 3, 3]
    assert "lanczos3" in shows[1]


INTERRUPT = r"""
import json, sys, time
import jupyter_client

km, kc = jupyter_client.manager.start_new_kernel(kernel_name="vfxrun", startup_timeout=60)
try:
    code = ("import vfxpy\nimg = vfxpy.Image.new(4000, 4000, channels=4)\n"
            "while True:\n    vfxpy.Processor('cpu').exposure(img, 0.01)")
    msg_id = kc.execute(code)
    time.sleep(1)
    start = time.monotonic()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    seconds = time.monotonic() - start
    time.sleep(0.5)  # ipykernel aborts requests that arrive right after an error
    after = kc.execute_interactive("assert img.width == 4000", timeout=30)
    print(json.dumps({"status": reply["content"]["status"], "ename": reply["content"].get("ename"),
                      "seconds": seconds, "after": after["content"]["status"]}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
"""


@needs_jupyter
def test_interrupting_the_kernel_stops_a_long_vfxpy_loop_and_the_kernel_lives_on(kernel_env, tmp_path):
    """Jupyter's Interrupt sends SIGINT to the kernel: vfxrun's own SIGINT handling must
    turn it into KeyboardInterrupt in the cell, with the kernel's state kept."""
    result = subprocess.run([DEBIAN_PYTHON, "-c", INTERRUPT], env=kernel_env, cwd=tmp_path, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == "error" and answer["ename"] == "KeyboardInterrupt"
    assert answer["seconds"] < 10 and answer["after"] == "ok"
