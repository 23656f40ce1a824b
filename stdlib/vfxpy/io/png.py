"""PNG (.png) through libpng: 8 and 16 bit; gray, gray+alpha, RGB, RGBA.

Reading: palette images, tRNS transparency and 1/2/4-bit gray expand to 8-bit gray or
RGB(A); 8-bit files read as 'u8', 16-bit as 'u16'. Alpha is returned as stored (PNG alpha
is never premultiplied). Metadata (OpenImageIO's names): text chunks by keyword, except
"Description" → ``ImageDescription``, "Author" → ``Artist``, "Title" → ``DocumentName``;
tIME → ``DateTime``; pHYs → ``XResolution``/``YResolution``/``ResolutionUnit`` (pixels per
meter shown per inch); gAMA → ``png:gamma`` (the file's value, e.g. 0.45455); sRGB →
``png:srgb_intent``; ``bit_depth`` 8 or 16. Text chunks after the image data are not
read (as in OpenImageIO). Writing compresses on every core.
"""

from vfxpy.io import _info, _read, _write

#: The name :func:`vfxpy.io.detect_format` gives this format's files.
FILE_FORMAT = "png"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a PNG file (its content must be PNG). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, *, compression=None, bit_depth=None):
    """Writes ``img`` as a PNG file atomically, whatever the extension.

    ``compression``: zlib level 0 (none, fastest) to 9 (smallest); default 6.
    ``bit_depth``: 8 or 16; default ``img.metadata["bit_depth"]`` when it is 8 or 16,
    else 8 for 'u8' images and 16 for 'u16', 'f16' and 'f32' images. Float images are
    clamped to [0, 1] and rounded. The image must have 1 to 4 channels (gray,
    gray+alpha, RGB, RGBA); alpha is written as it is (not un-premultiplied).
    ``img.metadata``: string values become text chunks (keys with a ':' are skipped,
    except ``png:gamma``/``png:srgb_intent``), ``DateTime`` becomes tIME, the
    resolution keys pHYs.
    """
    _write(path, img, FILE_FORMAT, {"compression": compression, "bit_depth": bit_depth})


def info(path, *, subimage=0):
    """The header of a PNG file. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
