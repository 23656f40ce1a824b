"""OpenColorIO 2.1 builtin transforms as the independent reference for transfer curves
and color-space conversions, run in a separate process.

Tests hand RGB rows (N×3 float32) over as .npy files; the helper (Debian's
python3-pyopencolorio under /usr/bin/python3) applies a chain of OCIO transforms and
saves the result. It also splits a builtin into its parts: the product of its
MatrixTransforms and the output of its other (curve) transforms alone, so a test can
check a curve and a matrix separately.

CPU processor: ``getOptimizedCPUProcessor(F32, F32, OPTIMIZATION_NONE)`` — no op
combining and no LUT-baking of pow/log (OPTIMIZATION_FAST_LOG_EXP_POW is off). Measured
with OCIO 2.1.2: its LogCameraTransform output stays within 7e-7 relative of the same
formula in float64 (so no coarse approximation is in play), and default/NONE/LOSSLESS
give identical results. Some builtins are LUTs inside OCIO itself (ST-2084: 4096-entry
1D LUT over [0, 1]; Canon Log 3 and ACEScc: 4096-entry LUTs): tests compare those at the
LUT's grid points and state the interpolation tolerance elsewhere.
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

    config = OCIO.Config.CreateRaw()

    def transform(spec):
        direction = OCIO.TRANSFORM_DIR_INVERSE if spec.get("inverse") else OCIO.TRANSFORM_DIR_FORWARD
        if "builtin" in spec:
            return OCIO.BuiltinTransform(spec["builtin"], direction)
        if "log_affine" in spec:
            p = spec["log_affine"]
            t = OCIO.LogAffineTransform()
            t.setBase(p["base"])
            t.setLogSideSlopeValue([p["log_slope"]] * 3)
            t.setLogSideOffsetValue([p["log_offset"]] * 3)
            t.setLinSideSlopeValue([p["lin_slope"]] * 3)
            t.setLinSideOffsetValue([p["lin_offset"]] * 3)
            t.setDirection(direction)
            return t
        if "exponent" in spec:
            t = OCIO.ExponentTransform([spec["exponent"]] * 3 + [1.0])
            t.setNegativeStyle(OCIO.NEGATIVE_MIRROR if spec.get("mirror") else OCIO.NEGATIVE_CLAMP)
            t.setDirection(direction)
            return t
        raise ValueError(spec)

    def cpu(t):
        return config.getProcessor(t).getOptimizedCPUProcessor(
            OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_NONE)

    def run(processor, rgb):
        out = np.ascontiguousarray(rgb, dtype=np.float32).copy()
        processor.applyRGB(out)
        return out

    request = json.loads(sys.argv[1])
    rgb = np.load(request["rgb"]).astype(np.float32)
    group = OCIO.GroupTransform()
    for spec in request["chain"]:
        group.appendTransform(transform(spec))
    answer = {}
    np.save(request["out"], run(cpu(group), rgb))
    if request.get("split"):
        parts = config.getProcessor(group).createGroupTransform()
        matrix = np.eye(4)
        curve = OCIO.GroupTransform()
        names = []
        for part in parts:
            names.append(type(part).__name__)
            if isinstance(part, OCIO.MatrixTransform):
                assert not any(part.getOffset()), "matrix with offset"
                m = np.array(part.getMatrix(), dtype=np.float64).reshape(4, 4)
                matrix = (np.linalg.inv(m) if part.getDirection() == OCIO.TRANSFORM_DIR_INVERSE else m) @ matrix
            else:
                curve.appendTransform(part)
        np.save(request["curve_out"], run(cpu(curve), rgb))
        answer["matrix"] = matrix[:3, :3].tolist()
        answer["parts"] = names
    print(json.dumps(answer))
    '''
)


def ocio_apply(chain, rgb, tmp_path, *, split=False):
    """Applies OCIO transforms to ``rgb`` (N×3). ``chain`` items: {"builtin": style,
    "inverse": bool}, {"log_affine": {...}}, {"exponent": g, "mirror": bool}. Returns the
    output; with ``split`` returns (output, curve-only output, 3×3 matrix, part names)."""
    tmp_path = Path(tmp_path)
    index = len(list(tmp_path.glob("ocio_in_*.npy")))
    src, out, curve_out = (tmp_path / f"ocio_{k}_{index}.npy" for k in ("in", "out", "curve"))
    np.save(src, np.ascontiguousarray(rgb, dtype=np.float32).reshape(-1, 3))
    request = {"rgb": str(src), "out": str(out), "curve_out": str(curve_out), "chain": chain, "split": split}
    answer = run_helper(_HELPER, request, label="OCIO")
    if not split:
        return np.load(out)
    return np.load(out), np.load(curve_out), np.array(answer["matrix"]), answer["parts"]
