"""Test material shared by the bench sections that grade frames: a plate, the show LUT, the
headline's grade and a timed `vfxrun batch` run. One home, so the headline and the batch
rows measure the same work."""

import os
import subprocess
import sys
import time

import numpy as np

import vfxpy

# The plan's first example: exposure, CDL and the show's 33^3 .cube, in place.
GRADE_OPS = """\
proc.exposure(img, 1.2)
proc.cdl(img, slope=[1.1, 1.0, 0.95], offset=[0.01, 0, -0.01], power=[1, 1, 1])
proc.apply_lut(img, cube)
"""


def batch_grade(source, target):
    """A `vfxrun batch` script that reads `source`, applies GRADE_OPS and writes `target`
    (both f-strings of `frame`)."""
    body = "".join(f"    {line}\n" for line in GRADE_OPS.splitlines())
    return ("import vfxpy\n\nproc = vfxpy.Processor()\ncube = vfxpy.lut.read_cube(\"show_lut.cube\")\n\n"
            f"def process(frame, context):\n    img = vfxpy.read(f\"{source}\")\n{body}"
            f"    vfxpy.write(f\"{target}\", img)\n")


def plate(h, w, dtype=np.float16):
    """Random-ish HDR: smooth gradients up to ~4 with speckled highlights and noise, so it
    compresses like a plate, not like noise or a flat field."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    rng = np.random.default_rng(7)
    planes = [0.6 + 0.5 * np.sin(x / (70 + 23 * k) + y / (110 + 9 * k)) for k in range(3)]
    rgb = np.stack(planes, axis=-1) ** 2.2
    rgb *= rng.lognormal(0.0, 0.35, (h, w, 1)).astype(np.float32)
    rgb += rng.normal(0, 0.01, (h, w, 3)).astype(np.float32)
    alpha = np.ones((h, w, 1), np.float32)
    return np.concatenate([rgb, alpha], axis=-1).astype(dtype)


def write_show_lut(path, size=33):
    """The show LUT: a mild gamut matrix and a 0.9 power, as a .cube."""
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.85, 0.2, -0.05], [0.05, 0.9, 0.05], [-0.05, 0.15, 0.9]])
    graded = np.clip(rgb @ m.T, 0, None) ** 0.9
    vfxpy.lut.write_cube(path, vfxpy.lut.Lut3D(graded.astype(np.float32)))


def batch_seconds(folder, script, frames, jobs, threads=None):
    """Wall seconds of `vfxrun batch script --frames FRAMES --jobs JOBS` in `folder`, start-up
    included; VFXPY_THREADS is the batch's default unless `threads` is given."""
    env = dict(os.environ)
    env.pop("VFXRUN_PATH", None)
    env.pop("VFXPY_THREADS", None)
    if threads:
        env["VFXPY_THREADS"] = str(threads)
    start = time.perf_counter()
    subprocess.run([sys.executable, "batch", script, "--frames", frames, "--jobs", str(jobs)], cwd=folder, env=env,
                   check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start
