"""OpenColorIO as the independent reference for CLF/CTF files, run in a separate process.

Debian's PyOpenColorIO 2.1.2 runs under /usr/bin/python3 and never shares a process with
vfxpy; pixels go over as .npy files. Files are applied with OCIO's FileTransform and a
CPU processor built with OPTIMIZATION_NONE: no op folding, no fast pow/log/exp
approximations (OCIO's SSE `sseLog2`/`sseExp2`/`ssePower` are used only when
OPTIMIZATION_FAST_LOG_EXP_POW is set), exact inverse 1D LUTs (no fast-LUT baking).
"""

import textwrap
from pathlib import Path

import numpy as np

from reference_process import run_helper

_HELPER = textwrap.dedent(
    r'''
    import json, sys, traceback
    import numpy as np
    import PyOpenColorIO as OCIO

    def with_(transform, **setters):
        """transform.setX(value) for each X=value; returns transform."""
        for key, value in setters.items():
            getattr(transform, "set" + key[0].upper() + key[1:])(value)
        return transform

    request = json.loads(sys.argv[1])
    config = OCIO.Config.CreateRaw()
    if request["op"] == "apply":
        pixels = np.load(request["pixels"]).astype(np.float32)
        results = {}
        for path, out in request["files"]:
            try:
                transform = OCIO.FileTransform(src=path, interpolation=OCIO.INTERP_DEFAULT)
                processor = config.getProcessor(transform)
                cpu = processor.getOptimizedCPUProcessor(OCIO.OPTIMIZATION_NONE)
                result = np.ascontiguousarray(pixels.reshape(-1, 4)).copy()
                cpu.applyRGBA(result)
                np.save(out, result.reshape(pixels.shape))
                results[path] = ""
            except Exception as error:
                results[path] = str(error) or repr(error)
        print(json.dumps({"results": results}))
    elif request["op"] == "write":
        for item in request["items"]:
            transforms = eval(item["code"], {"OCIO": OCIO, "np": np, "with_": with_})
            group = OCIO.GroupTransform()
            for t in transforms:
                group.appendTransform(t)
            group.write(formatName=item["format"], fileName=item["path"], config=config)
        print(json.dumps({"ok": True}))
    '''
)


def _call(request):
    return run_helper(_HELPER, request, label="OCIO", timeout=600)


def ocio_apply_files(paths, pixels, tmp_path):
    """Applies each CLF/CTF file in ``paths`` to ``pixels`` (..., 4) float32 with OCIO.
    Returns {path: array} for files OCIO applied and {path: error text} for the others."""
    tmp_path = Path(tmp_path)
    source = tmp_path / "ocio_pixels.npy"
    np.save(source, np.asarray(pixels, dtype=np.float32))
    files = [(str(p), str(tmp_path / f"ocio_out_{i}.npy")) for i, p in enumerate(paths)]
    answer = _call({"op": "apply", "pixels": str(source), "files": files})["results"]
    out = {}
    for path, npy in files:
        out[path] = np.load(npy) if answer[path] == "" else answer[path]
    return out


def ocio_write_files(items):
    """Writes files with OCIO's GroupTransform.write. ``items``: (path, format, code) with
    format 'Academy/ASC Common LUT Format' or 'Color Transform Format' and code a Python
    expression (OCIO, np and with_(transform, **setters) in scope) giving the list of transforms."""
    _call({"op": "write", "items": [{"path": str(p), "format": f, "code": c} for p, f, c in items]})
