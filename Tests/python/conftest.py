"""Shared helpers for the Python suite, which runs inside vfxrun (`vfxrun -m pytest`), and
also under another CPython 3.11 that imports vfxpy's extension module (`scripts/test
--python3`: Debian's python3 in a venv with the wheel installed). There, tests marked
``needs_host`` (vfxrun's command line, prompt, hooks and batches) are skipped, and the
``vfxrun``/``run`` fixtures run that other Python instead."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: True inside vfxrun, whose interpreter has `_vfxpy` built in; False under another
#: Python, where `_vfxpy` is the extension module (`_vfxpy.cpython-311-*.so`).
IN_VFXRUN = "_vfxpy" in sys.builtin_module_names

NEEDS_HOST = "needs the vfxrun host"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"needs_host: {NEEDS_HOST} (its command line, prompt, hooks, batches); skipped under another Python"
    )


def pytest_collection_modifyitems(config, items):
    if IN_VFXRUN:
        return
    skip = pytest.mark.skip(reason=NEEDS_HOST)
    for item in items:
        if "needs_host" in item.keywords:
            item.add_marker(skip)

# Vulkan runs (test_gpu.py, and vfxrun subprocesses) with the Khronos validation layer
# on; it must be set before the first device query of the process.
os.environ.setdefault("VFXPY_VULKAN_VALIDATION", "1")


def vfxrun_binary() -> str:
    """The vfxrun under test: $VFXRUN, else the interpreter running this suite; under
    another Python, that Python (the code these tests run in a subprocess is plain vfxpy)."""
    if not IN_VFXRUN:
        return sys.executable
    return os.environ.get("VFXRUN") or sys.executable


@pytest.fixture(scope="session")
def vfxrun() -> str:
    binary = vfxrun_binary()
    if IN_VFXRUN:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
        assert out.startswith("vfxrun "), f"{binary} is not vfxrun: {out!r}"
    return binary


@pytest.fixture
def run(vfxrun, tmp_path):
    """Runs vfxrun with arguments in a subprocess; returns the CompletedProcess."""

    def runner(*args, input=None, cwd=None, env=None, timeout=120):
        full_env = dict(os.environ)
        full_env.pop("PYTHONSTARTUP", None)
        if env:
            full_env.update(env)
        return subprocess.run(
            [vfxrun, *map(str, args)],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=full_env,
            timeout=timeout,
        )

    return runner
