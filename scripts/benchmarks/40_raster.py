"""PNG, TIFF and JPEG read and write beside OpenImageIO (the bench's peers, each in its own
process: OIIO 3.x from PyPI, Debian's 2.4 as a second row where it differs): 2K 16-bit RGBA
PNG (compression 6), 2K 16-bit RGBA TIFF (zip), 4K RGB JPEG (quality 95, 4:4:4). Reads
read the current peer's file on both sides. vfxpy's writes include what OIIO's do not: a
temporary file flushed to disk (fsync) and renamed into place."""

import os
import shutil
import tempfile

import numpy as np

import bench_peers
import vfxpy
from vfxpy.io import jpeg, png, tiff

PEER_SETUP = """
import OpenImageIO as oiio

def oiio_write(path, attributes):
    h, w, c = pixels.shape
    spec = oiio.ImageSpec(w, h, c, {np.uint8: "uint8", np.uint16: "uint16"}[pixels.dtype.type])
    for key, value in attributes.items():
        spec.attribute(key, value)
    out = oiio.ImageOutput.create(path)
    out.open(path, spec)
    out.write_image(pixels)
    out.close()

unassociated = oiio.ImageSpec()
unassociated.attribute("oiio:UnassociatedAlpha", 1)

def oiio_read(path):
    inp = oiio.ImageInput.open(path, unassociated)
    data = inp.read_image(inp.spec().format)
    inp.close()
    return data
"""


def plate(height, width, channels, dtype):
    """A smooth image with grain, like a scan: compressible but not trivially."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rng = np.random.default_rng(0)
    planes = [np.sin(x / (97 + 13 * c)) * np.cos(y / (71 + 7 * c)) * 0.4 + 0.5 for c in range(channels)]
    values = np.clip(np.stack(planes, axis=-1) + rng.normal(0, 0.004, (height, width, channels)), 0, 1)
    top = np.iinfo(dtype).max
    return np.round(values * top).astype(dtype)


def run(row, best_of, args):
    r = max(1, min(args.repeat, 5))
    folder = tempfile.mkdtemp(prefix="vfxbench-raster-")
    rgba16 = plate(1080, 2048, 4, np.uint16)
    rgb8 = plate(2160, 3840, 3, np.uint8)
    print("raster I/O (2K = 2048x1080 RGBA u16, 4K = 3840x2160 RGB u8):")

    def format_rows(label, pixels, extension, write_ours, read_ours, attributes):
        data = {"pixels": pixels}
        ours, theirs = os.path.join(folder, f"ours.{extension}"), os.path.join(folder, f"oiio.{extension}")
        bench_peers.rows(row, f"{label} write", best_of(lambda: write_ours(ours), r), "OIIO write",
                         f"oiio_write({theirs!r}, {attributes!r})", setup=PEER_SETUP, data=data, repeat=r)
        bench_peers.primary().run(PEER_SETUP + f"oiio_write({theirs!r}, {attributes!r})", data=data)
        bench_peers.rows(row, f"{label} read (OIIO's file)", best_of(lambda: read_ours(theirs), r), "OIIO read",
                         f"oiio_read({theirs!r})", setup=PEER_SETUP, data=data, repeat=r)

    try:
        img16 = vfxpy.Image(rgba16)
        format_rows("PNG 2K RGBA16 (compression 6)", rgba16, "png",
                    lambda path: png.write(path, img16, compression=6), png.read,
                    {"compression": "zip:6", "oiio:UnassociatedAlpha": 1})
        format_rows("TIFF 2K RGBA16 (zip)", rgba16, "tif", lambda path: tiff.write(path, img16, compression="zip"),
                    tiff.read, {"compression": "zip", "oiio:UnassociatedAlpha": 1})
        img8 = vfxpy.Image(rgb8)
        format_rows("JPEG 4K RGB (quality 95, 4:4:4)", rgb8, "jpg",
                    lambda path: jpeg.write(path, img8, quality=95), jpeg.read,
                    {"Compression": "jpeg:95", "jpeg:subsampling": "4:4:4"})
    finally:
        for peer in bench_peers.peers():
            peer.forget(rgba16, rgb8)
        shutil.rmtree(folder)
