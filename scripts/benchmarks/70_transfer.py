"""Transfer curves on a 4K f32 RGBA image beside OpenColorIO 2.1's CPU processor for the
same transform (OCIO applies on the calling thread only; vfxpy on every core, so rows
with vfxpy limited to one core are printed too). OCIO 2.1 has no builtin for the sRGB
curve alone: the sRGB row uses the ExponentWithLinearTransform its sRGB display builtin
is made of, and the last row compares the whole builtin. Both sides start from the same
pixels each run; the time of that reset is subtracted."""

import numpy as np

import vfxpy
from vfxpy import color, transfer


def _ocio():
    try:
        import PyOpenColorIO as OCIO
    except ImportError:
        return None
    return OCIO


def run(row, best_of, args):
    OCIO = _ocio()
    if OCIO is None:
        print("transfer: PyOpenColorIO not importable, skipped")
        return
    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    codes = rng.uniform(0.0, 1.0, (h, w, 4)).astype(np.float32)
    ours = codes.copy()
    peer = codes.copy()
    img = vfxpy.Image(ours)
    r = args.repeat
    config = OCIO.Config.CreateRaw()

    def cpu(transform):
        return config.getProcessor(transform).getDefaultCPUProcessor()

    srgb = OCIO.ExponentWithLinearTransform()  # OCIO's sRGB curve: forward = code -> linear
    srgb.setGamma([2.4, 2.4, 2.4, 1.0])
    srgb.setOffset([0.055, 0.055, 0.055, 0.0])
    arri = OCIO.BuiltinTransform("ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1")
    logc3_curve = config.getProcessor(arri).createGroupTransform()[0]  # its LogCameraTransform
    cases = [
        ("sRGB decode", lambda: transfer.srgb_to_linear(img), cpu(srgb), "OCIO ExponentWithLinear"),
        ("LogC3 decode", lambda: transfer.decode(img, "logc3"), cpu(logc3_curve), "OCIO LogCamera (ARRI)"),
        ("LogC3 AWG3 -> ACES2065-1", lambda: color.convert(img, "ARRI LogC3 (AWG3)", "ACES2065-1", "cat02"),
         cpu(arri), "OCIO builtin ARRI"),
        ("XYZ -> sRGB display", lambda: color.convert(img, "CIE-XYZ-D65", "sRGB"),
         cpu(OCIO.BuiltinTransform("DISPLAY - CIE-XYZ-D65_to_sRGB")), "OCIO builtin sRGB"),
    ]
    print(f"transfer curves, 4K f32 RGBA ({w}x{h}x4), in place:")
    threads = vfxpy.threads()
    for name, ours_fn, processor, peer_name in cases:
        def reset_and(fn):
            def call():
                ours[...] = codes
                fn()
            return call

        def peer_call():
            peer[...] = codes
            processor.applyRGBA(peer)

        copy_time = best_of(lambda: ours.__setitem__(Ellipsis, codes), r)
        ours_time = best_of(reset_and(ours_fn), r) - copy_time
        peer_time = best_of(peer_call, r) - copy_time
        row(f"{name} ({threads} cores)", ours_time, peer_time, peer_name)
        vfxpy.set_threads(1)
        try:
            row(f"{name} (1 core)", best_of(reset_and(ours_fn), r) - copy_time, peer_time, peer_name)
        finally:
            vfxpy.set_threads(0)
