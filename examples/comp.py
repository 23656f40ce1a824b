"""A comp, the vfxrun way: read a foreground element and a background plate,
premultiply the element, put it over the plate, blend it onto the plate, write both.

    vfxrun examples/comp.py [FG BG] [--out-dir DIR] [--mode MODE] [--opacity O]
                            [--offset X Y]

FG is an element with straight (unassociated) alpha, as PNG and TIFF hold it. An
integer file (8/16-bit: PNG, TIFF, DPX) is taken as sRGB-encoded and decoded to linear;
a float file (EXR) as linear already. Either way it is then premultiplied (color × alpha),
the form every compositing op expects. BG is a scene-linear plate (an EXR); a plate
without alpha is opaque. Without FG and BG the script makes them: ``fg.png`` (a
soft-edged disc, 8-bit sRGB, straight alpha) and ``bg.exr`` (a half-float gradient
plate), in the output folder.

Outputs: ``comp_over.exr`` (FG over BG), ``comp_<mode>.exr`` (FG blended onto BG with
``--mode``, default 'screen', at ``--opacity``; see ``vfxpy.ops.BLEND_MODES``), both
half-float ZIP, and ``comp_over.png`` (an 8-bit sRGB preview of the over).
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import vfxpy
from vfxpy import ops


def make_element(width: int, height: int) -> vfxpy.Image:
    """An orange disc with a soft edge: 8-bit sRGB color, straight alpha (as a PNG holds it)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    radius = 0.3 * height
    alpha = np.clip((radius - np.hypot(x - 0.6 * width, y - 0.45 * height)) / (0.25 * radius), 0.0, 1.0)
    pixels = np.empty((height, width, 4), dtype=np.float32)
    pixels[..., 0] = 0.95
    pixels[..., 1] = 0.55 + 0.3 * (y / height)  # a vertical ramp in the color
    pixels[..., 2] = 0.2
    pixels[..., 3] = alpha
    return vfxpy.Image(pixels).astype("u8")


def make_plate(width: int, height: int) -> vfxpy.Image:
    """A scene-linear gradient plate, opaque."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    pixels = np.empty((height, width, 4), dtype=np.float32)
    pixels[..., 0] = 0.02 + 0.3 * x / width
    pixels[..., 1] = 0.05 + 0.2 * y / height
    pixels[..., 2] = 0.25 - 0.2 * x / width
    pixels[..., 3] = 1.0
    return vfxpy.Image(pixels).astype("f16")


def linear_premultiplied(img: vfxpy.Image) -> vfxpy.Image:
    """An element as read (straight alpha; sRGB-encoded if stored in integers) as linear,
    premultiplied float32 RGBA."""
    encoded = img.format in ("u8", "u16")
    img = with_alpha(img.to_f32())
    if encoded:
        vfxpy.transfer.srgb_to_linear(img)  # R, G, B only; alpha stays
    return ops.premultiply(img)


def with_alpha(img: vfxpy.Image) -> vfxpy.Image:
    """img with 4 channels (RGBA): gray is spread to RGB, a missing alpha is opaque."""
    if img.channels == 4:
        return img
    pixels = img.numpy()
    rgba = np.ones((img.height, img.width, 4), dtype=pixels.dtype)
    rgba[..., :3] = pixels[..., :3] if img.channels >= 3 else pixels[..., :1]
    if img.channels == 2:
        rgba[..., 3] = pixels[..., 1]
    out = vfxpy.Image(rgba)
    out.metadata = dict(img.metadata)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("images", nargs="*", type=Path, help="FG BG (default: make them)")
    parser.add_argument("--out-dir", type=Path, default=Path("."))
    parser.add_argument("--mode", default="screen", choices=ops.BLEND_MODES)
    parser.add_argument("--opacity", type=float, default=0.8)
    parser.add_argument("--offset", type=int, nargs=2, default=(0, 0), metavar=("X", "Y"),
                        help="where FG's top-left pixel sits on BG")
    parser.add_argument("--size", type=int, nargs=2, default=(960, 540), metavar=("W", "H"),
                        help="size of the images made without FG and BG")
    args = parser.parse_args(argv)
    if len(args.images) not in (0, 2):
        parser.error("give both FG and BG, or neither")

    start = time.perf_counter()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    if not args.images:
        fg_path, bg_path = args.out_dir / "fg.png", args.out_dir / "bg.exr"
        vfxpy.write(fg_path, make_element(*args.size))
        vfxpy.write(bg_path, make_plate(*args.size), compression="zip")
        print(f"made    {fg_path} and {bg_path}")
    else:
        fg_path, bg_path = args.images
    fg_file, bg_file = vfxpy.read(fg_path), vfxpy.read(bg_path)
    print(f"read    {fg_path}: {fg_file!r}\n        {bg_path}: {bg_file!r}")

    fg = linear_premultiplied(fg_file)
    bg = with_alpha(bg_file.to_f32())  # a plate: linear, opaque where it has no alpha
    offset = tuple(args.offset)
    over = ops.over(fg, bg, offset=offset)
    blended = ops.blend(fg, bg, args.mode, opacity=args.opacity, offset=offset)

    over_path = args.out_dir / "comp_over.exr"
    blend_path = args.out_dir / f"comp_{args.mode}.exr"
    vfxpy.write(over_path, over, compression="zip", pixel_type="half")
    vfxpy.write(blend_path, blended, compression="zip", pixel_type="half")
    preview = vfxpy.transfer.linear_to_srgb(over.copy())
    preview_path = args.out_dir / "comp_over.png"
    vfxpy.write(preview_path, preview.astype("u8"))
    print(f"wrote   {over_path}, {blend_path} ({args.mode} at {args.opacity:g}) and {preview_path} "
          f"in {time.perf_counter() - start:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
