"""Transfer functions: linear light ↔ code values, on whole images in place.

    import vfxpy
    from vfxpy import transfer

    transfer.srgb_to_linear(img)                  # sRGB display code values -> linear
    transfer.decode(img, "logc3")                 # ARRI LogC3 (EI 800) -> scene linear
    transfer.apply_pq(img, "encode", scale=100)   # linear (1.0 = 100 cd/m2) -> ST 2084

``encode`` = linear → code values (OETF, inverse EOTF, log encoding); ``decode`` = code
values → linear. R, G and B are transformed, alpha is untouched. Integer images are
processed as normalized floats and stored back rounded and clamped; half images in
float. Every call runs once over the pixels on every core with the GIL released; to fuse
a curve with other ops use ``Processor.chain(img).transfer(...)``.

Curves (``curves()`` lists them with their parameters):

========== ==================================================================
'srgb'     IEC 61966-2-1 piecewise (12.92 below 0.0031308, 2.4 power above)
'rec709'   ITU-R BT.709 camera OETF (4.5 below 0.018, 0.45 power above)
'bt1886'   ITU-R BT.1886 display EOTF: gamma 2.4 with Lw = 1, Lb = 0
'gamma'    pure power, ``gamma=2.2``; negatives clamp to 0 unless ``mirror=True``
'pq'       SMPTE ST 2084; linear 1.0 = ``scale`` cd/m² (100, as OpenColorIO)
'hlg'      ITU-R BT.2100 HLG OETF / inverse OETF (scene light in [0, 1]);
           ``ootf=True`` adds the OOTF on decode (inverse OOTF on encode) with
           ``system_gamma=1.2`` (the 1000 cd/m² nominal peak), display light
           normalized so 1.0 = the peak (Lw = 1, Lb = 0); negatives mirrored
'cineon'   Cineon printing density, ``ref_white=685, ref_black=95, gamma=0.6``
'logc3'    ARRI LogC3, EI 800      'logc4'    ARRI LogC4
'slog3'    Sony S-Log3             'vlog'     Panasonic V-Log
'acescc'   ACES S-2014-003         'acescct'  ACES S-2016-001
'clog3'    Canon Log 3 (v1.2)      'log3g10'  RED Log3G10 (v3)
========== ==================================================================

PQ clamps negatives to 0 (as OpenColorIO); the log curves follow their white papers'
linear toe segments through negatives (ACEScc maps every x ≤ 0 to its floor code).
"""

from __future__ import annotations

import _vfxpy

_DIRECTIONS = ("encode", "decode")


def _check_image(img):
    if not isinstance(img, _vfxpy.Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    return img


def _check_direction(direction):
    if not isinstance(direction, str):
        raise TypeError(f"direction must be a str, not {type(direction).__name__}")
    if direction.lower() not in _DIRECTIONS:
        raise ValueError(f"direction must be 'encode' or 'decode', got {direction!r}")
    return direction.lower()


def curves() -> dict:
    """``{name: (summary, [parameter names])}`` of every transfer curve, in order."""
    return {name: (summary, list(params)) for name, summary, params in _vfxpy.transfer_curves()}


def apply(img, curve: str, direction: str, **params):
    """Applies ``curve`` in ``direction`` ('encode' or 'decode') to ``img`` in place;
    returns ``img``."""
    pipeline = _vfxpy.Pipeline()
    pipeline.add_transfer(curve, _check_direction(direction), **params)
    return pipeline.apply(_check_image(img))


def encode(img, curve: str, **params):
    """Linear → code values with ``curve`` (see :func:`curves`), in place; returns ``img``."""
    return apply(img, curve, "encode", **params)


def decode(img, curve: str, **params):
    """Code values → linear with ``curve`` (see :func:`curves`), in place; returns ``img``."""
    return apply(img, curve, "decode", **params)


def srgb_to_linear(img):
    """sRGB code values → linear (IEC 61966-2-1), in place; returns ``img``."""
    return decode(img, "srgb")


def linear_to_srgb(img):
    """Linear → sRGB code values (IEC 61966-2-1), in place; returns ``img``."""
    return encode(img, "srgb")


def apply_pq(img, direction: str = "decode", scale: float = 100.0):
    """SMPTE ST 2084: 'decode' = PQ code → linear with 1.0 = ``scale`` cd/m² (100, as
    OpenColorIO); 'encode' the inverse. In place; returns ``img``."""
    return apply(img, "pq", direction, scale=scale)


def apply_hlg(img, direction: str = "decode", ootf: bool = False):
    """ITU-R BT.2100 HLG: 'decode' = inverse OETF (signal → scene light in [0, 1]);
    ``ootf=True`` continues to display light (system gamma 1.2, 1000 cd/m² nominal peak,
    1.0 = the peak). 'encode' is the inverse. In place; returns ``img``."""
    return apply(img, "hlg", direction, ootf=ootf)


__all__ = ["curves", "apply", "encode", "decode", "srgb_to_linear", "linear_to_srgb", "apply_pq", "apply_hlg"]
