"""A first grade, the vfxrun way: read a plate, grade it in place, write an EXR, a PNG
preview and a JPEG thumbnail.

    vfxrun examples/grade.py [PLATE] [--out-dir DIR] [--exposure STOPS] [--saturation S]
                             [--contrast C]

Without PLATE the script makes one (a scene-linear gradient with color patches, written
as a half-float ZIP EXR into the output folder) and grades that. The grade is exposure,
saturation about Rec.709 luma and a contrast curve about 18% grey, fused into one pass by
a `vfxpy.Processor` (a GPU when the machine has one, else every CPU core), in place;
alpha is untouched. Outputs: ``<name>_graded.exr`` (half, ZIP, metadata kept),
``<name>_preview.png`` (clamped, sRGB, 8-bit) and ``<name>_thumb.jpg`` (the preview
resized to 480 pixels wide with a Lanczos-3 filter).
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import vfxpy

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
    proc = vfxpy.Processor()
    proc.chain(img).exposure(args.exposure).saturation(args.saturation).contrast(args.contrast).run()
    rgb = img.numpy()[..., :3]  # the host needs the pixels: a GPU result is read back here
    print(f"graded  on {proc.backend} ({proc.device_name}): min {rgb.min():.4f}  max {rgb.max():.4f}  "
          f"mean {rgb.mean():.4f} (scene-linear)")

    stem = args.plate.name.split(".")[0]
    graded = args.out_dir / f"{stem}_graded.exr"
    vfxpy.write(graded, img, compression="zip", pixel_type="half")
    preview = img.copy()
    proc.cdl(preview, style="asc")  # the ASC style clamps to [0, 1]: a display-referred copy
    vfxpy.transfer.linear_to_srgb(preview)
    preview_path = args.out_dir / f"{stem}_preview.png"
    vfxpy.write(preview_path, preview.astype("u8"))
    thumb_path = args.out_dir / f"{stem}_thumb.jpg"
    vfxpy.write(thumb_path, vfxpy.ops.resize(preview, 480).astype("u8"), quality=90)
    print(f"wrote   {graded}, {preview_path} and {thumb_path} in {time.perf_counter() - start:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
