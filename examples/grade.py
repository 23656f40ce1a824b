"""A first grade, the vfxrun way: read a plate, grade it in place, write an EXR and a
PNG preview.

    vfxrun examples/grade.py [PLATE] [--out-dir DIR] [--exposure STOPS] [--saturation S]
                             [--contrast C]

Without PLATE the script makes one (a scene-linear gradient with color patches, written
as a half-float ZIP EXR into the output folder) and grades that. The grade is exposure,
saturation about Rec.709 luma and a contrast curve about 18% grey, applied in place on
the image's own memory through a zero-copy numpy view; alpha is untouched. Outputs:
``<name>_graded.exr`` (half, ZIP, metadata kept) and ``<name>_preview.png`` (sRGB, 8-bit).
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
    img.metadata["comments"] = "vfxrun example plate"
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
    """sRGB display encoding of the color channels, in place (clamped to [0, 1])."""
    rgb = img.numpy()[..., :3]
    np.clip(rgb, 0, 1, out=rgb)
    rgb[...] = np.where(rgb <= 0.0031308, rgb * 12.92, 1.055 * np.power(rgb, 1 / 2.4) - 0.055)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plate", nargs="?", type=Path, help="image to grade (default: make one)")
    parser.add_argument("--out-dir", type=Path, default=Path("."))
    parser.add_argument("--exposure", type=float, default=0.5)
    parser.add_argument("--saturation", type=float, default=1.2)
    parser.add_argument("--contrast", type=float, default=1.1)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if args.plate is None:
        args.plate = args.out_dir / "plate.exr"
        vfxpy.write(args.plate, make_plate(1920, 1080), compression="zip", pixel_type="half")
        print(f"made    {args.plate}")
    img = vfxpy.read(args.plate, format="f32")  # graded in float, whatever the file holds
    print(f"read    {args.plate}: {img!r}")
    grade(img, args.exposure, args.saturation, args.contrast)
    rgb = img.numpy()[..., :3]
    print(f"graded  min {rgb.min():.4f}  max {rgb.max():.4f}  mean {rgb.mean():.4f} (scene-linear)")

    stem = args.plate.name.split(".")[0]
    graded = args.out_dir / f"{stem}_graded.exr"
    vfxpy.write(graded, img, compression="zip", pixel_type="half")
    preview = img.copy()
    linear_to_srgb(preview)
    preview_path = args.out_dir / f"{stem}_preview.png"
    vfxpy.write(preview_path, preview.astype("u8"))
    print(f"wrote   {graded} and {preview_path} in {time.perf_counter() - start:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
