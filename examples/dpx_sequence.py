"""A DPX scan sequence through a grade, the vfxrun way: every frame of a 10-bit log
(Cineon printing density) sequence is decoded to linear, given an exposure change and
re-encoded, in one fused pass, and written as a new 10-bit DPX sequence that keeps each
frame's header (timecode, frame rate, transfer, film fields).

    vfxrun examples/dpx_sequence.py SRC DST [--exposure STOPS] [--make-scans FRAMES]

SRC and DST are sequence patterns (``scans/scan.####.dpx``, ``%04d``, or with a range,
``scan.1001-1010#.dpx``); the frames of SRC on disk are processed in order and written
to the same frame numbers of DST. Gaps in SRC are reported, not invented.
``--make-scans 1001-1010`` first writes such a sequence to SRC (a gradient and a gray
card in printing density, with a running timecode at 24 fps) to try it on.

The grade runs on a ``vfxpy.Processor`` chain: Cineon decode (ref white 685, ref black
95, gamma 0.6), exposure, Cineon encode; 10-bit codes are read exactly as
``code / 1023`` (``format="f32"``) and written rounded. For a farm, the same
``process(frame, context)`` shape runs under ``vfxrun batch`` (see examples/batch.py).
"""

import argparse
import sys
from pathlib import Path

import numpy as np

import vfxpy
from vfxpy.io import dpx


def timecode(frame: int, fps: int = 24) -> str:
    """SMPTE hh:mm:ss:ff of frame at fps, counting from frame 0."""
    seconds, frames = divmod(frame, fps)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours % 24:02d}:{minutes:02d}:{seconds:02d}:{frames:02d}"


def make_scans(pattern: str, frames: list, width: int = 640, height: int = 360) -> None:
    """A 10-bit printing-density sequence: a linear gradient, a gray card, per-frame drift."""
    sequence = vfxpy.io.sequence(pattern)
    Path(sequence.path(frames[0])).parent.mkdir(parents=True, exist_ok=True)
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)
    for index, frame in enumerate(frames):
        linear = np.empty((height, width, 3), dtype=np.float32)
        linear[...] = (0.005 + 1.5 * x ** 2)[None, :, None] * np.float32(1 + 0.02 * index)
        linear[height // 3:2 * height // 3, width // 3:2 * width // 3] = 0.18  # the gray card
        img = vfxpy.Image(linear)
        vfxpy.transfer.encode(img, "cineon")
        img.metadata["DocumentName"] = "vfxrun example scan"
        dpx.write(sequence.path(frame), img, bit_depth=10, transfer="printing_density",
                  colorimetric="printing_density", timecode=timecode(frame), frame_rate=24.0)


def grade(src: str, dst: str, exposure: float) -> list:
    """Grades every frame of src on disk into dst; returns the frames written."""
    source, target = vfxpy.io.sequence(src), vfxpy.io.sequence(dst)
    frames = source.frames()
    if not frames:
        raise SystemExit(f"no frames of {src} on disk")
    missing = source.missing()
    if missing:
        print(f"missing {len(missing)} frame(s) of {src}: {missing}", file=sys.stderr)
    Path(target.path(frames[0])).parent.mkdir(parents=True, exist_ok=True)
    proc = vfxpy.Processor()
    for frame, path in vfxpy.progress(source, total=len(frames), label="grade"):
        img = dpx.read(path, format="f32")  # 10-bit codes as code / 1023, header in metadata
        proc.chain(img).transfer("cineon", "decode").exposure(exposure).transfer("cineon", "encode").run()
        dpx.write(target.path(frame), img, bit_depth=10)  # transfer, timecode, ... from the metadata
    return frames


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", help="source pattern, e.g. scans/scan.####.dpx")
    parser.add_argument("dst", help="output pattern, e.g. graded/scan.####.dpx")
    parser.add_argument("--exposure", type=float, default=0.5, help="stops (default 0.5)")
    parser.add_argument("--make-scans", metavar="FRAMES", help="first write SRC frames, e.g. 1001-1010")
    args = parser.parse_args(argv)
    if args.make_scans:
        first, _, last = args.make_scans.partition("-")
        make_scans(args.src, list(range(int(first), int(last or first) + 1)))
        print(f"made    {args.src} frames {args.make_scans}")
    frames = grade(args.src, args.dst, args.exposure)
    print(f"graded  {len(frames)} frame(s) {frames[0]}-{frames[-1]} by {args.exposure:+g} stops into {args.dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
