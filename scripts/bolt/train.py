"""The training workload of vfxrun's BOLT profile (scripts/env.sh, bolt_vfxrun).

scripts/env.sh runs an instrumented vfxrun through `-c pass`, `-c "import vfxpy, numpy"` and
this script; BOLT then lays out the executable's code (CPython's interpreter, the Swift
runtime, the bindings) in the order those runs used it. Start-up is what the profile is for:
most of a short script's time is the interpreter starting and importing, and the code it
runs is spread over a 10 MB text section. The rest is a small, ordinary use of vfxpy, so
that the bindings' common paths are laid out as hot too: small images (the instrumented
binary is slow), every file format read and written, a fused Processor chain, a transfer
curve, a 3D LUT, a resize and numpy views.

    vfxrun scripts/bolt/train.py --out-dir DIR
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

import vfxpy
from vfxpy import lut, ops, transfer


def workload(folder: Path) -> None:
    """Make, grade, convert, resize, write and read back a small image."""
    img = vfxpy.Image.new(96, 64, channels=4, format="f32", fill=(0.18, 0.18, 0.18, 1.0))
    px = img.numpy()
    px[..., 0] += np.linspace(0.0, 0.5, img.width, dtype=np.float32)
    img.metadata["comments"] = "bolt training"
    proc = vfxpy.Processor(backend="cpu")
    proc.chain(img).exposure(0.5).saturation(1.1).contrast(1.05).run()
    proc.cdl(img, slope=(1.1, 1.0, 0.9), offset=(0.01, 0.0, -0.01), power=(1.0, 1.1, 1.2))
    proc.apply_lut(img, lut.Lut3D.identity(9))
    vfxpy.write(folder / "plate.exr", img, compression="zip", pixel_type="half")
    back = vfxpy.read(folder / "plate.exr")
    preview = back.to_f32()
    proc.cdl(preview, style="asc")
    transfer.linear_to_srgb(preview)
    small = ops.resize(preview, 48)
    for name, image in (("preview.png", preview.astype("u8")), ("preview.tif", preview.astype("u16")),
                        ("preview.dpx", preview.astype("u16")), ("thumb.jpg", small.astype("u8"))):
        vfxpy.write(folder / name, image)
        again = vfxpy.read(folder / name)
        if again.width != image.width or again.height != image.height:
            raise SystemExit(f"bolt training: {name} read back as {again!r}, wrote {image!r}")
    if not np.isfinite(np.asarray(back.to_f32())).all():
        raise SystemExit("bolt training: non-finite pixels after the grade")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=Path, help="where the files go (default: a temporary folder)")
    args = parser.parse_args()
    if args.out_dir is not None:
        args.out_dir.mkdir(parents=True, exist_ok=True)
        workload(args.out_dir)
    else:
        with tempfile.TemporaryDirectory() as folder:
            workload(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
