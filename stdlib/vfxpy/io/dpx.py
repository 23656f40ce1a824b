"""DPX (.dpx): 8/10/12/16-bit, packed and filled, both byte orders, SMPTE 268M header fields."""

from vfxpy.io import _info, _read, _write

FILE_FORMAT = "dpx"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a DPX file (its content must be DPX). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, **options):
    """Writes a DPX file atomically, whatever the extension."""
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a DPX file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
