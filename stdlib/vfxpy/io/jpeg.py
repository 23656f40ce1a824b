"""JPEG (.jpg) through TurboJPEG (libjpeg-turbo): 8-bit gray and RGB.

Reading returns 'u8' gray or RGB as decoded (accurate integer IDCT, smooth chroma
upsampling: the same as libjpeg's defaults, so equal to OpenImageIO's decode). The EXIF
orientation is reported in ``metadata["Orientation"]`` (1–8) and NOT applied to the
pixels. CMYK files raise :class:`vfxpy.UnsupportedError`. A truncated file raises
:class:`vfxpy.FormatError`. Metadata: ``Orientation``, ``XResolution``/``YResolution``/
``ResolutionUnit`` (JFIF density), ``ImageDescription`` (comments), ``Make``, ``Model``,
``Software``, ``DateTime``, ``Artist``, ``Copyright`` (EXIF), ``jpeg:subsampling``
("4:2:0", ...), ``bit_depth`` 8.
"""

from vfxpy.io import _info, _read, _write

#: The name :func:`vfxpy.io.detect_format` gives this format's files.
FILE_FORMAT = "jpeg"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a JPEG file (its content must be JPEG). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, *, quality=None, subsampling=None):
    """Writes ``img`` as a JPEG file atomically, whatever the extension.

    ``quality``: 1–100, default 95. ``subsampling``: chroma subsampling '444', '422' or
    '420'; default '444' for quality 90 and up, else '420' (gray images have none).
    JPEG holds 8-bit gray or RGB: alpha is dropped (gray+alpha → gray, RGBA → RGB,
    channels past the third are ignored) and other formats convert to 8 bits (floats
    clamped to [0, 1] and rounded). ``img.metadata``: ``Orientation`` and the EXIF text
    keys above go into an EXIF block, ``ImageDescription`` into a comment, the
    resolution keys into the JFIF density. Images of 1 megapixel and more are encoded
    in strips on all cores (see :func:`vfxpy.set_threads`), joined with restart markers
    (a baseline JPEG with a restart interval, which every decoder reads): decoded pixels
    are the same as from one encoder.
    """
    _write(path, img, FILE_FORMAT, {"quality": quality, "subsampling": subsampling})


def info(path, *, subimage=0):
    """The header of a JPEG file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
