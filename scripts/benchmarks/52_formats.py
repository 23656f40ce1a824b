"""Color ops on every stored pixel format: each row times one in-place op on a 4K image of
that format (CPU backend) against the same op on a 4K f32 RGBA image, so the ratio is the
per-pixel cost of loading and storing the format beside f32's in-place run; a last column
does the same for a three-channel (RGB) half image. Goals (issue 14,
item 6): f16 at most 1.2, u8/u16 at most 1.5, for each op called on its own.

Every per-pixel Processor op and every transfer curve (both directions) is timed on one
thread (``vfxpy.set_threads(1)``) as the calling thread's CPU time (``time.thread_time``:
other processes on a loaded machine do not count), the formats interleaved (one run of each
in turn), the median of ``--repeat`` runs (at least 5); the pixels are restored before each
run (restore not timed: an op applied again and again drifts the values, and clamps
integers to flat images)."""

import os
import statistics
import tempfile
import time

import numpy as np

import vfxpy
from vfxpy import lut, transfer

W, H = 3840, 2160
# (label, dtype, channels): RGBA in every format, and an RGB half image (a plate without
# alpha: three-channel pixels are staged through RGBA blocks, so they have a column of
# their own, without a goal)
FORMATS = (("f32", np.float32, 4), ("f16", np.float16, 4), ("u16", np.uint16, 4), ("u8", np.uint8, 4),
           ("f16 rgb", np.float16, 3))
GOAL = {"f16": 1.2, "u16": 1.5, "u8": 1.5}


def _pixels(dtype, channels, rng):
    """Pixels spread over the format's range: floats in [0, 1.5), integers over all codes."""
    if dtype in (np.uint8, np.uint16):
        return rng.integers(0, np.iinfo(dtype).max, (H, W, channels), endpoint=True, dtype=dtype)
    return rng.uniform(0, 1.5, (H, W, channels)).astype(dtype)


def _cube(size=33):
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]])
    return lut.Lut3D((np.sign(rgb @ m.T) * np.abs(rgb @ m.T) ** 0.8).astype(np.float32))


def _clf(folder):
    """A CLF file of one camera-style Log node (lin to log) and a clamping Range."""
    path = os.path.join(folder, "bench.clf")
    with open(path, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<ProcessList id="bench" compCLFversion="3">\n'
                  '<Log inBitDepth="32f" outBitDepth="32f" style="cameraLinToLog"><LogParams base="10" '
                  'logSideSlope="0.247190" logSideOffset="0.385537" linSideSlope="5.555556" '
                  'linSideOffset="0.052272" linSideBreak="0.010591"/></Log>\n'
                  '<Range inBitDepth="32f" outBitDepth="32f" style="Clamp"><minInValue>0</minInValue>'
                  '<maxInValue>1</maxInValue><minOutValue>0</minOutValue><maxOutValue>1</maxOutValue></Range>\n'
                  '</ProcessList>\n')
    return lut.read_clf(path)


def operations(proc, folder):
    """name -> op(img): every per-pixel op that runs in place on an image."""
    slope, offset, power = (1.1, 1.0, 0.9), (0.01, 0.0, -0.01), (1.2, 1.0, 0.8)
    cube, ramp = _cube(), lut.Lut1D.gamma(4096, 2.2)
    clf = _clf(folder)
    m = [[0.9, 0.1, 0.0], [0.05, 0.9, 0.05], [0.0, 0.1, 0.9]]
    ops = {
        "exposure": lambda img: proc.exposure(img, 0.1),
        "saturation": lambda img: proc.saturation(img, 1.1),
        "contrast": lambda img: proc.contrast(img, 1.1),
        "cdl": lambda img: proc.cdl(img, slope=slope, offset=offset, power=power, saturation=1.1),
        "apply_matrix": lambda img: proc.apply_matrix(img, m),
        "convert ACEScg->sRGB": lambda img: proc.convert(img, "ACEScg", "sRGB"),
        "lut1d 4096": lambda img: proc.apply_lut(img, ramp),
        "lut3d 33^3": lambda img: proc.apply_lut(img, cube),
        "clf log+range": lambda img: proc.apply_clf(img, clf),
        "4-op chain": lambda img: proc.chain(img).exposure(0.1).saturation(1.05)
        .cdl(slope=slope, offset=offset, power=power).contrast(1.1).run(),
    }
    for curve in transfer.curves():  # each with its default parameters
        for direction in ("decode", "encode"):
            ops[f"{curve} {direction}"] = (lambda c, d: lambda img: proc.transfer(img, c, d))(curve, direction)
    return ops


def measure(ops, repeat):
    """{op: {format: median thread CPU seconds}}, formats interleaved."""
    rng = np.random.default_rng(0)
    images = []
    for label, dtype, channels in FORMATS:
        base = _pixels(dtype, channels, rng)
        work = base.copy()
        images.append((label, base, work, vfxpy.Image(work)))
    result = {}
    for name, op in ops.items():
        taken = {label: [] for label, *_ in images}
        for _ in range(repeat + 1):  # the first round warms up
            for label, base, work, img in images:
                np.copyto(work, base)
                t0 = time.thread_time()
                op(img)
                taken[label].append(time.thread_time() - t0)
        result[name] = {label: statistics.median(times[1:]) for label, times in taken.items()}
    return result


def run(row, best_of, args):
    threads = vfxpy.threads()
    vfxpy.set_threads(1)
    try:
        proc = vfxpy.Processor(backend="cpu")
        with tempfile.TemporaryDirectory() as folder:
            times = measure(operations(proc, folder), max(args.repeat, 5))
    finally:
        vfxpy.set_threads(threads)
    print(f"color ops per pixel format, 4K RGBA, in place, CPU backend, 1 thread, thread CPU time, "
          f"median of {max(args.repeat, 5)} (ratio: format / f32; goal f16 <= 1.2, u8/u16 <= 1.5; "
          f"f16 rgb: 3-channel half, no goal):")
    print(f"{'op':<28} {'f32 ms':>8} {'f16':>6} {'u16':>6} {'u8':>6} {'f16 rgb':>8}")
    over = []
    for name, by_format in times.items():
        f32 = by_format["f32"]
        ratios = {label: by_format[label] / f32 for label in GOAL}
        marks = {label: "*" if ratios[label] > GOAL[label] else " " for label in GOAL}
        print(f"{name:<28} {f32 * 1e3:8.2f} " + " ".join(f"{ratios[l]:5.2f}{marks[l]}" for l in GOAL)
              + f" {by_format['f16 rgb'] / f32:7.2f}")
        over += [f"{name} {label}" for label in GOAL if marks[label] == "*"]
    print(f"over the goal (*): {len(over)} of {len(GOAL) * len(times)}" + (f": {', '.join(over)}" if over else ""))
