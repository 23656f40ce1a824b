"""vfxrun batch on a GPU node (issue 11, item 4): 256 1080p half EXR frames, read ->
exposure, CDL, 33^3 LUT -> write, with Processor() on auto. Frames per second with
--jobs 1 against --jobs N (one worker per core, --gpu-jobs at its default: one worker
drives the GPU, the others run the CPU backend): more workers must never be slower.
Runs only where Processor() picks a GPU (a discrete or integrated device); on a machine
without one it prints why it skipped (lavapipe is never auto-picked)."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

import vfxpy

FRAMES = 256

GRADE = '''
import vfxpy

proc = vfxpy.Processor()
cube = vfxpy.lut.read_cube("show_lut.cube")

def process(frame, context):
    img = vfxpy.read(f"in/plate.{frame:04d}.exr")
    proc.exposure(img, 1.2)
    proc.cdl(img, slope=[1.1, 1.0, 0.95], offset=[0.01, 0, -0.01], power=[1, 1, 1])
    proc.apply_lut(img, cube)
    vfxpy.write(f"out/{frame:04d}.exr", img)
'''


def seconds(folder, jobs):
    env = dict(os.environ)
    env.pop("VFXRUN_PATH", None)
    env.pop("VFXPY_THREADS", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "batch", "grade.py", "--frames", f"1-{FRAMES}", "--jobs", str(jobs)],
                   cwd=folder, env=env, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def run(row, best_of, args):
    auto = vfxpy.Processor()
    if auto.backend != "vulkan":
        print(f"batch on a GPU node ({FRAMES} 1080p half EXR frames, auto backend): skipped, no GPU "
              "(Processor() picked the cpu backend; lavapipe is never auto-picked)")
        return
    y, x = np.mgrid[0:1080, 0:1920].astype(np.float32)
    rgb = np.stack([(0.6 + 0.5 * np.sin(x / (50 + 19 * k) + y / (80 + 7 * k))) ** 2.2 for k in range(3)], axis=-1)
    plate = np.concatenate([rgb, np.ones((1080, 1920, 1), np.float32)], axis=-1).astype(np.float16)
    jobs = vfxpy.cpu_count
    with tempfile.TemporaryDirectory() as folder:
        os.mkdir(os.path.join(folder, "in"))
        os.mkdir(os.path.join(folder, "out"))
        first = os.path.join(folder, "in", "plate.0001.exr")
        vfxpy.write(first, vfxpy.Image(plate), compression="zip")
        for frame in range(2, FRAMES + 1):
            shutil.copyfile(first, os.path.join(folder, "in", f"plate.{frame:04d}.exr"))
        g = np.linspace(0, 1, 33)
        r, gg, b = np.meshgrid(g, g, g, indexing="ij")
        vfxpy.lut.write_cube(os.path.join(folder, "show_lut.cube"),
                             vfxpy.lut.Lut3D((np.stack([r, gg, b], axis=-1) ** 0.9).astype(np.float32)))
        with open(os.path.join(folder, "grade.py"), "w") as f:
            f.write(GRADE)
        one = seconds(folder, 1)
        many = seconds(folder, jobs)
    print(f"batch of {FRAMES} 1080p half EXR frames on {auto.device_name}, auto backend: --jobs 1 "
          f"{FRAMES / one:.1f} frames/s, --jobs {jobs} {FRAMES / many:.1f} frames/s")
    row(f"batch GPU node: --jobs {jobs} vs --jobs 1, per frame (goal<=1.0)", many / FRAMES, one / FRAMES,
        "--jobs 1 per frame")
