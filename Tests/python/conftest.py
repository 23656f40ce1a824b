"""Shared helpers for the Python suite, which runs inside vfxrun (`vfxrun -m pytest`)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Vulkan runs (test_gpu.py, and vfxrun subprocesses) with the Khronos validation layer
# on; it must be set before the first device query of the process.
os.environ.setdefault("VFXPY_VULKAN_VALIDATION", "1")


def vfxrun_binary() -> str:
    """The vfxrun under test: $VFXRUN, else the interpreter running this suite."""
    return os.environ.get("VFXRUN") or sys.executable


@pytest.fixture(scope="session")
def vfxrun() -> str:
    binary = vfxrun_binary()
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
