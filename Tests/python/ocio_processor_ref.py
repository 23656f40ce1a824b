"""OpenColorIO (Debian's PyOpenColorIO 2.1) as the reference for Processor ops, run in a
separate /usr/bin/python3 process. Transforms are described as JSON, pixels go over as
.npy files, and OCIO applies them with a LOSSLESS-optimized float CPU processor (no fast
pow/log approximations), so differences come from float32 arithmetic order only.
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

    def build(spec):
        kind = spec["type"]
        if kind == "exposure_contrast":
            t = OCIO.ExposureContrastTransform()
            t.setStyle(OCIO.EXPOSURE_CONTRAST_LINEAR)
            t.setExposure(spec.get("exposure", 0.0))
            t.setContrast(spec.get("contrast", 1.0))
            t.setPivot(spec.get("pivot", 0.18))
            return t
        if kind == "cdl":
            t = OCIO.CDLTransform()
            t.setSlope(spec["slope"]); t.setOffset(spec["offset"]); t.setPower(spec["power"])
            t.setSat(spec["saturation"])
            t.setStyle(OCIO.CDL_ASC if spec["style"] == "asc" else OCIO.CDL_NO_CLAMP)
            return t
        if kind == "matrix":
            t = OCIO.MatrixTransform()
            t.setMatrix(spec["matrix"]); t.setOffset(spec["offset"])
            return t
        if kind == "group":
            g = OCIO.GroupTransform()
            for child in spec["children"]:
                g.appendTransform(build(child))
            return g
        raise ValueError(kind)

    request = json.loads(sys.argv[1])
    pixels = np.ascontiguousarray(np.load(request["pixels"]), dtype=np.float32)
    config = OCIO.Config.CreateRaw()
    processor = config.getProcessor(build(request["transform"]))
    cpu = processor.getOptimizedCPUProcessor(OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_LOSSLESS)
    h, w, c = pixels.shape
    cpu.applyRGBA(pixels.reshape(-1)) if c == 4 else cpu.applyRGB(pixels.reshape(-1))
    np.save(request["out"], pixels)
    print("ok")
    '''
)


# OCIO's group for the chain the tests grade with:
# .exposure(0.5).saturation(1.2).cdl(slope=(1.1, 1, 0.9), power=1.1).contrast(1.2)
# (saturation is OCIO's CDL saturation with unit slope, offset and power).
TEST_CHAIN_GROUP = {"type": "group", "children": [
    {"type": "exposure_contrast", "exposure": 0.5},
    {"type": "cdl", "slope": [1, 1, 1], "offset": [0, 0, 0], "power": [1, 1, 1], "saturation": 1.2,
     "style": "no_clamp"},
    {"type": "cdl", "slope": [1.1, 1, 0.9], "offset": [0, 0, 0], "power": [1.1, 1.1, 1.1], "saturation": 1,
     "style": "no_clamp"},
    {"type": "exposure_contrast", "contrast": 1.2, "pivot": 0.18}]}


def ocio_apply(transform: dict, pixels, tmp_path) -> np.ndarray:
    """OCIO's result of `transform` on float32 pixels of shape (H, W, 3 or 4)."""
    src = Path(tmp_path) / "ocio_in.npy"
    out = Path(tmp_path) / "ocio_out.npy"
    np.save(src, np.asarray(pixels, np.float32))
    run_helper(_HELPER, {"transform": transform, "pixels": str(src), "out": str(out)}, label="OCIO", answers=False)
    return np.load(out)
