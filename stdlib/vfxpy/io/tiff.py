"""TIFF (.tif) through libtiff: 8/16-bit unsigned integer and 16/32-bit float samples.

Reading: any channel count, strips or tiles, contiguous or separate planes, every
compression libtiff decodes (none, LZW, Deflate/zip, PackBits, ...), decoded in parallel.
Palette, YCbCr/JPEG, CMYK and 1/2/4-bit files are read through libtiff's RGBA interface
as 8-bit gray or RGB (+ alpha). Alpha is returned as stored (not premultiplied by
vfxpy). Pages are subimages (``read(path, subimage=1)``). Metadata (OpenImageIO's
names): ``ImageDescription``, ``Software``, ``DateTime``, ``Artist``, ``Copyright``,
``Make``, ``Model``, ``DocumentName``, ``HostComputer``, ``PageName``, ``XResolution``/
``YResolution``/``ResolutionUnit``, ``Orientation`` (reported, not applied),
``compression``, ``bit_depth``, ``tiff:PlanarConfiguration``.
"""

from vfxpy.io import _info, _read, _write

#: The name :func:`vfxpy.io.detect_format` gives this format's files.
FILE_FORMAT = "tiff"


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a TIFF file (its content must be TIFF). See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, *, compression=None, bit_depth=None, tile_size=None):
    """Writes ``img`` (or a list of images: one page each) as a TIFF file atomically,
    whatever the extension.

    ``compression``: 'none', 'lzw' or 'zip' (Deflate); default ``img.metadata
    ["compression"]`` when it is one of those, else 'zip'. LZW and zip use a predictor
    (horizontal differencing for integers, the floating-point predictor for floats).
    ``bit_depth``: 8 (unsigned), 16 (half float for 'f16' images, unsigned integer
    otherwise) or 32 (float); default ``img.metadata["bit_depth"]`` when valid, else
    the image's own: 'u8' → 8, 'u16' → 16, 'f16' → 16 (half), 'f32' → 32. Converting to
    integers clamps floats to [0, 1] and rounds.
    ``tile_size``: ``(width, height)``, multiples of 16 up to 4096, for a tiled file; default
    strips (32 rows each when compressed).
    The second of two channels, or the fourth of four or more, is written as
    unassociated alpha (ExtraSamples = 2): values are stored as they are.
    ``img.metadata``: the text tags, resolution and ``Orientation`` listed in the module
    documentation; ``Software`` defaults to "vfxpy <version>".
    """
    options = {"compression": compression, "bit_depth": bit_depth,
               "tile_size": tuple(tile_size) if tile_size is not None else None}
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a TIFF file (``subimages`` counts its pages). See
    :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
