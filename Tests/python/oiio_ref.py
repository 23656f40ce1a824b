"""OpenImageIO as the independent reference, run in a separate process.

Tests hand pixels over as .npy files and get OIIO's view of a file back the same way,
so OIIO (Debian's python3-openimageio, under /usr/bin/python3) never shares a process
with vfxpy.
"""

import json
import subprocess
import textwrap
from pathlib import Path

import numpy as np

from reference_process import DEBIAN_PYTHON, checked, run_helper

_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import OpenImageIO as oiio

    def jsonable(value):
        if isinstance(value, (int, float, str)) or value is None:
            return value
        if isinstance(value, (tuple, list)):
            return [jsonable(v) for v in value]
        try:
            return value.tolist()
        except AttributeError:
            return str(value)

    request = json.loads(sys.argv[1])
    op = request["op"]
    if op == "read":
        inp = oiio.ImageInput.open(request["path"])
        if inp is None:
            print(json.dumps({"error": oiio.geterror()})); sys.exit(0)
        sub = request.get("subimage", 0)
        if not inp.seek_subimage(sub, 0):
            print(json.dumps({"error": inp.geterror()})); sys.exit(0)
        spec = inp.spec()
        fmt = request.get("format") or "unknown"
        pixels = inp.read_image(0, spec.nchannels, fmt)
        if pixels is None:
            print(json.dumps({"error": inp.geterror()})); sys.exit(0)
        pixels = np.asarray(pixels).reshape(spec.height, spec.width, spec.nchannels)
        np.save(request["out"], pixels)
        attrs = {p.name: jsonable(p.value) for p in spec.extra_attribs}
        print(json.dumps({
            "width": spec.width, "height": spec.height, "channels": spec.nchannels,
            "x": spec.x, "y": spec.y, "full_x": spec.full_x, "full_y": spec.full_y,
            "full_width": spec.full_width, "full_height": spec.full_height,
            "channel_names": list(spec.channelnames), "format": str(spec.format),
            "channel_formats": [str(f) for f in spec.channelformats],
            "tile_width": spec.tile_width, "tile_height": spec.tile_height,
            "attributes": attrs, "dtype": str(pixels.dtype),
        }))
        inp.close()
    elif op == "write":
        pixels = np.load(request["pixels"])
        h, w, c = pixels.shape
        spec = oiio.ImageSpec(w, h, c, request["format"])
        if request.get("channel_names"):
            spec.channelnames = tuple(request["channel_names"])
        if request.get("channel_formats"):
            spec.channelformats = tuple(oiio.TypeDesc(f) for f in request["channel_formats"])
        for key, value in request.get("attributes", {}).items():
            spec.attribute(key, value)
        if request.get("tile"):
            spec.tile_width, spec.tile_height = request["tile"]
        if request.get("origin"):
            spec.x, spec.y = request["origin"]
        if request.get("full"):
            spec.full_x, spec.full_y, spec.full_width, spec.full_height = request["full"]
        out = oiio.ImageOutput.create(request["path"])
        if out is None or not out.open(request["path"], spec):
            print(json.dumps({"error": oiio.geterror() if out is None else out.geterror()})); sys.exit(0)
        ok = out.write_image(pixels)
        out.close()
        print(json.dumps({"ok": bool(ok), "error": "" if ok else out.geterror()}))
    '''
)


def _call(request):
    return checked(run_helper(_HELPER, request, label="OIIO"), "OIIO")


def oiio_read(path, tmp_path, *, format=None, subimage=0):
    """OIIO's pixels (H, W, C numpy array, in the file's type unless format names one:
    'half', 'float', 'uint8', 'uint16') and its spec as a dict."""
    out = Path(tmp_path) / f"oiio_read_{Path(path).name}.npy"
    spec = _call({"op": "read", "path": str(path), "out": str(out), "format": format, "subimage": subimage})
    return np.load(out), spec


def oiio_write(path, pixels, tmp_path, *, format=None, attributes=None, channel_names=None, tile=None,
               origin=None, full=None, channel_formats=None):
    """Writes pixels (H, W, C) with OIIO. format: 'uint8', 'uint16', 'half', 'float',
    'uint10' (DPX) ...; attributes: e.g. {'compression': 'dwaa:45'}; channel_formats: one
    type per channel where they differ (OIIO converts the pixels to each, normalizing
    float to integer types)."""
    pixels = np.asarray(pixels)
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    src = Path(tmp_path) / f"oiio_write_{Path(path).name}.npy"
    np.save(src, pixels)
    fmt = format or {np.dtype(np.uint8): "uint8", np.dtype(np.uint16): "uint16",
                     np.dtype(np.float16): "half", np.dtype(np.float32): "float"}[pixels.dtype]
    return _call({"op": "write", "path": str(path), "pixels": str(src), "format": fmt,
                  "attributes": attributes or {}, "channel_names": channel_names, "tile": tile,
                  "origin": origin, "full": full, "channel_formats": channel_formats})


_CONFIG_READ_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import OpenImageIO as oiio

    request = json.loads(sys.argv[1])
    config = oiio.ImageSpec()
    for key, value in request["config"].items():
        config.attribute(key, value)
    inp = oiio.ImageInput.open(request["path"], config)
    if inp is None:
        print(json.dumps({"error": oiio.geterror()})); sys.exit(0)
    if not inp.seek_subimage(request.get("subimage", 0), 0):
        print(json.dumps({"error": inp.geterror()})); sys.exit(0)
    spec = inp.spec()
    pixels = inp.read_image(request.get("subimage", 0), 0, 0, spec.nchannels, request.get("format") or spec.format)
    if pixels is None:
        print(json.dumps({"error": inp.geterror()})); sys.exit(0)
    np.save(request["out"], np.asarray(pixels).reshape(spec.height, spec.width, spec.nchannels))
    def jsonable(value):
        if isinstance(value, (int, float, str)) or value is None:
            return value
        try:
            return value.tolist()
        except AttributeError:
            return str(value)
    print(json.dumps({
        "width": spec.width, "height": spec.height, "channels": spec.nchannels,
        "channel_names": list(spec.channelnames), "format": str(spec.format),
        "tile_width": spec.tile_width, "tile_height": spec.tile_height,
        "attributes": {p.name: jsonable(p.value) for p in spec.extra_attribs},
    }))
    inp.close()
    '''
)


