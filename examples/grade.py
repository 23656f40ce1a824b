"""A first grade, the vfxrun way: make a plate, grade it through a zero-copy numpy
view, convert to a 16-bit deliverable and save it.

    vfxrun examples/grade.py [--out graded.ppm] [--exposure STOPS] [--saturation S]

The plate is synthetic (a soft gradient with a row of color patches, scene-linear
float32, 1920x1080 RGBA). The grade is exposure, saturation about Rec.709 luma and a
contrast curve about 18% grey, applied in place on the image's own memory; the
output is a 16-bit binary PPM of the display-encoded (sRGB) result.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import vfxpy

REC709_LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)


def make_plate(width: int, height: int) -> vfxpy.Image:
    """A scene-linear test plate: gradient background, six color patches, opaque alpha."""
    img = vfxpy.Image.new(width, height, channels=4, format="f32", fill=(0.0, 0.0, 0.0, 1.0))
    px = img.numpy()  # a view: writes below paint the image itself
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    px[..., 0] = 0.02 + 0.3 * x * (1 - y)
    px[..., 1] = 0.03 + 0.25 * y
    px[..., 2] = 0.05 + 0.2 * (1 - x)
    patches = [(0.4, 0.05, 0.05), (0.05, 0.35, 0.05), (0.05, 0.05, 0.4),
               (0.18, 0.18, 0.18), (0.9, 0.8, 0.6), (2.5, 2.2, 1.8)]
    size = height // 6
    for index, color in enumerate(patches):
        x0 = width // 8 + index * (size + size // 4)
        px[height // 2 - size // 2:height // 2 + size // 2, x0:x0 + size, :3] = color
    return img


def grade(img: vfxpy.Image, exposure: float, saturation: float, contrast: float) -> None:
    """Exposure (stops), saturation about Rec.709 luma and a contrast power curve about
    18% grey, in place on the image's memory (alpha untouched)."""
    rgb = img.numpy()[..., :3]
    rgb *= np.float32(2.0 ** exposure)
    luma = rgb @ REC709_LUMA
    rgb[...] = luma[..., None] + np.float32(saturation) * (rgb - luma[..., None])
    pivot = np.float32(0.18)
    np.maximum(rgb, 0, out=rgb)
    rgb[...] = pivot * (rgb / pivot) ** np.float32(contrast)


def linear_to_srgb(img: vfxpy.Image) -> None:
    rgb = img.numpy()[..., :3]
    np.clip(rgb, 0, 1, out=rgb)
    rgb[...] = np.where(rgb <= 0.0031308, rgb * 12.92, 1.055 * np.power(rgb, 1 / 2.4) - 0.055)


def write_ppm16(path: Path, img: vfxpy.Image) -> None:
    """A 16-bit binary PPM (P6, big-endian samples) of the RGB channels."""
    rgb = img.numpy()[..., :3].astype(">u2")
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(f"P6\n{img.width} {img.height}\n65535\n".encode())
        f.write(rgb.tobytes())
    tmp.replace(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("graded.ppm"))
    parser.add_argument("--exposure", type=float, default=0.5)
    parser.add_argument("--saturation", type=float, default=1.2)
    parser.add_argument("--contrast", type=float, default=1.1)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    plate = make_plate(args.width, args.height)
    print(f"plate   {plate!r}")
    grade(plate, args.exposure, args.saturation, args.contrast)
    rgb = plate.numpy()[..., :3]
    print(f"graded  min {rgb.min():.4f}  max {rgb.max():.4f}  mean {rgb.mean():.4f} (scene-linear)")
    display = plate.copy()
    linear_to_srgb(display)
    deliverable = display.astype("u16")
    print(f"output  {deliverable!r}")
    write_ppm16(args.out, deliverable)
    print(f"wrote   {args.out} in {time.perf_counter() - start:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
