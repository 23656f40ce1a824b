"""Distribution: scripts/install for Debian's python3, the .deb (scripts/package) run from a
scratch root, the wheel (scripts/wheel) in a fresh venv, and vfxrun's host modules refusing
other Pythons. The packages are made from the release build under test (no rebuild).

The whole suite under another Python is `scripts/test --python3` (the wheel in a venv)."""

import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from conftest import IN_VFXRUN, ROOT, vfxrun_binary

DEBIAN_PYTHON = "/usr/bin/python3"
EXTENSION = "_vfxpy.cpython-311-x86_64-linux-gnu.so"

# Run by /usr/bin/python3 against an installed vfxpy: a real read, grade and write.
GRADE = r"""
import sys, numpy as np, _vfxpy, vfxpy
out = sys.argv[1]
print(vfxpy.__file__)
print(_vfxpy.__file__)
arr = np.linspace(0.0, 1.0, 64 * 48 * 4, dtype=np.float32).reshape(48, 64, 4)
vfxpy.write(out + "/plate.exr", vfxpy.Image(arr), compression="zip")
img = vfxpy.read(out + "/plate.exr")
vfxpy.Processor(backend="cpu").exposure(img, 1.0)
vfxpy.write(out + "/graded.exr", img)
back = vfxpy.read(out + "/graded.exr").numpy()
# exposure +1 stop doubles color and leaves alpha (within half precision, if stored as half)
assert np.allclose(back[..., :3], arr[..., :3] * 2, rtol=1e-3, atol=0), "graded color"
assert np.allclose(back[..., 3], arr[..., 3], rtol=1e-3, atol=0), "alpha"
vfxpy.write(out + "/preview.png", img.astype("u8"))
print(vfxpy.read(out + "/preview.png").shape)
"""


def clean_env(**extra) -> dict:
    """The environment without this tree's vfxrun settings (no stdlib override, no
    PYTHONPATH into the checkout): what an installed program sees."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VFXRUN", "PYTHON"))}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def build_dir() -> Path:
    """The release build folder under test (vfxrun and lib_vfxpy.so side by side)."""
    folder = Path(vfxrun_binary()).resolve().parent
    if not (folder / "lib_vfxpy.so").is_file():
        pytest.skip(f"no lib_vfxpy.so beside {vfxrun_binary()} (swift build -c release)")
    return folder


def test_host_modules_refuse_another_python(tmp_path):
    """vfxrun's prompt, hook and batch modules raise a clear ImportError under python3."""
    code = ("import importlib\nfor name in ('_vfxrun_host', '_vfxrun_hook', '_vfxrun_batch'):\n"
            "    try:\n        importlib.import_module(name)\n    except ImportError as error:\n"
            "        print(name, '|', error)\n    else:\n        print(name, '| imported')\n")
    result = subprocess.run([DEBIAN_PYTHON, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env=clean_env(PYTHONPATH=str(ROOT / "stdlib")))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" | ")[0] for line in lines] == ["_vfxrun_host", "_vfxrun_hook", "_vfxrun_batch"]
    for line in lines:
        assert "needs the vfxrun host" in line and "run it with vfxrun" in line, line


def test_extension_is_the_module_outside_vfxrun():
    """Under vfxrun `_vfxpy` is built in; under another Python it is the extension module."""
    import _vfxpy

    if IN_VFXRUN:
        assert not hasattr(_vfxpy, "__file__")
    else:
        assert _vfxpy.__file__.endswith(EXTENSION)


@pytest.mark.needs_host
def test_extension_links_no_libpython_and_no_swift_runtime(build_dir):
    """The extension resolves Python's API from the host interpreter (a second libpython in
    one process breaks both) and carries the Swift runtime inside (-static-stdlib)."""
    library = build_dir / "lib_vfxpy.so"
    needed = subprocess.run(["readelf", "-d", str(library)], capture_output=True, text=True, check=True).stdout
    libraries = [line.split("[")[1].rstrip("]") for line in needed.splitlines() if "(NEEDED)" in line]
    assert libraries and not [name for name in libraries if "python" in name or "swift" in name], libraries
    symbols = subprocess.run(["nm", "-D", "--defined-only", str(library)], capture_output=True, text=True,
                             check=True).stdout.split()
    assert "PyInit__vfxpy" in symbols


