"""TIFF (.tif): 8/16-bit integer and 16/32-bit float, none/lzw/zip, strips and tiles."""

from vfxpy.io import _info, _read, _write

FILE_FORMAT = "tiff"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a TIFF file (its content must be TIFF). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, **options):
    """Writes a TIFF file atomically, whatever the extension."""
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a TIFF file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
