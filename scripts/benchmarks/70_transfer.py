"""Transfer curves on a 4K f32 RGBA image beside OpenColorIO's CPU processor for the same
transform, in the bench's peer processes (OCIO 2.6 from PyPI, Debian's 2.1 as a second row
where it differs). OCIO applies on the calling thread only, so the rows that count are
vfxpy on one core (``set_threads(1)``); rows with every core follow. OCIO has no builtin for
the sRGB curve alone: the sRGB rows use the ExponentWithLinearTransform its sRGB display
builtin is made of, the LogC3 rows the LogCameraTransform of its ARRI builtin, the HLG,
Canon Log 3 and PQ rows OCIO 2.6's curve builtins, and the last rows compare whole builtins. Both sides start from the same pixels each run; the time of
that restore is subtracted. The f16 rows run half plates against OCIO finalized for half
buffers."""

import numpy as np

import bench_peers
import vfxpy
from vfxpy import color, transfer

# The peer side: ``cpu`` applied to ``work`` restored from ``base`` each run.
OCIO_SETUP = """
import PyOpenColorIO as OCIO
work = base.copy()
config = OCIO.Config.CreateRaw()

def cpu_of(transform, inverse=False):
    if inverse:
        transform.setDirection(OCIO.TRANSFORM_DIR_INVERSE)
    return config.getProcessor(transform).getDefaultCPUProcessor()

def half_cpu_of(transform, inverse=False):  # finalized for half buffers in and out
    if inverse:
        transform.setDirection(OCIO.TRANSFORM_DIR_INVERSE)
    return config.getProcessor(transform).getOptimizedCPUProcessor(
        OCIO.BIT_DEPTH_F16, OCIO.BIT_DEPTH_F16, OCIO.OPTIMIZATION_DEFAULT)

def srgb_curve():  # OCIO's sRGB curve: forward = code -> linear
    t = OCIO.ExponentWithLinearTransform()
    t.setGamma([2.4, 2.4, 2.4, 1.0])
    t.setOffset([0.055, 0.055, 0.055, 0.0])
    return t

def logc3_curve():  # the LogCameraTransform of OCIO's ARRI builtin: forward = linear -> code
    arri = OCIO.BuiltinTransform("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1")
    return config.getProcessor(arri).createGroupTransform()[0]
"""

CASES = [  # (name, ours, peer processor, peer name, input)
    ("sRGB decode", lambda img: transfer.srgb_to_linear(img), "cpu_of(srgb_curve())",
     "OCIO ExponentWithLinear", "codes"),
    ("LogC3 decode", lambda img: transfer.decode(img, "logc3"), "cpu_of(logc3_curve(), inverse=True)",
     "OCIO LogCamera (ARRI)", "codes"),
    ("sRGB encode", lambda img: transfer.linear_to_srgb(img), "cpu_of(srgb_curve(), inverse=True)",
     "OCIO ExponentWithLinear inv", "linear"),
    ("LogC3 encode", lambda img: transfer.encode(img, "logc3"), "cpu_of(logc3_curve())",
     "OCIO LogCamera (ARRI)", "linear"),
    # OCIO 2.6's curve builtins (Debian's 2.1 has none of these; its OCIO bakes Canon Log 3
    # into a 4096-entry LUT): HLG, Canon Log 3 and PQ are float32 kernels here.
    ("HLG encode", lambda img: transfer.encode(img, "hlg"), "cpu_of(OCIO.BuiltinTransform('CURVE - HLG-OETF'))",
     "OCIO builtin HLG-OETF", "linear"),
    ("HLG decode", lambda img: transfer.decode(img, "hlg"),
     "cpu_of(OCIO.BuiltinTransform('CURVE - HLG-OETF-INVERSE'))", "OCIO builtin HLG-OETF-INVERSE", "codes"),
    ("Canon Log 3 decode", lambda img: transfer.decode(img, "clog3"),
     "cpu_of(OCIO.BuiltinTransform('CURVE - CANON_CLOG3_to_LINEAR'))", "OCIO builtin CLOG3 (LUT)", "codes"),
    ("PQ decode", lambda img: transfer.decode(img, "pq"),
     "cpu_of(OCIO.BuiltinTransform('CURVE - ST-2084_to_LINEAR'))", "OCIO builtin ST-2084", "codes"),
    ("PQ encode", lambda img: transfer.encode(img, "pq"),
     "cpu_of(OCIO.BuiltinTransform('CURVE - ST-2084_to_LINEAR'), inverse=True)", "OCIO builtin ST-2084 inv",
     "linear"),
    ("LogC3 AWG3 -> ACES2065-1", lambda img: color.convert(img, "ARRI LogC3 (AWG3)", "ACES2065-1", "cat02"),
     "cpu_of(OCIO.BuiltinTransform('ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1'))", "OCIO builtin ARRI", "codes"),
    ("XYZ -> sRGB display", lambda img: color.convert(img, "CIE-XYZ-D65", "sRGB"),
     "cpu_of(OCIO.BuiltinTransform('DISPLAY - CIE-XYZ-D65_to_sRGB'))", "OCIO builtin sRGB", "linear"),
]


