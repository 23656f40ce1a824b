"""Grade and shrink a plate too big for memory, band by band: the vfxrun way to make
proxies of stitched panoramas on a farm node with little RAM.

    vfxrun examples/stream_huge.py [SRC] [--out-dir DIR] [--max-memory 256MB]
                                   [--exposure STOPS] [--proxy W H]

SRC is any EXR or TIFF (scanline or tiled). Without it the script writes one first,
band by band with ``vfxpy.create`` (so the full image never exists in memory either):
a 8192x4096 half-float ZIP EXR of a gradient with colored stripes, ``huge.exr``.

Outputs, in the output folder:
- ``huge_graded.exr``: SRC with an exposure and a CDL, same size, half-float ZIP,
  written by ``vfxpy.stream`` with at most ``--max-memory`` of bands in flight;
- ``huge_proxy.exr``: the same grade resized to ``--proxy`` (default 1024x512,
  Lanczos-3) in the same pass: no full-resolution image is ever held.
It prints the peak resident memory of the process, which stays near ``--max-memory``
whatever SRC's size.
"""

import argparse
import resource
from pathlib import Path

import numpy as np

import vfxpy


def write_plate(path: Path, width: int, height: int, band: int = 256) -> None:
    """A gradient with stripes, written band by band (half-float ZIP)."""
    with vfxpy.create(path, width, height, channels=4, format="f16", compression="zip") as out:
        x = np.linspace(0.0, 4.0, width, dtype=np.float32)
        for y in range(0, height, band):
            rows = min(band, height - y)
            img = vfxpy.Image.new(width, rows, channels=4, format="f16")
            pixels = np.empty((rows, width, 4), dtype=np.float32)
            ramp = (np.arange(y, y + rows, dtype=np.float32) / height)[:, None]
            pixels[..., 0] = x * ramp
            pixels[..., 1] = x * (1 - ramp)
            pixels[..., 2] = ((np.arange(width) // 256) % 2).astype(np.float32) * ramp
            pixels[..., 3] = 1.0
            img.numpy()[:] = pixels
            out.write_region(img, y)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", nargs="?", help="the big plate (default: one is made)")
    parser.add_argument("--out-dir", default="stream_out", type=Path)
    parser.add_argument("--max-memory", default="256MB")
    parser.add_argument("--exposure", default=0.5, type=float)
    parser.add_argument("--proxy", nargs=2, type=int, default=(1024, 512), metavar=("W", "H"))
    parser.add_argument("--size", nargs=2, type=int, default=(8192, 4096), metavar=("W", "H"),
                        help="the size of the plate made when SRC is not given")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    src = Path(args.src) if args.src else args.out_dir / "huge.exr"
    if not args.src:
        write_plate(src, *args.size)
    proc = vfxpy.Processor()

    def grade(band: vfxpy.Image) -> None:
        proc.chain(band).exposure(args.exposure).cdl(slope=(1.05, 1.0, 0.95), power=(1.0, 1.0, 1.1)).run()

    with vfxpy.open(src) as reader:
        print(f"{src}: {reader.width}x{reader.height} {reader.format}, {reader.channels} channels")
    vfxpy.stream(src, args.out_dir / "huge_graded.exr", grade, max_memory=args.max_memory, compression="zip")
    vfxpy.stream(src, args.out_dir / "huge_proxy.exr", grade, max_memory=args.max_memory,
                 resize=tuple(args.proxy), filter="lanczos3", compression="zip")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"wrote {args.out_dir / 'huge_graded.exr'} and {args.out_dir / 'huge_proxy.exr'}; "
          f"peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
