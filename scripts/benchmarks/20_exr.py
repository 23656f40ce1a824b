"""EXR read and write of a 4K RGBA half image (ZIP and DWAA), vfxpy beside OpenImageIO
(Debian's python3-openimageio, same OpenEXR 3.1 library, reading/writing native half).

vfxpy's write includes what OIIO's does not: the atomic write's fsync and rename. ZIP
files are compressed by different deflate implementations (vfxpy: libdeflate level 4;
OIIO: zlib through OpenEXR), so the sizes are printed beside the times."""

import os
import tempfile

import numpy as np

import vfxpy
from vfxpy.io import exr


def render_like(h, w):
    """Smooth gradients plus a little noise, in half: compresses like a render, not like
    pure noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    rng = np.random.default_rng(0)
    planes = [0.5 + 0.4 * np.sin(x / (90 + 17 * k) + y / (130 + 11 * k)) for k in range(3)]
    rgba = np.stack(planes + [np.ones_like(x)], axis=-1)
    rgba[..., :3] += rng.normal(0, 0.01, (h, w, 3)).astype(np.float32)
    return rgba.astype(np.float16)


def run(row, best_of, args):
    try:
        import OpenImageIO as oiio
    except ImportError:
        print("EXR: OpenImageIO is not importable here; section skipped")
        return
    w, h = 3840, 2160
    pixels = render_like(h, w)
    img = vfxpy.Image(pixels)
    folder = tempfile.mkdtemp(prefix="vfxpy-bench-exr-")
    r = args.repeat

    def oiio_read(path):
        inp = oiio.ImageInput.open(path)
        data = inp.read_image("half")
        inp.close()
        return data

    def oiio_write(path, compression, tile=None):
        spec = oiio.ImageSpec(w, h, 4, "half")
        spec.attribute("compression", compression)
        if tile:
            spec.tile_width, spec.tile_height = tile
        out = oiio.ImageOutput.create(path)
        out.open(path, spec)
        out.write_image(pixels)
        out.close()

    print(f"EXR 4K RGBA half ({w}x{h}x4):")
    try:
        for compression, oiio_name in (("zip", "zip"), ("dwaa", "dwaa:45")):
            ours = os.path.join(folder, f"ours_{compression}.exr")
            theirs = os.path.join(folder, f"oiio_{compression}.exr")
            row(f"write {compression}", best_of(lambda: exr.write(ours, img, compression=compression), r),
                best_of(lambda: oiio_write(theirs, oiio_name), r), "OIIO write_image")
            # both read the same (OIIO-written) file
            row(f"read {compression}", best_of(lambda: vfxpy.read(theirs), r),
                best_of(lambda: oiio_read(theirs), r), "OIIO read_image")
            print(f"  {compression} file sizes: vfxpy {os.path.getsize(ours) / 2**20:.1f} MiB, "
                  f"OIIO {os.path.getsize(theirs) / 2**20:.1f} MiB")
        tiled = os.path.join(folder, "oiio_tiled_zip.exr")
        oiio_write(tiled, "zip", (64, 64))
        row("read zip tiled 64x64", best_of(lambda: vfxpy.read(tiled), r),
            best_of(lambda: oiio_read(tiled), r), "OIIO read_image")
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
