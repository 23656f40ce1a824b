"""vfxrun batch on 1080p frames stored as half beside the same frames stored as float:
read (ZIP EXR) -> grade (exposure, CDL, 33^3 .cube, as the headline script) -> write ZIP
EXR in the frames' own storage, one worker per core (--jobs = cores, one thread each, as
users run a farm node). Seconds per frame, start-up included (the whole batch's wall time
/ frames). Half frames are half the bytes to read, compress and write, but every op has to
widen them to float and narrow them back: the goal is half <= 1.3x float per frame."""

import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

import vfxpy

GRADE = '''
import vfxpy

proc = vfxpy.Processor()
cube = vfxpy.lut.read_cube("show_lut.cube")

def process(frame, context):
    img = vfxpy.read(f"KIND/plate.{frame:04d}.exr")
    proc.exposure(img, 1.2)
    proc.cdl(img, slope=[1.1, 1.0, 0.95], offset=[0.01, 0, -0.01], power=[1, 1, 1])
    proc.apply_lut(img, cube)
    vfxpy.write(f"out/KIND.{frame:04d}.exr", img)
'''

FRAMES = 24


def plate(h, w, dtype):
    """Smooth HDR gradients with grain: compresses like a plate, not like noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    rng = np.random.default_rng(3)
    planes = [(0.6 + 0.5 * np.sin(x / (50 + 19 * k) + y / (80 + 7 * k))) ** 2.2 for k in range(3)]
    rgb = np.stack(planes, axis=-1) + rng.normal(0, 0.01, (h, w, 3)).astype(np.float32)
    return np.concatenate([rgb, np.ones((h, w, 1), np.float32)], axis=-1).astype(dtype)


def cube(path, size=33):
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    graded = np.clip(np.stack([r, gg, b], axis=-1) @ np.array([[0.85, 0.2, -0.05], [0.05, 0.9, 0.05],
                                                                [-0.05, 0.15, 0.9]]).T, 0, None) ** 0.9
    vfxpy.lut.write_cube(path, vfxpy.lut.Lut3D(graded.astype(np.float32)))


def per_frame(folder, kind, jobs):
    env = dict(os.environ)
    env.pop("VFXRUN_PATH", None)
    env.pop("VFXPY_THREADS", None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "batch", f"grade_{kind}.py", "--frames", f"1-{FRAMES}", "--jobs", str(jobs)],
                   cwd=folder, env=env, check=True, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) / FRAMES


def run(row, best_of, args):
    jobs = vfxpy.cpu_count
    repeat = max(1, min(3, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        for kind, dtype in (("half", np.float16), ("float", np.float32)):
            os.mkdir(os.path.join(folder, kind))
            first = os.path.join(folder, kind, "plate.0001.exr")
            vfxpy.write(first, vfxpy.Image(plate(1080, 1920, dtype)), compression="zip")
            for frame in range(2, FRAMES + 1):
                shutil.copyfile(first, os.path.join(folder, kind, f"plate.{frame:04d}.exr"))
            with open(os.path.join(folder, f"grade_{kind}.py"), "w") as f:
                f.write(GRADE.replace("KIND", kind))
        os.mkdir(os.path.join(folder, "out"))
        cube(os.path.join(folder, "show_lut.cube"))
        half = min(per_frame(folder, "half", jobs) for _ in range(repeat))
        full = min(per_frame(folder, "float", jobs) for _ in range(repeat))
        print(f"batch of {FRAMES} 1080p RGBA frames, read ZIP EXR -> exposure, CDL, 33^3 .cube -> write ZIP EXR, "
              f"--jobs {jobs} (1 thread each); per frame, start-up included:")
        row("batch 1080p half in/out, per frame", half, full, "same frames f32 in/out")
