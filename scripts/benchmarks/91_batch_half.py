"""vfxrun batch on 1080p frames stored as half beside the same frames stored as float:
read (ZIP EXR) -> grade (exposure, CDL, 33^3 .cube, as the headline script) -> write ZIP
EXR in the frames' own storage, one worker per core (--jobs = cores, one thread each, as
users run a farm node). Seconds per frame, start-up included (the whole batch's wall time
/ frames). Half frames are half the bytes to read, compress and write, but every op has to
widen them to float and narrow them back: the goal is half <= 1.3x float per frame."""

import os
import shutil
import tempfile

import numpy as np

import bench_frames
import vfxpy

FRAMES = 24


def run(row, best_of, args):
    jobs = vfxpy.cpu_count
    repeat = max(1, min(3, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        for kind, dtype in (("half", np.float16), ("float", np.float32)):
            os.mkdir(os.path.join(folder, kind))
            first = os.path.join(folder, kind, "plate.0001.exr")
            vfxpy.write(first, vfxpy.Image(bench_frames.plate(1080, 1920, dtype)), compression="zip")
            for frame in range(2, FRAMES + 1):
                shutil.copyfile(first, os.path.join(folder, kind, f"plate.{frame:04d}.exr"))
            with open(os.path.join(folder, f"grade_{kind}.py"), "w") as f:
                f.write(bench_frames.batch_grade(f"{kind}/plate.{{frame:04d}}.exr", f"out/{kind}.{{frame:04d}}.exr"))
        os.mkdir(os.path.join(folder, "out"))
        bench_frames.write_show_lut(os.path.join(folder, "show_lut.cube"))
        half = min(bench_frames.batch_seconds(folder, "grade_half.py", f"1-{FRAMES}", jobs) for _ in range(repeat)) / FRAMES
        full = min(bench_frames.batch_seconds(folder, "grade_float.py", f"1-{FRAMES}", jobs) for _ in range(repeat)) / FRAMES
        print(f"batch of {FRAMES} 1080p RGBA frames, read ZIP EXR -> exposure, CDL, 33^3 .cube -> write ZIP EXR, "
              f"--jobs {jobs} (1 thread each); per frame, start-up included:")
        row("batch 1080p half in/out, per frame", half, full, "same frames f32 in/out")
