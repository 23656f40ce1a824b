"""OpenEXR (.exr): half/float/uint channels, every compression, scanline and tiled, layers and multi-part."""

from vfxpy.io import _info, _read, _write

FILE_FORMAT = "exr"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a EXR file (its content must be EXR). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, **options):
    """Writes a EXR file atomically, whatever the extension."""
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a EXR file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
