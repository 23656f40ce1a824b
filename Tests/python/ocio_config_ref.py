"""OpenColorIO 2.1 configs as the independent reference for vfxpy.ocio, run in a separate
process: Debian's PyOpenColorIO (under /usr/bin/python3) reads the same config file,
builds each requested processor, applies it to the same pixels and hands the results
back as .npy files, so OCIO never shares a process with vfxpy.

The CPU processor is ``getOptimizedCPUProcessor(F32, F32, OPTIMIZATION_DEFAULT without
OPTIMIZATION_FAST_LOG_EXP_POW)``: OCIO's default steps (the ops combined as a user's
processor combines them), without the approximate pow/log the flag allows in OCIO's CPU
renderer. (Debian's 2.1.2 build gives the same bits either way on test_ocio.py's config,
measured; the flag stays off so the reference never depends on the approximation.)
"""

import textwrap
from pathlib import Path

import numpy as np

from reference_process import checked, run_helper

_HELPER = textwrap.dedent(
    r'''
    import json, sys
    import numpy as np
    import PyOpenColorIO as OCIO

    OCIO.SetLoggingLevel(OCIO.LOGGING_LEVEL_NONE)
    request = json.loads(sys.argv[1])
    flags = OCIO.OptimizationFlags(int(OCIO.OPTIMIZATION_DEFAULT) & ~int(OCIO.OPTIMIZATION_FAST_LOG_EXP_POW))
    interps = {"linear": OCIO.INTERP_LINEAR, "tetrahedral": OCIO.INTERP_TETRAHEDRAL, "nearest": OCIO.INTERP_NEAREST,
               "best": OCIO.INTERP_BEST, "default": OCIO.INTERP_DEFAULT, "cubic": OCIO.INTERP_CUBIC}
    try:
        config = OCIO.Config.CreateFromFile(request["config"])
        pixels = np.ascontiguousarray(np.load(request["pixels"]), dtype=np.float32)
        answers = []
        for index, job in enumerate(request["jobs"]):
            direction = OCIO.TRANSFORM_DIR_INVERSE if job.get("inverse") else OCIO.TRANSFORM_DIR_FORWARD
            if job["kind"] == "spaces":
                if job.get("looks"):
                    t = OCIO.LookTransform(src=job["src"], dst=job["dst"], looks=job["looks"], direction=direction)
                else:
                    t = OCIO.ColorSpaceTransform(src=job["src"], dst=job["dst"], direction=direction)
                processor = config.getProcessor(t)
            elif job["kind"] == "display":
                t = OCIO.DisplayViewTransform(src=job["src"], display=job["display"], view=job["view"])
                if job.get("looks") is not None:
                    pipeline = OCIO.LegacyViewingPipeline()
                    pipeline.setDisplayViewTransform(t)
                    pipeline.setLooksOverrideEnabled(True)
                    pipeline.setLooksOverride(job["looks"])
                    processor = pipeline.getProcessor(config)
                    if job.get("inverse"):
                        processor = config.getProcessor(processor.createGroupTransform(), direction)
                else:
                    t.setDirection(direction)
                    processor = config.getProcessor(t)
            else:
                t = OCIO.FileTransform(src=job["path"], interpolation=interps[job.get("interpolation", "best")],
                                       direction=direction)
                processor = config.getProcessor(t)
            flat = pixels.reshape(-1, 4).copy()
            processor.getOptimizedCPUProcessor(OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, flags).applyRGBA(flat)
            out = f"{request['out']}_{index}.npy"
            np.save(out, flat.reshape(pixels.shape))
            answers.append({"out": out, "cache_id": processor.getCacheID(), "noop": processor.isNoOp()})
        print(json.dumps({"ok": True, "answers": answers}))
    except Exception as error:
        print(json.dumps({"error": str(error)}))
    '''
)


def ocio_config_apply(config_path, jobs, pixels, tmp_path):
    """Each job (a dict: kind 'spaces' with src, dst, looks; 'display' with src,
    display, view, looks; 'file' with path, interpolation; all with inverse) applied by
    OCIO with the config at ``config_path`` to ``pixels`` (..., 4) float32. Returns a
    list of (result, cache_id, is_noop)."""
    pixels = np.ascontiguousarray(pixels, dtype=np.float32)
    src = Path(tmp_path) / "ocio_cfg_in.npy"
    np.save(src, pixels)
    request = {"config": str(config_path), "jobs": jobs, "pixels": str(src), "out": str(Path(tmp_path) / "ocio_cfg_out")}
    answer = checked(run_helper(_HELPER, request, label="OCIO config"), "OCIO config")
    return [(np.load(a["out"]), a["cache_id"], a["noop"]) for a in answer["answers"]]
