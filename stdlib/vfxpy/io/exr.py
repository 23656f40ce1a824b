"""OpenEXR (.exr): half/float/uint channels, every compression, scanline and tiled, layers and multi-part.

Reading keeps the file's storage: all-half files read as 'f16', files with any float or
uint channel as 'f32' (uint values converted to float). The pixels returned are the data
window's; channels come R, G, B, A first (EXR stores them alphabetically), then the
rest, layer by layer, with their full names (``diffuse.R``).

Header attributes land in ``img.metadata`` under their EXR names: ``compression``
('zip', ...), ``dataWindow``/``displayWindow`` (xmin, ymin, xmax, ymax, inclusive),
``lineOrder``, ``pixelAspectRatio``, ``screenWindowCenter``, ``screenWindowWidth``,
``chromaticities`` (8 floats: red x y, green x y, blue x y, white x y), ``owner``,
``comments``, ``capDate``, ``framesPerSecond`` as (numerator, denominator) ints,
``timeCode`` as 'HH:MM:SS:FF' (';' before the frame when drop-frame), ``worldToCamera``
(16 floats, row-major), ``name``/``type``/``tiles`` of parts, and every other int,
float, double, string, vector, box, matrix or string-vector attribute as an int, float,
str or tuple. ``bit_depth`` is 16 (half) or 32 (float/uint).
"""

from vfxpy.io import _info, _read, _write

#: The name :func:`vfxpy.io.detect_format` gives this format's files.
FILE_FORMAT = "exr"

#: The values ``compression`` takes ('none' and the nine OpenEXR codecs).
COMPRESSIONS = ("none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab")


def read(path, *, format=None, layer=None, subimage=0):
    """Reads an EXR file (its content must be EXR). See :func:`vfxpy.io.read`.

    ``layer="diffuse"`` reads only the ``diffuse.*`` channels (R, G, B, A first);
    ``subimage`` picks a part of a multi-part file (see ``info(path).subimages``).
    """
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, *, compression=None, pixel_type=None, bit_depth=None, tile_size=None,
          dwa_compression_level=None):
    """Writes an EXR file atomically, whatever the extension.

    ``img``: an Image, or a list of Images for a multi-part file (each part named by its
    ``metadata["name"]``, else ``"part<i>"``; names must be unique). OpenEXR shares the
    displayWindow, pixelAspectRatio, timeCode and chromaticities of all parts: every
    part gets the first part's.

    Options:

    - ``compression``: one of 'none', 'rle', 'zips', 'zip', 'piz', 'pxr24', 'b44', 'b44a',
      'dwaa', 'dwab'. Default: ``img.metadata["compression"]`` when it is one of
      these, else 'zip'. pxr24 is lossy for float channels; b44, b44a, dwaa, dwab are lossy.
    - ``pixel_type``: 'half' or 'float'. Default: ``metadata["bit_depth"]`` 16/32 if set,
      else half for f16, u8 and u16 images (integers normalized to 0..1) and float
      for f32 images.
    - ``bit_depth``: 16 or 32, the same as pixel_type 'half' or 'float'.
    - ``tile_size``: (width, height) writes a tiled file; default scanline.
    - ``dwa_compression_level``: DWAA/DWAB quality (OpenEXR's default 45; higher is
      smaller and lossier).

    ``img.metadata`` is written as header attributes: standard names with their standard
    types, other keys by value shape (int → int, float → float, str → string, 2 or 3
    ints/floats → v2i/v3i or v2f/v3f, 4 → box2i/box2f, 9 → m33f, 16 → m44f, strings →
    stringvector). ``dataWindow``/``displayWindow`` are used when they match the image
    size; channels, compression, tiles, type, name and version are set by the writer.
    """
    options = {"compression": compression, "pixel_type": pixel_type, "bit_depth": bit_depth,
               "tile_size": tile_size,
               "dwa_compression_level": dwa_compression_level}
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of an EXR file (size of the data window, channels, storage format,
    attributes, number of parts as ``subimages``). See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
