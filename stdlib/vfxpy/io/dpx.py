"""DPX (.dpx, SMPTE 268M): 8/10/12/16-bit luma, RGB and RGBA; packed and filled
(methods A and B) components; big- and little-endian files; the header fields as
metadata under OpenImageIO's names.

Reading gives 8-bit files as 'u8' and 10/12/16-bit files as 'u16' scaled to the full
range (``round(code * 65535 / max)``); ``format="f32"`` decodes straight to
``code / max`` (exactly ``code / 1023`` for 10-bit). ABGR elements read as RGBA.
The file's header fields land in ``img.metadata``: ``bit_depth``, ``dpx:Transfer``,
``dpx:Colorimetric``, ``dpx:ImageDescriptor``, ``dpx:Packing``, ``dpx:ByteOrder``,
``dpx:EndOfLinePadding``, ``Orientation`` (not applied to the pixels),
``smpte:TimeCode`` / ``dpx:TimeCode`` / ``dpx:UserBits``, ``dpx:FrameRate``,
``dpx:FilmEdgeCode``, ``Software``, ``DocumentName``, ``Copyright``, ``DateTime``,
``ImageDescription``, ``dpx:UserData`` (the user data block as ints 0-255, up to
1 MiB) and the other film, television and source fields (``dpx:FramePosition``,
``dpx:SlateInfo``, ``dpx:Signal``, ``dpx:XOriginalSize``, ...).
"""

from vfxpy.io import _info, _read, _write

#: The name :func:`vfxpy.io.detect_format` gives this format's files.
FILE_FORMAT = "dpx"

TRANSFERS = (
    "user_defined", "printing_density", "linear", "logarithmic", "unspecified_video", "smpte_274m",
    "itu_r_709_4", "itu_r_601_5_system_b_or_g", "itu_r_601_5_system_m", "ntsc_composite_video",
    "pal_composite_video", "z_depth_linear", "z_depth_homogeneous", "adx", "undefined",
)
"""Names ``transfer`` and ``colorimetric`` take (also 'log', 'unspecified', 'rec709')."""


def read(path, *, format=None, layer=None, subimage=0):
    """Reads a DPX file (its content must be DPX). ``subimage`` picks an image element
    of a multi-element file. See :func:`vfxpy.io.read`."""
    return _read(path, FILE_FORMAT, format, layer, subimage)


def write(path, img, *, bit_depth=None, packing=None, transfer=None, colorimetric=None, byte_order=None,
          timecode=None, frame_rate=None):
    """Writes ``img`` as a one-element DPX file, atomically, whatever the extension.

    The channels decide the descriptor: 1 → luma (or the single channel its name says:
    R, G, B, A, Z), 3 → RGB, 4 → RGBA; other counts are a ``ValueError``.

    Options (each falls back to the metadata a DPX read left in ``img.metadata``, then
    to the default):

    - ``bit_depth``: 8, 10, 12 or 16. Default: ``metadata["bit_depth"]``, else 8 for
      'u8' images and 16 for 'u16', 'f16' and 'f32'. Values map to codes as
      ``round(value * max)`` with floats clamped to [0, 1] (NaN → 0) and integers
      scaled exactly (u16 v → ``round(v * max / 65535)``), so 10-bit codes survive a
      read → write in 'u16' and ``code / 1023`` floats in 'f32'.
    - ``packing``: 'filled_a' (default, as most tools write 10-bit: three 10-bit
      components per 32-bit word, padding in the low bits; 12-bit in 16-bit words, low
      bits padded), 'filled_b' (padding in the high bits) or 'packed' (components
      bit-contiguous across 32-bit words). Irrelevant for 8 and 16 bits.
    - ``transfer`` and ``colorimetric``: a characteristic name from :data:`TRANSFERS`
      (e.g. 'printing_density', 'linear', 'log', 'unspecified_video', 'smpte_274m',
      'itu_r_709_4', 'user_defined'). Default 'user_defined'.
    - ``byte_order``: 'big' (default, "SDPX") or 'little' ("XPDS").
    - ``timecode``: 'hh:mm:ss:ff' ('hh:mm:ss;ff' for drop frame); default from
      ``metadata["smpte:TimeCode"]`` or ``metadata["dpx:TimeCode"]``.
    - ``frame_rate``: frames per second; default ``metadata["dpx:FrameRate"]`` or
      ``metadata["FramesPerSecond"]``.

    Other header fields are written from ``img.metadata`` under the names reading gives
    them; values that do not apply (wrong type, or reference codes of another bit
    depth) are left undefined. ``dpx:UserData`` is written after the header. The layout fields
    are the writer's own: pixels start at byte 8192 (the next 8192-byte boundary after
    user data), rows have no end-of-line padding, and ``metadata["dpx:ByteOrder"]`` (what
    a read found) does not change the byte order, ``byte_order`` does.
    """
    options = {"bit_depth": bit_depth, "packing": packing, "transfer": transfer, "colorimetric": colorimetric,
               "byte_order": byte_order, "timecode": timecode, "frame_rate": frame_rate}
    _write(path, img, FILE_FORMAT, options)


def info(path, *, subimage=0):
    """The header of a DPX file (size, channels, storage format, metadata) without
    decoding its pixels. See :func:`vfxpy.io.info`."""
    return _info(path, FILE_FORMAT, subimage)
