"""vfxpy.ops on 4K RGBA (f32 unless said) beside OpenCV (python3-opencv) and
OpenImageIO's ImageBufAlgo, all in this process on the same pixels: 4K -> 1080p resize
(lanczos3 vs cv2 INTER_LANCZOS4, mitchell vs INTER_CUBIC, box vs INTER_AREA; OIIO with
the same filter names; lanczos3 on u8 too), gaussian blur vs cv2.GaussianBlur, a 1080p
rotation vs OIIO's rotate, and over vs OIIO's over. OpenCV runs on vfxpy.threads() threads.

OpenCV's filters are fixed-size (Lanczos4 = 8 taps, cubic = 4 taps, never widened when
shrinking), so it does less work than vfxpy and OIIO, which widen the filter by the
shrink factor (12 taps at 2x) to anti-alias; the rows compare the tools as users call them."""

import numpy as np

import vfxpy
from vfxpy import ops

try:
    import cv2
except ImportError:  # pragma: no cover - bench still runs without OpenCV
    cv2 = None
try:
    import OpenImageIO as oiio
except ImportError:  # pragma: no cover
    oiio = None


def oiio_buf(arr):
    h, w, c = arr.shape
    buf = oiio.ImageBuf(oiio.ImageSpec(w, h, c, "float"))
    buf.set_pixels(oiio.ROI(), arr)
    return buf


def run(row, best_of, args):
    w, h = 3840, 2160
    r = max(3, args.repeat // 2)
    rng = np.random.default_rng(0)
    base = rng.uniform(0, 1, (h, w, 4)).astype(np.float32)
    img = vfxpy.Image(base)
    print("ops, 4K f32 RGBA:")
    if cv2 is not None:
        cv2.setNumThreads(vfxpy.threads())
    src_buf = oiio_buf(base) if oiio else None
    roi = oiio.ROI(0, 1920, 0, 1080, 0, 1, 0, 4) if oiio else None
    for ours_name, cv_flag, cv_name in (("lanczos3", "INTER_LANCZOS4", "cv2 INTER_LANCZOS4"),
                                        ("mitchell", "INTER_CUBIC", "cv2 INTER_CUBIC")):
        ours = best_of(lambda: ops.resize(img, 1920, 1080, filter=ours_name), r)
        if cv2 is not None:
            flag = getattr(cv2, cv_flag)
            row(f"resize 4K->1080p {ours_name}", ours, best_of(lambda: cv2.resize(base, (1920, 1080), interpolation=flag), r),
                cv_name)
        if oiio:
            row(f"resize 4K->1080p {ours_name}", ours,
                best_of(lambda: oiio.ImageBufAlgo.resize(src_buf, filtername=ours_name, roi=roi), r), "OIIO resize")
    if cv2 is not None:
        ours = best_of(lambda: ops.resize(img, 1920, 1080, filter="box"), r)
        row("resize 4K->1080p box", ours, best_of(lambda: cv2.resize(base, (1920, 1080), interpolation=cv2.INTER_AREA), r),
            "cv2 INTER_AREA")
        ours = best_of(lambda: ops.blur(img, sigma=2.0), r)
        row("gaussian blur sigma 2 (13 taps)", ours,
            best_of(lambda: cv2.GaussianBlur(base, (13, 13), 2.0, borderType=cv2.BORDER_REPLICATE), r),
            "cv2.GaussianBlur")
    codes = (base * 255 + 0.5).astype(np.uint8)
    codes_img = vfxpy.Image(codes)
    ours = best_of(lambda: ops.resize(codes_img, 1920, 1080, filter="lanczos3"), r)
    if cv2 is not None:
        row("resize 4K->1080p lanczos3 u8", ours,
            best_of(lambda: cv2.resize(codes, (1920, 1080), interpolation=cv2.INTER_LANCZOS4), r), "cv2 INTER_LANCZOS4 u8")
    if oiio:
        hd = np.ascontiguousarray(base[:1080, :1920])
        hd_img, hd_buf = vfxpy.Image(hd), oiio_buf(hd)
        ours = best_of(lambda: ops.rotate(hd_img, 10, filter="bilinear"), r)
        row("rotate 10 deg 1080p bilinear", ours,
            best_of(lambda: oiio.ImageBufAlgo.rotate(hd_buf, np.radians(-10), filtername="triangle"), 2), "OIIO rotate triangle")
        fg = rng.uniform(0, 1, (h, w, 4)).astype(np.float32)
        fg[..., :3] *= fg[..., 3:]
        fg_img, fg_buf = vfxpy.Image(fg), oiio_buf(fg)
        ours = best_of(lambda: ops.over(fg_img, img), r)
        row("over", ours, best_of(lambda: oiio.ImageBufAlgo.over(fg_buf, src_buf), r), "OIIO over")
