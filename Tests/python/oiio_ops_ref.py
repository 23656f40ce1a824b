"""OpenImageIO's ImageBufAlgo (and OpenCV, when python3-opencv is installed) as the
independent references of vfxpy.ops, run in a separate /usr/bin/python3 process.

Images go over as .npy files (float32, H x W x C); each call names an ImageBufAlgo
function and its arguments; the result comes back as float32 with its data window
origin (OIIO's fit() keeps the picture in a data window instead of padding).
"""

import subprocess
import textwrap
from pathlib import Path

import numpy as np

from reference_process import DEBIAN_PYTHON, checked, run_helper

_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np

    request = json.loads(sys.argv[1])
    inputs = [np.load(p) for p in request["inputs"]]
    op, kw = request["op"], request["kwargs"]
    origin = [0, 0]
    if request["library"] == "oiio":
        import OpenImageIO as oiio
        iba = oiio.ImageBufAlgo
        bufs = []
        for arr in inputs:
            buf = oiio.ImageBuf(oiio.ImageSpec(arr.shape[1], arr.shape[0], arr.shape[2], "float"))
            buf.set_pixels(oiio.ROI(), arr)
            bufs.append(buf)
        if op == "resize":
            roi = oiio.ROI(0, kw["width"], 0, kw["height"], 0, 1, 0, inputs[0].shape[2])
            out = iba.resize(bufs[0], filtername=kw["filter"], roi=roi)
        elif op == "resample":
            roi = oiio.ROI(0, kw["width"], 0, kw["height"], 0, 1, 0, inputs[0].shape[2])
            out = iba.resample(bufs[0], interpolate=kw["interpolate"], roi=roi)
        elif op == "fit":
            roi = oiio.ROI(0, kw["width"], 0, kw["height"], 0, 1, 0, inputs[0].shape[2])
            out = iba.fit(bufs[0], filtername=kw["filter"], roi=roi)
        elif op == "rotate":
            out = iba.rotate(bufs[0], kw["radians"], filtername=kw["filter"])
        elif op == "over":
            out = iba.over(bufs[0], bufs[1])
        elif op in ("flip", "flop", "rotate90", "rotate180", "rotate270", "transpose"):
            out = getattr(iba, op)(bufs[0])
        elif op == "cut":
            x, y, w, h = kw["x"], kw["y"], kw["width"], kw["height"]
            out = iba.cut(bufs[0], oiio.ROI(x, x + w, y, y + h, 0, 1, 0, inputs[0].shape[2]))
        elif op == "median":
            out = iba.median_filter(bufs[0], kw["size"], kw["size"])
        elif op in ("dilate", "erode"):
            out = getattr(iba, op)(bufs[0], kw["size"], kw["size"])
        elif op == "unsharp_mask":
            out = iba.unsharp_mask(bufs[0], "gaussian", kw["width"], kw["contrast"], kw["threshold"])
        else:
            raise SystemExit(f"unknown op {op}")
        if out.has_error:
            print(json.dumps({"error": out.geterror()})); sys.exit(0)
        spec = out.spec()
        origin = [spec.x, spec.y]
        result = np.asarray(out.get_pixels(oiio.FLOAT)).reshape(spec.height, spec.width, spec.nchannels)
    else:
        import cv2
        src = inputs[0]
        replicate = cv2.BORDER_REPLICATE
        if op == "resize":
            flag = {"lanczos4": cv2.INTER_LANCZOS4, "cubic": cv2.INTER_CUBIC, "area": cv2.INTER_AREA,
                    "linear": cv2.INTER_LINEAR}[kw["interpolation"]]
            result = cv2.resize(src, (kw["width"], kw["height"]), interpolation=flag)
        elif op == "gaussian":
            k = 2 * kw["radius"] + 1
            result = cv2.GaussianBlur(src, (k, k), kw["sigma"], sigmaY=kw["sigma"], borderType=replicate)
        elif op == "box":
            result = cv2.blur(src, (kw["size"], kw["size"]), borderType=replicate)
        elif op == "median":
            result = cv2.medianBlur(src, kw["size"])
        elif op in ("dilate", "erode"):
            kernel = np.ones((kw["size"], kw["size"]), np.uint8)
            result = getattr(cv2, op)(src, kernel, borderType=replicate)
        else:
            raise SystemExit(f"unknown op {op}")
        result = np.asarray(result, np.float32).reshape(src.shape[0] if op != "resize" else kw["height"],
                                                        src.shape[1] if op != "resize" else kw["width"], -1)
    np.save(request["out"], np.ascontiguousarray(result, np.float32))
    print(json.dumps({"origin": origin}))
    '''
)


def _run(library, op, inputs, tmp_path, **kwargs):
    paths = []
    for index, arr in enumerate(inputs):
        arr = np.asarray(arr, np.float32)
        if arr.ndim == 2:
            arr = arr[:, :, None]
        path = Path(tmp_path) / f"{library}_{op}_in{index}.npy"
        np.save(path, np.ascontiguousarray(arr))
        paths.append(str(path))
    out = Path(tmp_path) / f"{library}_{op}_out.npy"
    request = {"library": library, "op": op, "inputs": paths, "kwargs": kwargs, "out": str(out)}
    answer = checked(run_helper(_HELPER, request, label=library), library)
    return np.load(out), tuple(answer["origin"])


def oiio(op, *inputs, tmp_path, **kwargs):
    """ImageBufAlgo.<op> on float32 copies of inputs; returns (pixels, (x, y) origin)."""
    return _run("oiio", op, inputs, tmp_path, **kwargs)


def opencv_available():
    return subprocess.run([DEBIAN_PYTHON, "-c", "import cv2"], capture_output=True).returncode == 0


def opencv(op, image, *, tmp_path, **kwargs):
    """OpenCV's version of op (resize, gaussian, box, median, dilate, erode) with
    BORDER_REPLICATE edges; returns float32 pixels (H, W, C)."""
    return _run("opencv", op, [image], tmp_path, **kwargs)[0]


def psnr(a, b, peak=1.0):
    """Peak signal-to-noise ratio in dB for values whose range is peak."""
    mse = float(np.mean((np.asarray(a, np.float64) - np.asarray(b, np.float64)) ** 2))
    return float("inf") if mse == 0 else 10 * np.log10(peak * peak / mse)
