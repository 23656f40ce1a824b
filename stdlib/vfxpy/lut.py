"""vfxpy.lut: LUT files and LUT objects (CLF here; more formats join this module)."""

from vfxpy._clf import CLF, read_clf

__all__ = ["CLF", "read_clf"]
