"""vfxpy.ops on 4K RGBA (f32 unless said) beside OpenCV and OpenImageIO's ImageBufAlgo in the
bench's peer processes (OpenCV 5 and OIIO 3.x from PyPI; Debian's OpenCV 4.6 and OIIO 2.4 as
a second row where they differ), on the same pixels: 4K -> 1080p resize (lanczos3 vs cv2
INTER_LANCZOS4, mitchell vs INTER_CUBIC, box vs INTER_AREA; OIIO with the same filter names;
lanczos3 on u8 too), gaussian blur vs cv2.GaussianBlur, a 1080p rotation vs OIIO's rotate,
and over vs OIIO's over. OpenCV runs on vfxpy.threads() threads.

OpenCV's filters are fixed-size (Lanczos4 = 8 taps, cubic = 4 taps, never widened when
shrinking), so it does less work than vfxpy and OIIO, which widen the filter by the
shrink factor (12 taps at 2x) to anti-alias; the rows compare the tools as users call them."""

import numpy as np

import bench_peers
import vfxpy
from vfxpy import ops

CV_SETUP = """
import cv2
cv2.setNumThreads(peer_threads)
"""

OIIO_SETUP = """
import OpenImageIO as oiio

def oiio_buf(arr):
    h, w, c = arr.shape
    buf = oiio.ImageBuf(oiio.ImageSpec(w, h, c, "float"))
    buf.set_pixels(oiio.ROI(), arr)
    return buf
"""


def run(row, best_of, args):
    w, h = 3840, 2160
    r = max(3, args.repeat // 2)
    rng = np.random.default_rng(0)
    base = rng.uniform(0, 1, (h, w, 4)).astype(np.float32)
    img = vfxpy.Image(base)
    codes = (base * 255 + 0.5).astype(np.uint8)
    hd = np.ascontiguousarray(base[:1080, :1920])
    fg = rng.uniform(0, 1, (h, w, 4)).astype(np.float32)
    fg[..., :3] *= fg[..., 3:]

    def cv_rows(name, ours, peer_name, stmt, data):
        bench_peers.rows(row, name, ours, peer_name, stmt, setup=CV_SETUP, data=data, repeat=r)

    def oiio_rows(name, ours, peer_name, stmt, setup, data, repeat=r):
        bench_peers.rows(row, name, ours, peer_name, stmt, setup=OIIO_SETUP + setup, data=data, repeat=repeat)

    print("ops, 4K f32 RGBA:")
    try:
        resize_setup = "src_buf = oiio_buf(base)\nroi = oiio.ROI(0, 1920, 0, 1080, 0, 1, 0, 4)\n"
        for ours_name, cv_flag, cv_name in (("lanczos3", "INTER_LANCZOS4", "cv2 INTER_LANCZOS4"),
                                            ("mitchell", "INTER_CUBIC", "cv2 INTER_CUBIC")):
            ours = best_of(lambda: ops.resize(img, 1920, 1080, filter=ours_name), r)
            cv_rows(f"resize 4K->1080p {ours_name}", ours, cv_name,
                    f"cv2.resize(base, (1920, 1080), interpolation=cv2.{cv_flag})", {"base": base})
            oiio_rows(f"resize 4K->1080p {ours_name}", ours, "OIIO resize",
                      f"oiio.ImageBufAlgo.resize(src_buf, filtername={ours_name!r}, roi=roi)", resize_setup,
                      {"base": base})
        ours = best_of(lambda: ops.resize(img, 1920, 1080, filter="box"), r)
        cv_rows("resize 4K->1080p box", ours, "cv2 INTER_AREA",
                "cv2.resize(base, (1920, 1080), interpolation=cv2.INTER_AREA)", {"base": base})
        ours = best_of(lambda: ops.blur(img, sigma=2.0), r)
        cv_rows("gaussian blur sigma 2 (13 taps)", ours, "cv2.GaussianBlur",
                "cv2.GaussianBlur(base, (13, 13), 2.0, borderType=cv2.BORDER_REPLICATE)", {"base": base})
        codes_img = vfxpy.Image(codes)
        ours = best_of(lambda: ops.resize(codes_img, 1920, 1080, filter="lanczos3"), r)
        cv_rows("resize 4K->1080p lanczos3 u8", ours, "cv2 INTER_LANCZOS4 u8",
                "cv2.resize(codes, (1920, 1080), interpolation=cv2.INTER_LANCZOS4)", {"codes": codes})
        hd_img = vfxpy.Image(hd)
        ours = best_of(lambda: ops.rotate(hd_img, 10, filter="bilinear"), r)
        oiio_rows("rotate 10 deg 1080p bilinear", ours, "OIIO rotate triangle",
                  "oiio.ImageBufAlgo.rotate(hd_buf, np.radians(-10), filtername='triangle')", "hd_buf = oiio_buf(hd)\n",
                  {"hd": hd}, repeat=2)
        fg_img = vfxpy.Image(fg)
        ours = best_of(lambda: ops.over(fg_img, img), r)
        oiio_rows("over", ours, "OIIO over", "oiio.ImageBufAlgo.over(fg_buf, src_buf)",
                  "fg_buf = oiio_buf(fg)\nsrc_buf = oiio_buf(base)\n", {"fg": fg, "base": base})
    finally:
        for peer in bench_peers.peers():
            peer.forget(base, codes, hd, fg)