@pytest.mark.needs_host
def test_install_puts_vfxpy_where_debian_python3_finds_it(build_dir, tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run([str(ROOT / "scripts" / "install"), "--prefix", str(prefix)], check=True, capture_output=True,
                   env=dict(os.environ, VFXRUN_INSTALL_BINARY=str(build_dir / "vfxrun")))
    site = prefix / "lib" / "python3.11" / "dist-packages"
    assert (site / EXTENSION).is_file() and (site / "vfxpy").is_symlink()
    # the extension, links into the one stdlib and to the libraries it opens on first use;
    # nothing else (no checkout __pycache__)
    assert sorted(entry.name for entry in site.iterdir()) == sorted(
        [EXTENSION, "_vfxrun_batch", "_vfxrun_hook.py", "_vfxrun_host.py", "_vfxrun_needs_host.py", "vfxpy",
         "vfxpy.libs"])
    assert (site / "vfxpy.libs").resolve() == (prefix / "lib" / "vfxrun").resolve()
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([DEBIAN_PYTHON, "-c", GRADE, str(out)], capture_output=True, text=True, cwd=tmp_path,
                            env=clean_env(PYTHONPATH=str(site)))
    assert result.returncode == 0, result.stderr
    vfxpy_file, extension_file, shape = result.stdout.splitlines()
    assert vfxpy_file == str(site / "vfxpy" / "__init__.py")
    assert extension_file == str(site / EXTENSION)
    assert shape == "(48, 64, 4)"


@pytest.mark.needs_host
def test_deb_runs_from_a_scratch_root(build_dir, tmp_path):
    """The .deb unpacked into a scratch root runs with no project tree around it; its
    Depends come from the linked libraries; lintian reports no errors."""
    dist = tmp_path / "dist"
    made = subprocess.run([str(ROOT / "scripts" / "package"), str(dist)], capture_output=True, text=True,
                          env=dict(os.environ, VFXRUN_PACKAGE_BINARY=str(build_dir / "vfxrun"),
                                   VFXRUN_PACKAGE_COMPRESSION="gzip"))
    assert made.returncode == 0, made.stderr
    deb = Path(made.stdout.strip())
    assert deb.name == f"vfxrun_{vfxrun_version()}_amd64.deb" and deb.is_file()
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True,
                             check=True).stdout
    # the codec libraries come from the libvfxrun-*.so opened on first use, not from vfxrun
    for package in ("libopenexr-3-1-30", "libturbojpeg0", "libjpeg62-turbo", "libpng16-16", "libtiff6",
                    "libopencolorio2.1", "python3-numpy", "libpython3.11-stdlib", "libc6"):
        assert package in depends, depends
    # libdeflate 1.26 is built into the codec libraries (ThirdParty/libdeflate, MIT: its
    # notice in the copyright file); Debian's libdeflate0 comes only with libtiff6
    assert "libdeflate0" not in depends, depends
    scratch = tmp_path / "root"
    subprocess.run(["dpkg", "-x", str(deb), str(scratch)], check=True)
    vfxrun = scratch / "usr" / "bin" / "vfxrun"
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "grade.py", work / "grade.py")

    def run(*args):
        return subprocess.run([str(vfxrun), *args], capture_output=True, text=True, cwd=work, env=clean_env())

    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith(f"vfxrun {vfxrun_version()}"), version
    where = run("-c", "import vfxpy; print(vfxpy.__file__)")
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip() == str(scratch / "usr/share/vfxrun/stdlib/vfxpy/__init__.py")
    grade = run("grade.py", "--out-dir", str(work / "out"))
    assert grade.returncode == 0, grade.stderr
    for name in ("plate_graded.exr", "plate_preview.png", "plate_thumb.jpg"):
        assert (work / "out" / name).stat().st_size > 0, name
    # the same package serves Debian's python3
    site = scratch / "usr/lib/python3/dist-packages"
    result = subprocess.run([DEBIAN_PYTHON, "-c", GRADE, str(work)], capture_output=True, text=True, cwd=work,
                            env=clean_env(PYTHONPATH=str(site)))
    assert result.returncode == 0, result.stderr
    assert (scratch / "usr/share/man/man1/vfxrun.1.gz").is_file()
    copyright_file = (scratch / "usr/share/doc/vfxrun/copyright").read_text()
    notice = (ROOT / "ThirdParty" / "libdeflate" / "COPYING").read_text().splitlines()[-1]
    assert "License: MIT\n" in copyright_file and f" {notice}\n" in copyright_file, copyright_file
    # no bytecode in the package (Debian's Python policy): the postinst compiles the stdlib
    # and the prerm removes it again; run both here against the scratch root
    stdlib = scratch / "usr/share/vfxrun/stdlib"
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    assert "__pycache__" not in listing and ".pyc" not in listing
    for cache in list(scratch.rglob("__pycache__")):  # what the runs above wrote
        shutil.rmtree(cache)
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    for script, argument in (("postinst", "configure"), ("prerm", "remove")):
        text = (control / script).read_text().replace("/usr/", f"{scratch}/usr/")
        done = subprocess.run(["sh", "-e", "-c", text, script, argument], capture_output=True, text=True,
                              env=clean_env())
        assert done.returncode == 0, done.stderr
        if script == "postinst":
            assert (stdlib / "vfxpy" / "__pycache__" / f"__init__.{sys.implementation.cache_tag}.pyc").is_file()
    assert not list(scratch.rglob("__pycache__"))
    lint = subprocess.run(["lintian", "--fail-on", "error", str(deb)],
                          capture_output=True, text=True)
    assert lint.returncode == 0 and "\nE: " not in "\n" + lint.stdout, lint.stdout + lint.stderr


