"""The type stubs match the live module (mypy's stubtest inside vfxrun), cover every
module, and type-check code outside vfxrun once installed (Debian's python3 running mypy
against scripts/install's stub package)."""

import importlib.util
import os
import re
import subprocess
import textwrap

import pytest

from conftest import ROOT
from reference_process import DEBIAN_PYTHON

STDLIB = ROOT / "stdlib"
mypy_missing = importlib.util.find_spec("mypy") is None
needs_mypy = pytest.mark.skipif(mypy_missing, reason="mypy is not installed (Debian python3-mypy; scripts/bootstrap)")


def test_every_vfxpy_module_has_a_stub_beside_it():
    """A module without a .pyi would be type-checked from its source, which imports the
    native _vfxpy (no stub): stubtest would stop, editors would see untyped names."""
    modules = sorted(p.relative_to(STDLIB) for p in (STDLIB / "vfxpy").rglob("*.py"))
    assert modules
    assert [str(m) for m in modules if not (STDLIB / m).with_suffix(".pyi").exists() and m.parts[-1] != "__main__.py"] == []
    assert (STDLIB / "vfxpy" / "py.typed").is_file()


@needs_mypy
def test_stubtest_finds_the_stubs_equal_to_the_runtime(vfxrun, tmp_path):
    allowlist = ROOT / "Tests" / "python" / "stubtest_allowlist.txt"
    extra = ["--allowlist", str(allowlist)] if allowlist.exists() else []
    result = subprocess.run([vfxrun, "-m", "mypy.stubtest", "vfxpy", *extra], cwd=tmp_path, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Success: no issues found" in result.stdout


USES = textwrap.dedent('''\
    import numpy as np
    import vfxpy
    from vfxpy import ops
    from vfxpy.io import dpx

    img: vfxpy.Image = vfxpy.Image.new(64, 32, channels=4, format="f16")
    width: int = img.width
    view: np.ndarray = img.numpy()
    small = ops.resize(img, 32, filter="mitchell")
    proc = vfxpy.Processor(backend="cpu")
    out: vfxpy.Image = proc.chain(small).exposure(1.0).cdl(slope=(1.1, 1.0, 0.9)).run()
    proc.apply_lut(img, vfxpy.lut.Lut3D.identity(17)).apply_matrix(img, np.eye(3))
    m: np.ndarray = vfxpy.color.matrix("ACEScg", "sRGB")
    dpx.write("a.dpx", vfxpy.transfer.linear_to_srgb(img), bit_depth=10, packing="filled_a")
    for frame, path in vfxpy.io.sequence("a.####.dpx"):
        text: str = vfxpy.io.info(path).file_format
    @vfxpy.hooks.on("after_write")
    def stamp(context: dict) -> None: ...
    shown = vfxpy.show(img, small, titles=["a", "b"])
    png: bytes = img._repr_png_()
    to_display: vfxpy.ocio.Processor = vfxpy.ocio.Config().display_processor("scene_linear", looks=["+grade"])
    proc.chain(img).apply_ocio(to_display).run()
    bad_width: str = img.width
    ops.resize(img, 32, filter="bogus")
    proc.exposure(img)
    dpx.write("a.dpx", img, bit_depth=11)
    vfxpy.ocio.Config(b"config.ocio")
    ''')


@needs_mypy
@pytest.mark.needs_host  # installs the vfxrun binary under test
def test_installed_stub_package_type_checks_code_outside_vfxrun(vfxrun, tmp_path):
    prefix = tmp_path / "prefix"
    env = dict(os.environ, VFXRUN_INSTALL_BINARY=vfxrun)
    subprocess.run([str(ROOT / "scripts" / "install"), "--prefix", str(prefix)], check=True, env=env,
                   capture_output=True)
    stubs = prefix / "share" / "vfxrun" / "stubs"
    assert (stubs / "vfxpy" / "py.typed").is_file() and (stubs / "vfxpy" / "io" / "dpx.pyi").is_file()
    assert not list(stubs.rglob("*.py"))  # stubs only: nothing there runs
    (tmp_path / "uses.py").write_text(USES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MYPY", "PYTHON"))}
    env["MYPYPATH"] = str(stubs)
    result = subprocess.run([DEBIAN_PYTHON, "-m", "mypy", "--no-incremental", "--cache-dir", os.devnull, "uses.py"],
                            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=240)
    errors = re.findall(r"^uses\.py:(\d+): error: .*\[([a-z-]+)\]$", result.stdout, re.M)
    # the last five lines, and only they, are wrong
    assert errors == [("23", "assignment"), ("24", "arg-type"), ("25", "call-arg"), ("26", "arg-type"),
                      ("27", "arg-type")], result.stdout
