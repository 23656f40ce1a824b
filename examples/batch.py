"""A per-frame grade for ``vfxrun batch``: each frame of a plate sequence is read, graded
(exposure, saturation, an ASC CDL) and written as a half-float EXR, in parallel workers.

    vfxrun examples/batch.py --make-plates plates/plate.####.exr --frames 1001-1024
    vfxrun batch examples/batch.py --frames 1001-1024 --jobs 2 -- \\
        plates/plate.####.exr out/grade.####.exr --exposure 0.5 --saturation 1.1

``####`` stands for the frame number, zero-padded to four digits (``%04d`` works too).
Run directly with ``--make-plates`` the script writes a test sequence to grade. Each
frame returns a small dict (the output path and its mean RGB) that ``--report`` gathers.
"""

import argparse
import os
import sys

import vfxpy


def frame_path(pattern: str, frame: int) -> str:
    """``plate.####.exr`` or ``plate.%04d.exr`` with the frame number filled in."""
    return vfxpy.io.sequence(pattern).path(frame)


def arguments(argv):
    parser = argparse.ArgumentParser(prog="examples/batch.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="input sequence, e.g. plates/plate.####.exr")
    parser.add_argument("target", help="output sequence, e.g. out/grade.####.exr")
    parser.add_argument("--exposure", type=float, default=0.0, help="stops")
    parser.add_argument("--saturation", type=float, default=1.0)
    parser.add_argument("--slope", type=float, nargs=3, default=(1.0, 1.0, 1.0), metavar=("R", "G", "B"))
    return parser.parse_args(argv)


_options = None


def options(context):
    """The script arguments (after ``--`` on the batch command line), parsed once per worker."""
    global _options
    if _options is None:
        _options = arguments(context["args"])
    return _options


def process(frame, context):
    """Grades one frame; ``vfxrun batch`` calls it in a worker process."""
    opts = options(context)
    img = vfxpy.read(frame_path(opts.source, frame))
    (vfxpy.Processor().chain(img)
        .exposure(opts.exposure)
        .saturation(opts.saturation)
        .cdl(slope=tuple(opts.slope))
        .run())
    target = frame_path(opts.target, frame)
    folder = os.path.dirname(target)
    if folder:
        os.makedirs(folder, exist_ok=True)
    img.metadata["vfxrun:frame"] = frame
    vfxpy.write(target, img, compression="zip")
    rgb = img.numpy()[..., :3].astype("float64").mean(axis=(0, 1))
    return {"path": target, "mean_rgb": [round(float(v), 6) for v in rgb]}


def make_plates(pattern: str, frames: str) -> None:
    """Writes a small test sequence: a gradient that brightens frame by frame."""
    import numpy as np

    import _vfxrun_batch

    for frame in vfxpy.progress(_vfxrun_batch.parse_frames(frames), label="plates"):
        x = np.linspace(0.0, 1.0, 320, dtype=np.float32)
        y = np.linspace(0.2, 0.8, 180, dtype=np.float32)[:, None]
        pixels = np.empty((180, 320, 4), np.float32)
        pixels[..., 0] = x * 0.5 + (frame % 24) / 48
        pixels[..., 1] = y * 0.5
        pixels[..., 2] = (x * y) * 0.5
        pixels[..., 3] = 1.0
        path = frame_path(pattern, frame)
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        vfxpy.write(path, vfxpy.Image(pixels).astype("f16"), compression="zip")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Makes a test plate sequence for this batch example.")
    parser.add_argument("--make-plates", metavar="PATTERN", required=True, help="e.g. plates/plate.####.exr")
    parser.add_argument("--frames", default="1001-1024")
    args = parser.parse_args()
    make_plates(args.make_plates, args.frames)
    sys.exit(0)
