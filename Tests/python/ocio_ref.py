"""OpenColorIO 2.1 as the independent reference for LUT files, run in a separate process.

Tests hand pixels over as .npy files; Debian's PyOpenColorIO (under /usr/bin/python3)
applies a LUT file with a FileTransform and hands the result back the same way, so OCIO
never shares a process with vfxpy.

The processor is ``getOptimizedCPUProcessor(F32, F32, OPTIMIZATION_NONE)``: OCIO's
default (OPTIMIZATION_VERY_GOOD) includes OPTIMIZATION_FAST_LOG_EXP_POW and
OPTIMIZATION_LUT_INV_FAST (approximate pow/log and a baked, approximate inverse 1D LUT)
and combines neighbouring ops; OPTIMIZATION_NONE runs each op of the file exactly as
written, which is the reference we want.
"""

import textwrap
from pathlib import Path

import numpy as np

from reference_process import run_helper

_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import PyOpenColorIO as OCIO

    OCIO.SetLoggingLevel(OCIO.LOGGING_LEVEL_NONE)
    request = json.loads(sys.argv[1])
    interps = {"linear": OCIO.INTERP_LINEAR, "tetrahedral": OCIO.INTERP_TETRAHEDRAL,
               "trilinear": OCIO.INTERP_LINEAR, "best": OCIO.INTERP_BEST, "default": OCIO.INTERP_DEFAULT}
    try:
        config = OCIO.Config.CreateRaw()
        group = OCIO.GroupTransform()
        for step in request["steps"]:
            t = OCIO.FileTransform(src=step["path"], interpolation=interps[step.get("interpolation", "default")],
                                   direction=OCIO.TRANSFORM_DIR_INVERSE if step.get("inverse")
                                   else OCIO.TRANSFORM_DIR_FORWARD)
            group.appendTransform(t)
        processor = config.getProcessor(group)
        cpu = processor.getOptimizedCPUProcessor(OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_NONE)
        pixels = np.ascontiguousarray(np.load(request["pixels"]), dtype=np.float32)
        flat = pixels.reshape(-1, 4)
        cpu.applyRGBA(flat)
        np.save(request["out"], flat.reshape(pixels.shape))
        ops = [type(t).__name__ for t in processor.createGroupTransform()]
        print(json.dumps({"ok": True, "ops": ops}))
    except Exception as error:
        print(json.dumps({"error": str(error)}))
    '''
)


class OCIOError(RuntimeError):
    """OpenColorIO refused the file (message from OCIO)."""


def ocio_apply(paths, pixels, tmp_path, *, interpolation="default", inverse=False):
    """OCIO's FileTransform(s) of ``paths`` (one path or a list, applied in order) on
    ``pixels`` (..., 4) float32. Returns (result, op names)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    pixels = np.ascontiguousarray(pixels, dtype=np.float32)
    src = Path(tmp_path) / "ocio_in.npy"
    out = Path(tmp_path) / "ocio_out.npy"
    np.save(src, pixels)
    request = {"steps": [{"path": str(p), "interpolation": interpolation, "inverse": inverse} for p in paths],
               "pixels": str(src), "out": str(out)}
    answer = run_helper(_HELPER, request, label="OCIO")
    if answer.get("error"):
        raise OCIOError(answer["error"])
    return np.load(out), answer["ops"]
