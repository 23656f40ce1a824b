"""DPX: 4K RGB 10-bit (filled method A, big-endian) read and write, beside OpenImageIO (the
bench's peers, each in its own process: OIIO 3.x from PyPI, Debian's 2.4 as a second row
where it differs). Both read the same file (vfxpy's) into numpy memory; both write the
same pixels. vfxpy's writes are atomic (temporary file, fsync, rename); OIIO's are not.
"""

import os
import tempfile

import numpy as np

import bench_peers
import vfxpy
from vfxpy.io import dpx

PEER_SETUP = """
import OpenImageIO as oiio
h, w = f32.shape[:2]
u16 = (codes << 6).astype(np.uint16)  # OIIO converts uint16 to 10-bit as value >> 6

def oiio_read(fmt):
    inp = oiio.ImageInput.open(path)
    pixels = inp.read_image(fmt)
    inp.close()
    return pixels

def oiio_write(pixels):
    spec = oiio.ImageSpec(w, h, 3, "uint16")
    spec.attribute("oiio:BitsPerSample", 10)
    spec.attribute("oiio:Endian", "big")
    out = oiio.ImageOutput.create(out_path)
    out.open(out_path, spec)
    out.write_image(pixels)
    out.close()
"""


def run(row, best_of, args):
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
        dpx.write(ours_path, img, bit_depth=10)
        data = {"codes": codes, "f32": f32, "path": ours_path, "out_path": os.path.join(folder, "oiio.dpx")}

        def peer_rows(name, ours, peer_name, stmt):
            bench_peers.rows(row, name, ours, peer_name, stmt, setup=PEER_SETUP, data=data, repeat=r)

        print(f"DPX 4K RGB 10-bit ({w}x{h}, {os.path.getsize(ours_path) / 2**20:.1f} MiB):")
        try:
            peer_rows("dpx read -> u16", best_of(lambda: dpx.read(ours_path), r), "OIIO read_image uint16",
                      "oiio_read('uint16')")
            peer_rows("dpx read -> f32 (code/1023)", best_of(lambda: dpx.read(ours_path, format="f32"), r),
                      "OIIO read_image float", "oiio_read('float')")
            peer_rows("dpx write u16 -> 10-bit", best_of(lambda: dpx.write(ours_path, img, bit_depth=10), r),
                      "OIIO write_image uint16", "oiio_write(u16)")
            peer_rows("dpx write f32 -> 10-bit", best_of(lambda: dpx.write(ours_path, img32, bit_depth=10), r),
                      "OIIO write_image float", "oiio_write(f32)")
        finally:
            for peer in bench_peers.peers():
                peer.forget(codes, f32)
