"""vfxrun batch on a GPU node (issue 11, item 4): 256 1080p half EXR frames, read ->
exposure, CDL, 33^3 LUT -> write, with Processor() on auto. Frames per second with
--jobs 1 against --jobs N (one worker per core, --gpu-jobs at its default: one worker
drives the GPU, the others run the CPU backend): more workers must never be slower.
Runs only where Processor() picks a GPU (a discrete or integrated device); on a machine
without one it prints why it skipped (lavapipe is never auto-picked)."""

import os
import shutil
import tempfile

import numpy as np

import bench_frames
import vfxpy

FRAMES = 256


def run(row, best_of, args):
    auto = vfxpy.Processor()
    if auto.backend != "vulkan":
        print(f"batch on a GPU node ({FRAMES} 1080p half EXR frames, auto backend): skipped, no GPU "
              "(Processor() picked the cpu backend; lavapipe is never auto-picked)")
        return
    jobs = vfxpy.cpu_count
    with tempfile.TemporaryDirectory() as folder:
        os.mkdir(os.path.join(folder, "in"))
        os.mkdir(os.path.join(folder, "out"))
        first = os.path.join(folder, "in", "plate.0001.exr")
        vfxpy.write(first, vfxpy.Image(bench_frames.plate(1080, 1920)), compression="zip")
        for frame in range(2, FRAMES + 1):
            shutil.copyfile(first, os.path.join(folder, "in", f"plate.{frame:04d}.exr"))
        bench_frames.write_show_lut(os.path.join(folder, "show_lut.cube"))
        with open(os.path.join(folder, "grade.py"), "w") as f:
            f.write(bench_frames.batch_grade("in/plate.{frame:04d}.exr", "out/{frame:04d}.exr"))
        one = bench_frames.batch_seconds(folder, "grade.py", f"1-{FRAMES}", 1)
        many = bench_frames.batch_seconds(folder, "grade.py", f"1-{FRAMES}", jobs)
    print(f"batch of {FRAMES} 1080p half EXR frames on {auto.device_name}, auto backend: --jobs 1 "
          f"{FRAMES / one:.1f} frames/s, --jobs {jobs} {FRAMES / many:.1f} frames/s")
    row(f"batch GPU node: --jobs {jobs} vs --jobs 1, per frame (goal<=1.0)", many / FRAMES, one / FRAMES,
        "--jobs 1 per frame")
