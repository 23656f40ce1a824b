"""PNG, TIFF and JPEG read and write beside OpenImageIO (Debian's module, imported in
this process for the benchmark only): 2K 16-bit RGBA PNG (compression 6), 2K 16-bit
RGBA TIFF (zip), 4K RGB JPEG (quality 95, 4:4:4). vfxpy's writes include what OIIO's do
not: a temporary file flushed to disk (fsync) and renamed into place."""

import os
import tempfile

import numpy as np

import vfxpy
from vfxpy.io import jpeg, png, tiff


def plate(height, width, channels, dtype):
    """A smooth image with grain, like a scan: compressible but not trivially."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(0)
    planes = [np.sin(x / (97 + 13 * c)) * np.cos(y / (71 + 7 * c)) * 0.4 + 0.5 for c in range(channels)]
    values = np.clip(np.stack(planes, axis=-1) + rng.normal(0, 0.004, (height, width, channels)), 0, 1)
    top = np.iinfo(dtype).max
    return np.round(values * top).astype(dtype)


def run(row, best_of, args):
    try:
        import OpenImageIO as oiio
    except ImportError:
        print("raster I/O: OpenImageIO is not importable here; skipped")
        return
    r = max(1, min(args.repeat, 5))
    folder = tempfile.mkdtemp(prefix="vfxbench-raster-")

    def oiio_write(path, pixels, attributes):
        h, w, c = pixels.shape
        spec = oiio.ImageSpec(w, h, c, {np.uint8: "uint8", np.uint16: "uint16"}[pixels.dtype.type])
        for key, value in attributes.items():
            spec.attribute(key, value)
        out = oiio.ImageOutput.create(path)
        out.open(path, spec)
        out.write_image(pixels)
        out.close()

    def oiio_read(path):
        inp = oiio.ImageInput.open(path, unassociated)
        pixels = inp.read_image(inp.spec().format)
        inp.close()
        return pixels

    unassociated = oiio.ImageSpec()
    unassociated.attribute("oiio:UnassociatedAlpha", 1)

    rgba16 = plate(1080, 2048, 4, np.uint16)
    img16 = vfxpy.Image(rgba16)
    print(f"raster I/O (2K = 2048x1080 RGBA u16, 4K = 3840x2160 RGB u8), {oiio.__version__} as the peer:")
    ours, theirs = os.path.join(folder, "ours.png"), os.path.join(folder, "oiio.png")
    row("PNG 2K RGBA16 write (compression 6)", best_of(lambda: png.write(ours, img16, compression=6), r),
        best_of(lambda: oiio_write(theirs, rgba16, {"compression": "zip:6", "oiio:UnassociatedAlpha": 1}), r),
        "OIIO write")
    row("PNG 2K RGBA16 read", best_of(lambda: png.read(theirs), r), best_of(lambda: oiio_read(theirs), r),
        "OIIO read")

    ours, theirs = os.path.join(folder, "ours.tif"), os.path.join(folder, "oiio.tif")
    row("TIFF 2K RGBA16 write (zip)", best_of(lambda: tiff.write(ours, img16, compression="zip"), r),
        best_of(lambda: oiio_write(theirs, rgba16, {"compression": "zip", "oiio:UnassociatedAlpha": 1}), r),
        "OIIO write")
    row("TIFF 2K RGBA16 read (zip, OIIO's file)", best_of(lambda: tiff.read(theirs), r),
        best_of(lambda: oiio_read(theirs), r), "OIIO read")

    rgb8 = plate(2160, 3840, 3, np.uint8)
    img8 = vfxpy.Image(rgb8)
    ours, theirs = os.path.join(folder, "ours.jpg"), os.path.join(folder, "oiio.jpg")
    row("JPEG 4K RGB write (quality 95, 4:4:4)", best_of(lambda: jpeg.write(ours, img8, quality=95), r),
        best_of(lambda: oiio_write(theirs, rgb8, {"Compression": "jpeg:95", "jpeg:subsampling": "4:4:4"}), r),
        "OIIO write")
    row("JPEG 4K RGB read", best_of(lambda: jpeg.read(theirs), r), best_of(lambda: oiio_read(theirs), r),
        "OIIO read")
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
    os.rmdir(folder)