def vfxrun_version() -> str:
    source = (ROOT / "Sources" / "VFXCore" / "Version.swift").read_text()
    return source.split('string = "')[1].split('"')[0]


@pytest.mark.needs_host
def test_wheel_records_its_files_and_installs_into_a_fresh_venv(build_dir, tmp_path):
    made = subprocess.run([str(ROOT / "scripts" / "wheel"), str(tmp_path / "dist")], capture_output=True, text=True,
                          env=dict(os.environ, VFXRUN_WHEEL_EXTENSION=str(build_dir / "lib_vfxpy.so")))
    assert made.returncode == 0, made.stderr
    wheel = Path(made.stdout.strip())
    assert wheel.name == f"vfxpy-{vfxrun_version()}-cp311-cp311-linux_x86_64.whl"
    info = f"vfxpy-{vfxrun_version()}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {EXTENSION, "vfxpy/__init__.py", "vfxpy/__init__.pyi", "vfxpy/py.typed", f"{info}/WHEEL"} <= names
        assert "Tag: cp311-cp311-linux_x86_64" in archive.read(f"{info}/WHEEL").decode()
        notice = (ROOT / "ThirdParty" / "libdeflate" / "COPYING").read_bytes()
        assert archive.read(f"{info}/licenses/libdeflate/COPYING") == notice
        rows = list(csv.reader(io.StringIO(archive.read(f"{info}/RECORD").decode())))
        assert {row[0] for row in rows} == names
        for path, digest, size in rows:
            if path.endswith("RECORD"):
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), path
    venv = tmp_path / "venv"
    subprocess.run([DEBIAN_PYTHON, "-m", "venv", "--system-site-packages", str(venv)], check=True,
                   env=clean_env())
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--quiet", str(wheel)],
                         capture_output=True, text=True, env=clean_env())
    assert pip.returncode == 0, pip.stdout + pip.stderr
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([str(python), "-c", GRADE, str(out)], capture_output=True, text=True, cwd=tmp_path,
                            env=clean_env())
    assert result.returncode == 0, result.stderr
    vfxpy_file = Path(result.stdout.splitlines()[0])
    assert vfxpy_file.is_relative_to(venv), vfxpy_file
