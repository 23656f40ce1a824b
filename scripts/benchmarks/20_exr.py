"""EXR read and write of a 4K RGBA half image (ZIP, PIZ, PXR24, DWAA, DWAB, B44), and reads of
the same as float (renders' AOVs: PIZ, PXR24), vfxpy beside OpenImageIO (the bench's peers,
each in its own process: OIIO 3.x from PyPI, Debian's 2.4 as a second row where it differs;
both read and write the file's own type).

vfxpy decodes every compression's chunks in OpenEXRCore's pipeline on every core, with
libdeflate for the inflating (ZIP, PXR24), the C++ library's table-driven Huffman decoder
for PIZ (OpenEXRCore 3.1's own PIZ path took a float frame 830 ms against 280 ms now) and
the C++ library's own codecs for DWAA/DWAB and B44 (which Core 3.1 lacks, or gets wrong
for float); and writes them all, scanline or tiled, with its own parallel chunk writer.
Tiled DWAA: OpenEXR 3.1 deflates a tile's AC coefficients at zlib level 9 (OIIO 3.x's
OpenEXR with libdeflate at level 9); vfxpy Huffman-codes them as DWAB tiles and DWA
scanline chunks are, which is faster and smaller (the sizes are printed).

vfxpy's write includes what OIIO's does not: the atomic write's fsync and rename. ZIP
chunks are compressed with libdeflate at level 4 on both sides of the primary row: OIIO
3.2 writes through OpenEXR 3.5, whose default level is EXR_DEFAULT_ZLIB_COMPRESS_LEVEL
(4, OpenEXRCore/compression.c), and its chunks of this frame are byte for byte ours.
So that row's floor is libdeflate's own time spread over the cores (about 94% of the
write's CPU), where OIIO keeps about 1.85 cores busy. Ours is libdeflate 1.26 built by
gcc -O2 (ThirdParty/libdeflate): one thread compresses this frame's 135 chunks in about
407 ms, 7% under Debian's 1.14 (436 ms; clang's build of 1.26 gains nothing). That took
our write from about 236 to 224 ms on 2 cores (its CPU time 4-5% down), the row from
about 0.62 to 0.59-0.60 against OIIO's best runs (372-380 ms).
OIIO 2.4 (Debian) compresses with zlib through OpenEXR 3.1; the sizes are printed
beside the times."""

import os
import shutil
import tempfile

import numpy as np

import bench_peers
import vfxpy
from vfxpy.io import exr

PEER_SETUP = """
import OpenImageIO as oiio
h, w = pixels.shape[:2]

def oiio_read(path):
    inp = oiio.ImageInput.open(path)
    data = inp.read_image(inp.spec().format)
    inp.close()
    return data

def oiio_write(path, compression, tile=None):
    spec = oiio.ImageSpec(w, h, 4, "half" if pixels.dtype == np.float16 else "float")
    spec.attribute("compression", compression)
    if tile:
        spec.tile_width, spec.tile_height = tile
    out = oiio.ImageOutput.create(path)
    out.open(path, spec)
    out.write_image(pixels)
    out.close()
"""


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
    folder = tempfile.mkdtemp(prefix="vfxpy-bench-exr-")
    try:
        half_rows(row, best_of, args, folder)
        float_rows(row, best_of, args, folder)
    finally:
        shutil.rmtree(folder)