# Half plates: the decodes a scan or a log EXR gets, in place on f16 RGBA, against OCIO's
# processor finalized for half buffers. vfxpy runs a leading per-channel curve as one
# lookup table per channel over every half value (ChannelTables), OCIO as its half-code
# 1D LUT where its optimizer makes one.
HALF_CASES = [  # (name, ours, peer processor, peer name)
    ("sRGB decode", lambda img: transfer.srgb_to_linear(img), "half_cpu_of(srgb_curve())", "OCIO ExponentWithLinear"),
    ("LogC3 decode", lambda img: transfer.decode(img, "logc3"),
     "half_cpu_of(logc3_curve(), inverse=True)", "OCIO LogCamera (ARRI)"),
    ("PQ decode", lambda img: transfer.decode(img, "pq"),
     "half_cpu_of(OCIO.BuiltinTransform('CURVE - ST-2084_to_LINEAR'))", "OCIO builtin ST-2084"),
    ("Canon Log 3 decode", lambda img: transfer.decode(img, "clog3"),
     "half_cpu_of(OCIO.BuiltinTransform('CURVE - CANON_CLOG3_to_LINEAR'))", "OCIO builtin CLOG3"),
    ("LogC3 AWG3 -> ACES2065-1", lambda img: color.convert(img, "ARRI LogC3 (AWG3)", "ACES2065-1", "cat02"),
     "half_cpu_of(OCIO.BuiltinTransform('ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1'))", "OCIO builtin ARRI"),
]


def run(row, best_of, args):
    w, h = 3840, 2160
    r = args.repeat
    rng = np.random.default_rng(0)
    inputs = {"codes": rng.uniform(0.0, 1.0, (h, w, 4)).astype(np.float32),
              "linear": rng.uniform(0.0, 1.5, (h, w, 4)).astype(np.float32)}
    work = np.empty_like(inputs["codes"])
    img = vfxpy.Image(work)
    threads = vfxpy.threads()
    print(f"transfer curves, 4K f32 RGBA ({w}x{h}x4), in place; OCIO on its one thread:")

    def fresh(fn, base, work, img, cores=0):
        """fn's time on img (a view of work) restored from base each run, less the restore."""
        def both():
            np.copyto(work, base)
            fn(img)
        vfxpy.set_threads(cores)
        try:
            restore = best_of(lambda: np.copyto(work, base), r)
            return max(best_of(both, r) - restore, 1e-6)
        finally:
            vfxpy.set_threads(0)

    def peer_rows(name, ours, processor, peer_name, base):
        bench_peers.rows(row, name, ours, peer_name, "np.copyto(work, base); cpu.applyRGBA(work.reshape(-1))",
                         setup=OCIO_SETUP + f"cpu = {processor}\n", data={"base": base}, repeat=r,
                         reset="np.copyto(work, base)")

    for name, ours_fn, processor, peer_name, which in CASES:
        base = inputs[which]
        one_core = fresh(ours_fn, base, work, img, cores=1)
        peer_rows(f"{name} (1 core)", one_core, processor, peer_name, base)
        row(f"{name} ({threads} cores vs 1 core)", fresh(ours_fn, base, work, img), one_core, "vfxpy on 1 core")

    halves = inputs["codes"].astype(np.float16)
    half_work = np.empty_like(halves)
    half_img = vfxpy.Image(half_work)
    print(f"transfer curves, 4K f16 RGBA ({w}x{h}x4), in place, 1 core; OCIO finalized for half in and out:")
    for name, ours_fn, processor, peer_name in HALF_CASES:
        peer_rows(f"{name} f16 (1 core)", fresh(ours_fn, halves, half_work, half_img, cores=1), processor, peer_name,
                  halves)
