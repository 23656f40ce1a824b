"""Color spaces: primaries, RGB↔XYZ matrices, chromatic adaptation and conversions.

    import vfxpy
    from vfxpy import color

    color.rgb_to_xyz("ACEScg")                    # 3x3 float64 numpy array
    color.matrix("ACEScg", "Linear Rec.709")      # linear AP1 -> linear Rec.709 (Bradford)
    color.convert(img, "ACEScg", "sRGB")          # one pass: matrix, then the sRGB curve
    color.convert(img, "ARRI LogC3 (AWG3)", "ACEScg")

Matrices are derived in float64 from the primaries and white point (SMPTE RP 177):
``rgb_to_xyz`` maps RGB (1, 1, 1) to the space's white with Y = 1. ``matrix(src, dst)``
is ``xyz_to_rgb(dst) · A · rgb_to_xyz(src)`` where A is the chromatic adaptation from
src's white to dst's (identity when they match). The default is Bradford — what
OpenColorIO's ACES configs and builtins use, e.g. ACES (≈ D60, x 0.32168 y 0.33767) →
D65 for sRGB/Rec.709 displays; ``"none"`` keeps XYZ as is. ``adaptation="cat02"``
gives the CIECAM02 transform that ARRI's, Sony's and Canon's published camera → ACES
matrices use: to reproduce those (and OpenColorIO 2.1's builtins
ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1, SONY_SLOG3-SGAMUT3[.CINE]_to_ACES2065-1,
CANON_CLOG3-CGAMUT_to_ACES2065-1) pass ``adaptation="cat02"``; Panasonic's V-Gamut and
RED's RWG builtins use Bradford (the default). The two differ by up to 6e-3 per
coefficient.

``convert(img, src, dst)`` runs as ONE pass: decode src's curve → the 3×3 matrix →
encode dst's curve. ``spaces()`` lists the names (case-insensitive; aliases accepted):
'ACES2065-1' (AP0), 'ACEScg' (AP1), 'ACEScc', 'ACEScct', 'Linear Rec.709'
(= 'linear_srgb'), 'sRGB' (Rec.709 primaries, sRGB curve: the sRGB display),
'Rec.1886 Rec.709' (gamma 2.4), 'Rec.2020', 'Rec.2100 PQ', 'Rec.2100 HLG',
'Display P3' (P3 D65, sRGB curve), 'P3-D65' and 'DCI-P3' (gamma 2.6), 'CIE-XYZ-D65', the
camera log spaces 'ARRI LogC3 (AWG3)', 'ARRI LogC4 (AWG4)', 'S-Log3 S-Gamut3',
'S-Log3 S-Gamut3.Cine', 'V-Log V-Gamut', 'Canon Log 3 Cinema Gamut',
'Log3G10 REDWideGamutRGB', and a 'Linear ...' space for each of their gamuts.
"""

from __future__ import annotations

import _vfxpy


def _name(value, argument):
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, not {type(value).__name__}")
    return value


def _matrix(values):
    import numpy as np  # on first use: `import vfxpy` must not pay for numpy

    return np.array(values, dtype=np.float64).reshape(3, 3)


def spaces() -> list:
    """Names of the color spaces :func:`convert` knows."""
    return [name for name, _aliases, _gamut, _curve in _vfxpy.color_spaces()]


def space_info(name: str) -> dict:
    """``{'name', 'aliases', 'gamut', 'curve'}`` of a color space (curve None if linear)."""
    wanted = _name(name, "name").lower()
    for space, aliases, gamut, curve in _vfxpy.color_spaces():
        if wanted == space.lower() or wanted in (a.lower() for a in aliases):
            return {"name": space, "aliases": list(aliases), "gamut": gamut, "curve": curve}
    raise ValueError(f"name: unknown color space {name!r}; valid: {', '.join(spaces())}")


def primaries(name: str) -> dict:
    """``{'gamut', 'red', 'green', 'blue', 'white'}`` (xy pairs) of a gamut ('AP0',
    'Rec.2020', 'S-Gamut3', ...) or of a color space's gamut."""
    gamut, red, green, blue, white = _vfxpy.color_primaries(_name(name, "name"))
    return {"gamut": gamut, "red": red, "green": green, "blue": blue, "white": white}


def white_point(name: str) -> tuple:
    """The xy white point of a gamut or color space."""
    return primaries(name)["white"]


def rgb_to_xyz(name: str) -> np.ndarray:
    """The 3×3 linear RGB → CIE XYZ matrix (float64) of a gamut or color space."""
    return _matrix(_vfxpy.color_rgb_to_xyz(_name(name, "name")))


def xyz_to_rgb(name: str) -> np.ndarray:
    """The 3×3 CIE XYZ → linear RGB matrix (float64): the inverse of :func:`rgb_to_xyz`."""
    return _matrix(_vfxpy.color_xyz_to_rgb(_name(name, "name")))


def adaptation_matrix(src_white, dst_white, method: str = "bradford") -> np.ndarray:
    """XYZ under ``src_white`` → XYZ under ``dst_white`` (float64 3×3), von Kries in the
    'bradford' or 'cat02' cone space. Whites: 'D65', 'ACES' (= 'D60'), 'DCI', 'D50', 'E',
    an xy pair or an XYZ triple."""
    return _matrix(_vfxpy.color_adaptation(src_white, dst_white, _name(method, "method")))


def matrix(src: str, dst: str, adaptation: str = "bradford") -> np.ndarray:
    """Linear ``src`` RGB → linear ``dst`` RGB (float64 3×3), adapting the white with
    ``adaptation`` ('bradford', 'cat02' or 'none') when the whites differ."""
    return _matrix(_vfxpy.color_matrix(_name(src, "src"), _name(dst, "dst"), _name(adaptation, "adaptation")))


def convert(img, src: str, dst: str, adaptation: str = "bradford"):
    """Converts ``img`` from color space ``src`` to ``dst`` in place, in one pass (decode
    src's curve, one matrix, encode dst's curve); alpha untouched. Returns ``img``."""
    if not isinstance(img, _vfxpy.Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    pipeline = _vfxpy.Pipeline()
    pipeline.add_convert(_name(src, "src"), _name(dst, "dst"), _name(adaptation, "adaptation"))
    return pipeline.apply(img)


__all__ = ["spaces", "space_info", "primaries", "white_point", "rgb_to_xyz", "xyz_to_rgb",
           "adaptation_matrix", "matrix", "convert"]
