"""Read the next frame while grading this one, and write the last in the background:
a frame loop with asyncio, the vfxrun way.

    vfxrun examples/async_pipeline.py [PATTERN] [--frames 1001-1008] [--out-dir DIR]
                                      [--exposure STOPS]

PATTERN is a frame sequence such as ``plates/shot.####.exr``. Without it the script
makes eight 1920x1080 half-float frames first (``plate.####.exr`` in the output folder).

Each frame is read with ``await vfxpy.read_async`` (started one frame ahead), graded with
``await chain.run_async()`` and written with ``vfxpy.write_async`` without waiting; the
event loop stays free the whole time (every heavy call runs with the GIL released), so
other coroutines (here, a ticker counting how often the loop got to run) keep going.
Outputs: ``graded.####.exr``.
"""

import argparse
import asyncio
import time
from pathlib import Path

import numpy as np

import vfxpy


def make_frames(folder: Path, frames: range) -> str:
    pattern = str(folder / "plate.####.exr")
    for frame in frames:
        img = vfxpy.Image.new(1920, 1080, channels=4, format="f16")
        pixels = np.empty((1080, 1920, 4), dtype=np.float32)
        pixels[..., :3] = np.linspace(0.0, 1.0, 1920, dtype=np.float32)[None, :, None] * (frame % 7 + 1) / 7
        pixels[..., 3] = 1.0
        img.numpy()[:] = pixels
        vfxpy.write(vfxpy.io.sequence(pattern).path(frame), img, compression="zip")
    return pattern


async def ticker(stop: asyncio.Event, counts: list) -> None:
    while not stop.is_set():
        counts[0] += 1
        await asyncio.sleep(0.005)


async def run(pattern: str, frames: range, out_dir: Path, exposure: float) -> None:
    source = vfxpy.io.sequence(pattern)
    target = vfxpy.io.sequence(str(out_dir / "graded.####.exr"))
    proc = vfxpy.Processor()
    stop, counts = asyncio.Event(), [0]
    ticking = asyncio.create_task(ticker(stop, counts))
    start = time.perf_counter()
    writes = []
    frame_list = list(frames)
    next_read = asyncio.ensure_future(vfxpy.read_async(source.path(frame_list[0])))
    for index, frame in enumerate(frame_list):
        img = await next_read
        if index + 1 < len(frame_list):  # start reading the next frame now
            next_read = asyncio.ensure_future(vfxpy.read_async(source.path(frame_list[index + 1])))
        await proc.chain(img).exposure(exposure).saturation(1.1).run_async()
        writes.append(asyncio.ensure_future(vfxpy.write_async(target.path(frame), img, compression="zip")))
    await asyncio.gather(*writes)
    stop.set()
    await ticking
    seconds = time.perf_counter() - start
    print(f"{len(frame_list)} frames in {seconds:.2f} s; the event loop ran the ticker {counts[0]} times meanwhile")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pattern", nargs="?", help="a frame sequence, e.g. plates/shot.####.exr")
    parser.add_argument("--frames", default="1001-1008")
    parser.add_argument("--out-dir", default="async_out", type=Path)
    parser.add_argument("--exposure", default=1.0, type=float)
    args = parser.parse_args()
    first, _, last = args.frames.partition("-")
    frames = range(int(first), int(last or first) + 1)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    pattern = args.pattern or make_frames(args.out_dir, frames)
    asyncio.run(run(pattern, frames, args.out_dir, args.exposure))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