def half_rows(row, best_of, args, folder):
    w, h = 3840, 2160
    pixels = render_like(h, w)
    img = vfxpy.Image(pixels)
    r = args.repeat
    data = {"pixels": pixels}

    def peer_rows(name, ours, peer_name, stmt):
        bench_peers.rows(row, name, ours, peer_name, stmt, setup=PEER_SETUP, data=data, repeat=r)

    print(f"EXR 4K RGBA half ({w}x{h}x4):")
    try:
        for compression, oiio_name in (("zip", "zip"), ("piz", "piz"), ("pxr24", "pxr24"), ("dwaa", "dwaa:45"),
                                       ("dwab", "dwab:45"), ("b44", "b44")):
            ours = os.path.join(folder, f"ours_{compression}.exr")
            theirs = os.path.join(folder, f"oiio_{compression}.exr")
            peer_rows(f"write {compression}", best_of(lambda: exr.write(ours, img, compression=compression), r),
                      "OIIO write_image", f"oiio_write({theirs!r}, {oiio_name!r})")
            sizes, files = [], []
            for peer in bench_peers.peers():
                files.append(os.path.join(folder, f"oiio_{compression}_{peer.name}.exr"))
                peer.run(PEER_SETUP + f"oiio_write({files[-1]!r}, {oiio_name!r})", data=data)
                sizes.append(f"OIIO {peer.versions['OIIO']} {os.path.getsize(files[-1]) / 2**20:.1f} MiB")
            # both read the same file (the primary peer's)
            peer_rows(f"read {compression}", best_of(lambda: vfxpy.read(files[0]), r), "OIIO read_image",
                      f"oiio_read({files[0]!r})")
            print(f"  {compression} file sizes: vfxpy {os.path.getsize(ours) / 2**20:.1f} MiB, " + ", ".join(sizes))
        tiled = os.path.join(folder, "oiio_tiled_zip.exr")
        bench_peers.primary().run(PEER_SETUP + f"oiio_write({tiled!r}, 'zip', (64, 64))", data=data)
        peer_rows("read zip tiled 64x64", best_of(lambda: vfxpy.read(tiled), r), "OIIO read_image",
                  f"oiio_read({tiled!r})")
        for compression in ("zip", "piz", "dwaa"):
            ours = os.path.join(folder, f"ours_tiled_{compression}.exr")
            theirs = os.path.join(folder, f"oiio_tiled_{compression}.exr")
            peer_rows(f"write {compression} tiled 64x64",
                      best_of(lambda: exr.write(ours, img, compression=compression, tile_size=(64, 64)), r),
                      "OIIO write_image", f"oiio_write({theirs!r}, {compression!r}, (64, 64))")
            if compression == "dwaa":
                sizes, files = [], []
                for peer in bench_peers.peers():
                    files.append(os.path.join(folder, f"oiio_tiled_dwaa_{peer.name}.exr"))
                    peer.run(PEER_SETUP + f"oiio_write({files[-1]!r}, 'dwaa', (64, 64))", data=data)
                    sizes.append(f"OIIO {peer.versions['OIIO']} {os.path.getsize(files[-1]) / 2**20:.1f} MiB")
                print(f"  dwaa tiled file sizes: vfxpy {os.path.getsize(ours) / 2**20:.1f} MiB, " + ", ".join(sizes))
                peer_rows("read dwaa tiled 64x64", best_of(lambda: vfxpy.read(files[0]), r), "OIIO read_image",
                          f"oiio_read({files[0]!r})")
    finally:
        for peer in bench_peers.peers():
            peer.forget(pixels)


def float_rows(row, best_of, args, folder):
    w, h = 3840, 2160
    pixels = render_like(h, w).astype(np.float32)
    data = {"pixels": pixels}
    print(f"EXR 4K RGBA float ({w}x{h}x4), files written by OIIO 3.x:")
    try:
        for compression in ("piz", "pxr24"):
            path = os.path.join(folder, f"oiio_float_{compression}.exr")
            bench_peers.primary().run(PEER_SETUP + f"oiio_write({path!r}, {compression!r})", data=data)
            bench_peers.rows(row, f"read {compression} float", best_of(lambda: vfxpy.read(path), args.repeat),
                             "OIIO read_image", f"oiio_read({path!r})", setup=PEER_SETUP, data=data,
                             repeat=args.repeat)
    finally:
        for peer in bench_peers.peers():
            peer.forget(pixels)
