"""JPEG (.jpg): 8-bit gray and RGB through TurboJPEG."""

from vfxpy.io import _info, _read, _write

FILE_FORMAT = "jpeg"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a JPEG file (its content must be JPEG). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, **options):
    """Writes a JPEG file atomically, whatever the extension."""
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a JPEG file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