def oiio_read_config(path, tmp_path, config, *, format=None, subimage=0):
    """Like oiio_read, with ImageInput configuration hints, e.g.
    {'oiio:UnassociatedAlpha': 1} to get PNG/TIFF alpha as stored instead of OIIO's
    default of premultiplying on read. Pixels come in the file's own type."""
    out = Path(tmp_path) / f"oiio_read_config_{Path(path).name}.npy"
    request = {"path": str(path), "out": str(out), "config": config, "format": format, "subimage": subimage}
    answer = checked(run_helper(_CONFIG_READ_HELPER, request, label="OIIO"), "OIIO")
    return np.load(out), answer


_MULTIPART_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import OpenImageIO as oiio

    request = json.loads(sys.argv[1])
    specs, arrays = [], []
    for part in request["parts"]:
        pixels = np.load(part["pixels"])
        h, w, c = pixels.shape
        spec = oiio.ImageSpec(w, h, c, part["format"])
        if part.get("channel_names"):
            spec.channelnames = tuple(part["channel_names"])
        if part.get("full"):
            spec.full_x, spec.full_y, spec.full_width, spec.full_height = part["full"]
        for key, value in part.get("attributes", {}).items():
            spec.attribute(key, value)
        specs.append(spec)
        arrays.append(pixels)
    out = oiio.ImageOutput.create(request["path"])
    if out is None or not out.open(request["path"], tuple(specs)):
        print(json.dumps({"error": oiio.geterror() if out is None else out.geterror()})); sys.exit(0)
    ok = True
    for index, pixels in enumerate(arrays):
        if index > 0:
            ok = ok and out.open(request["path"], specs[index], "AppendSubimage")
        ok = ok and out.write_image(pixels)
    out.close()
    print(json.dumps({"ok": bool(ok), "error": "" if ok else out.geterror()}))
    '''
)


def oiio_write_multipart(path, parts, tmp_path):
    """Writes a multi-part file with OIIO. parts: a list of dicts with 'pixels' (H, W, C
    array) and optional 'format', 'channel_names', 'full' (x, y, w, h: OpenEXR wants one
    display window for all parts), 'attributes' (e.g. {'name': 'beauty'})."""
    request_parts = []
    for index, part in enumerate(parts):
        pixels = np.asarray(part["pixels"])
        if pixels.ndim == 2:
            pixels = pixels[:, :, None]
        src = Path(tmp_path) / f"oiio_part{index}_{Path(path).name}.npy"
        np.save(src, pixels)
        fmt = part.get("format") or {np.dtype(np.float16): "half", np.dtype(np.float32): "float"}[pixels.dtype]
        request_parts.append({"pixels": str(src), "format": fmt, "channel_names": part.get("channel_names"),
                              "full": part.get("full"), "attributes": part.get("attributes", {})})
    answer = checked(run_helper(_MULTIPART_HELPER, {"path": str(path), "parts": request_parts}, label="OIIO"),
                     "OIIO")
    return answer


_PART_READ_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import OpenImageIO as oiio

    request = json.loads(sys.argv[1])
    inp = oiio.ImageInput.open(request["path"])
    if inp is None:
        print(json.dumps({"error": oiio.geterror()})); sys.exit(0)
    sub = request["subimage"]
    if not inp.seek_subimage(sub, 0):
        print(json.dumps({"error": inp.geterror()})); sys.exit(0)
    spec = inp.spec()
    pixels = inp.read_image(sub, 0, 0, spec.nchannels, request.get("format") or "unknown")
    if pixels is None:
        print(json.dumps({"error": inp.geterror()})); sys.exit(0)
    np.save(request["out"], np.asarray(pixels).reshape(spec.height, spec.width, spec.nchannels))
    print(json.dumps({"width": spec.width, "height": spec.height, "channels": spec.nchannels,
                      "channel_names": list(spec.channelnames), "format": str(spec.format),
                      "attributes": {p.name: (p.value if isinstance(p.value, (int, float, str)) else str(p.value))
                                     for p in spec.extra_attribs}}))
    inp.close()
    '''
)


def oiio_read_part(path, tmp_path, subimage, *, format=None):
    """OIIO's pixels and spec of one part of a multi-part file (``oiio_read`` reads the
    pixels of part 0 whatever its ``subimage``, because its ``read_image`` call names no
    subimage)."""
    out = Path(tmp_path) / f"oiio_part{subimage}_{Path(path).name}.npy"
    result = subprocess.run([DEBIAN_PYTHON, "-c", _PART_READ_HELPER,
                             json.dumps({"path": str(path), "out": str(out), "subimage": subimage,
                                         "format": format})],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"OIIO helper failed: {result.stderr}")
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    if answer.get("error"):
        raise RuntimeError(f"OIIO: {answer['error']}")
    return np.load(out), answer
