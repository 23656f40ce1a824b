"""PNG (.png): 8 and 16 bit, gray, gray+alpha, RGB, RGBA."""

from vfxpy.io import _info, _read, _write

FILE_FORMAT = "png"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a PNG file (its content must be PNG). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, **options):
    """Writes a PNG file atomically, whatever the extension."""
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a PNG file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
