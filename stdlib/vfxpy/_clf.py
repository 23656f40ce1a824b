"""Academy Common LUT Format (CLF 3.0) and Autodesk CTF files: :func:`read_clf`.

    clf = vfxpy.lut.read_clf("show.clf")
    clf.ops                       # [{'type': 'LUT1D', 'in_bit_depth': '10i', ...}, ...]
    clf.apply(img)                # in place, one fused pass
    proc.apply_clf(img, clf)      # the same through a Processor
    proc.chain(img).exposure(1).apply_clf(clf).run()   # fused with other ops

Nodes: LUT1D (halfDomain, rawHalfs, CTF hueAdjust="dw3"), LUT3D (trilinear/tetrahedral),
Matrix (3x3, 3x4, 4x4, 4x5), Range (clamp/noClamp), Log (all CLF 3 styles), Exponent
(all 10 styles; CTF's Gamma), ASC_CDL (Fwd, Rev, FwdNoClamp, RevNoClamp) and InvLUT1D /
CTF InverseLUT1D (exact inverse, half-domain too), InvLUT3D / CTF InverseLUT3D (exact
inverse of tetrahedral interpolation; outside the LUT's gamut, OpenColorIO's rule:
inputs clamped to [0, 1], the grid extended by one extrapolated layer). Integer bit depths scale array values and
Range/Matrix parameters exactly as CLF 3.0 says; images are processed normalized.
IndexMap and other CTF-only nodes (ExposureContrast, FixedFunction, Grading*...) raise
UnsupportedError; malformed files raise FormatError naming the file and the line.
"""

from __future__ import annotations

import os
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Any, Dict, List, Union

    PathLike = Union[str, "os.PathLike[str]"]

import _vfxpy

from vfxpy import _fields

__all__ = ["CLF", "read_clf"]



class CLF:
    """A CLF/CTF file read by :func:`read_clf`: its metadata, its nodes (``ops``) and
    the fused pipeline that applies it."""

    def __init__(self, pipeline: "_vfxpy.Pipeline", info: Dict[str, Any]):
        self._pipeline = pipeline
        self._info = info

    path = _fields.item("path", "The file it was read from.")
    id = _fields.item("id", "The ProcessList's ``id`` attribute.")
    name = _fields.item("name", "The ProcessList's ``name`` attribute.")
    description = _fields.item("description",
                               "The ProcessList's ``Description`` elements, joined by newlines ('' if none).")
    input_descriptor = _fields.item("input_descriptor", "The ProcessList's ``InputDescriptor`` element.")
    output_descriptor = _fields.item("output_descriptor", "The ProcessList's ``OutputDescriptor`` element.")
    version = _fields.item("version", "``compCLFversion`` (CLF) or ``version`` (CTF), as written.")

    @property
    def ops(self) -> List[Dict[str, Any]]:
        """One dict per process node, in order: ``type`` (element name), ``id``,
        ``name``, ``in_bit_depth``, ``out_bit_depth``, ``description``, ``line`` and the
        node's key parameters (normalized values), e.g. ``size``, ``style``, ``matrix``."""
        return [dict(op) for op in self._info["ops"]]

    def apply(self, img):
        """Applies every node to ``img`` in place, in one pass; returns ``img``."""
        if not isinstance(img, _vfxpy.Image):
            raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
        return self._pipeline.apply(img)

    def __repr__(self) -> str:
        kinds = ", ".join(op["type"] for op in self._info["ops"]) or "no ops"
        return f"<vfxpy.lut.CLF {self.id or self.name or os.path.basename(self.path)!r}: {kinds}>"


def read_clf(path: PathLike) -> CLF:
    """Reads an Academy CLF 3.0 or Autodesk CTF file. Raises :class:`vfxpy.FormatError`
    (file and line) for malformed content, :class:`vfxpy.IOError` when the file cannot be
    read, :class:`vfxpy.UnsupportedError` for nodes this build does not implement."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError("path must be a str path, not bytes")
    pipeline = _vfxpy.Pipeline()
    info = pipeline.add_clf_file(path)
    return CLF(pipeline, info)
