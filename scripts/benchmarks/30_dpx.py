"""DPX: 4K RGB 10-bit (filled method A, big-endian) read and write, beside OpenImageIO.

OpenImageIO is Debian's python3-openimageio, importable here because vfxrun embeds
Debian's Python. Both read the same file into numpy-visible memory; both write the same
pixels. vfxpy's writes are atomic (temporary file, fsync, rename); OIIO's are not.
"""

import os
import tempfile

import numpy as np

import vfxpy
from vfxpy.io import dpx


def run(row, best_of, args):
    try:
        import OpenImageIO as oiio
    except ImportError:
        print("DPX: OpenImageIO is not importable; section skipped")
        return
    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 1024, (h, w, 3), dtype=np.uint16)
    u16 = ((codes.astype(np.uint32) * 65535 + 511) // 1023).astype(np.uint16)
    img = vfxpy.Image(u16)
    f32 = (codes / np.float32(1023)).astype(np.float32)
    img32 = vfxpy.Image(f32)
    r = args.repeat
    with tempfile.TemporaryDirectory() as folder:
        ours_path = os.path.join(folder, "ours.dpx")
        oiio_path = os.path.join(folder, "oiio.dpx")
        dpx.write(ours_path, img, bit_depth=10)

        def oiio_read(fmt):
            inp = oiio.ImageInput.open(ours_path)
            pixels = inp.read_image(fmt)
            inp.close()
            return pixels

        oiio_pixels = (codes << 6).astype(np.uint16)  # OIIO converts uint16 to 10-bit as value >> 6

        def oiio_write(pixels):
            spec = oiio.ImageSpec(w, h, 3, "uint16")
            spec.attribute("oiio:BitsPerSample", 10)
            spec.attribute("oiio:Endian", "big")
            out = oiio.ImageOutput.create(oiio_path)
            out.open(oiio_path, spec)
            out.write_image(pixels)
            out.close()

        print(f"DPX 4K RGB 10-bit ({w}x{h}, {os.path.getsize(ours_path) / 2**20:.1f} MiB):")
        row("dpx read -> u16", best_of(lambda: dpx.read(ours_path), r),
            best_of(lambda: oiio_read("uint16"), r), "OIIO read_image uint16")
        row("dpx read -> f32 (code/1023)", best_of(lambda: dpx.read(ours_path, format="f32"), r),
            best_of(lambda: oiio_read("float"), r), "OIIO read_image float")
        row("dpx write u16 -> 10-bit", best_of(lambda: dpx.write(ours_path, img, bit_depth=10), r),
            best_of(lambda: oiio_write(oiio_pixels), r), "OIIO write_image uint16")
        row("dpx write f32 -> 10-bit", best_of(lambda: dpx.write(ours_path, img32, bit_depth=10), r),
            best_of(lambda: oiio_write(f32), r), "OIIO write_image float")
