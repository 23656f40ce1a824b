"""Image files: ``read``, ``write``, ``info`` with format detection by content, the
format modules ``exr``, ``dpx``, ``png``, ``jpeg``, ``tiff``, and frame ``sequence``\\ s.

Every write goes to a temporary file in the target folder and is renamed into place
only when complete, so a failed write never leaves a half-written or clobbered file.
Readers refuse headers that claim more than :func:`vfxpy.max_image_bytes` before
allocating. Errors: :class:`vfxpy.FormatError` (bad content), :class:`vfxpy.IOError`
(the file system; also an ``OSError`` with ``errno`` and ``filename``),
:class:`vfxpy.UnsupportedError`. All readers and writers release the GIL.
"""

from __future__ import annotations

import os
import warnings
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Any, Iterable, Optional, Sequence as _Sequence, Union

    PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

import _vfxpy

from vfxpy import hooks as _hooks
from vfxpy.io._sequence import Sequence, sequence


__all__ = ["ImageInfo", "ImageReader", "ImageWriter", "Region", "Sequence", "detect_format", "info", "read", "read_future",
           "sequence", "supported_formats", "write"]


class ImageInfo:
    """What a file holds, read from its header without decoding the pixels: ``path``,
    ``file_format`` ('exr', 'dpx', ...), ``width``, ``height``, ``channels``, ``format``
    (the storage ``read`` returns: 'u8', 'u16', 'f16', 'f32'), ``channel_names``,
    ``metadata`` and ``subimages`` (parts or pages). Read-only."""

    __slots__ = {
        "path": "The file, as given.",
        "file_format": "'exr', 'dpx', 'png', 'jpeg' or 'tiff'.",
        "width": "Pixels per row (of the data window, for EXR).",
        "height": "Rows.",
        "channels": "Channels per pixel.",
        "format": "The storage read() returns: 'u8', 'u16', 'f16' or 'f32'.",
        "channel_names": "The channels' names, e.g. ['R', 'G', 'B', 'A'].",
        "metadata": "The header's attributes, as read() puts them in img.metadata.",
        "subimages": "Parts (EXR) or pages (TIFF) in the file; 1 for most files.",
    }

    def __init__(self, path, file_format, width, height, channels, format, channel_names=(), metadata=None,
                 subimages=1):
        values = (path, file_format, width, height, channels, format, list(channel_names), dict(metadata or {}),
                  subimages)
        for name, value in zip(self.__slots__, values):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"ImageInfo is read-only ({name})")

    def __eq__(self, other):
        if not isinstance(other, ImageInfo):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None

    def __repr__(self):
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n != "metadata")
        return f"ImageInfo({fields}, metadata={{{len(self.metadata)} keys}})"


def _path(path: PathLike) -> str:
    """``str``, ``bytes`` or ``os.PathLike`` (``pathlib.Path``) as a ``str`` (bytes that are
    not UTF-8 become surrogate escapes, as ``os.fsdecode`` makes them)."""
    try:
        text = os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}") from None
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    return text


def _read(path, file_format, format, layer, subimage):
    text = _path(path)
    img = _vfxpy.read_file(text, file_format, format, layer, subimage)
    if _hooks._handlers["after_read"]:
        _hooks.emit("after_read", {"path": text, "image": img, "file_format": file_format})
    return img


def _info(path, file_format, subimage):
    fields = _vfxpy.file_info(_path(path), file_format, subimage)
    return ImageInfo(path=_path(path), **fields)


def _storable(key: str, value: Any):
    """A metadata value in a form files can hold, or None (with a warning) if none."""
    if isinstance(value, (bool, int, float, str)):
        return value
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        value = tolist()
        if isinstance(value, (int, float, str)):
            return value
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (int, float, str)) for v in value):
        kinds = {str if isinstance(v, str) else float for v in value}
        if len(kinds) == 1:
            return tuple(value)
    warnings.warn(f"metadata['{key}'] ({type(value).__name__}) cannot be stored in an image file; not written",
                  stacklevel=4)
    return None


def _prepare_write(path, images, file_format, options):
    """What :func:`write` and :func:`vfxpy.write_async` hand to the native writer: the path
    as a ``str``, the images with only storable metadata, the options given (not None)
    and the hook event (``before_write`` already emitted; None without write hooks)."""
    from vfxpy import Image

    items = list(images) if isinstance(images, (list, tuple)) else [images]
    if not items:
        raise ValueError("img: no image to write")
    event = None
    clean_options = {k: v for k, v in options.items() if v is not None}
    if _hooks._handlers["before_write"] or _hooks._handlers["after_write"]:
        for img in items:
            if not isinstance(img, Image):
                raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
        event = {"path": _path(path), "image": items[0], "images": items, "file_format": file_format,
                 "options": dict(clean_options)}
        _hooks.emit("before_write", event)
    prepared = []
    for img in items:
        if not isinstance(img, Image):
            raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
        clean = {}
        for key, value in img.metadata.items():
            if not isinstance(key, str):
                continue
            stored = _storable(key, value)
            if stored is not None:
                clean[key] = stored
        # (bit_depth beyond what the image holds is dropped in Swift: RasterSupport.writableMetadata)
        if clean != img.metadata:
            shadow = Image(img)  # a zero-copy view carrying the storable metadata
            shadow.channel_names = img.channel_names
            shadow.metadata = clean
            img = shadow
        prepared.append(img)
    return _path(path), prepared, clean_options, event


def _write(path, images, file_format, options):
    text, prepared, clean, event = _prepare_write(path, images, file_format, options)
    _vfxpy.write_file(text, prepared, file_format, clean)
    if event is not None:
        _hooks.emit("after_write", event)


def read(path: PathLike, *, format: Optional[str] = None, layer: Optional[str] = None, subimage: int = 0):
    """Reads an image file of any supported format, detected from its content.

    ``format`` converts on read ('u8', 'u16', 'f16', 'f32'); by default the file's own
    storage is kept (8-bit → u8, 10/12/16-bit → u16, half → f16, float → f32).
    ``layer`` picks one layer of a layered EXR (``"diffuse"`` → diffuse.R, .G, ...);
    ``subimage`` one part of a multi-part file. File attributes land in ``img.metadata``.
    """
    return _read(path, None, format, layer, subimage)


def write(path: PathLike, img, **options) -> None:
    """Writes ``img`` (or a list of images, for multi-part EXR) in the format the
    extension names, with that format's options (see the format modules), atomically.
    ``img.metadata`` is written where the format can hold it."""
    _write(path, img, None, options)


def info(path: PathLike, *, subimage: int = 0) -> ImageInfo:
    """The header of an image file (size, channels, storage format, metadata) without
    decoding its pixels."""
    return _info(path, None, subimage)


def detect_format(path: PathLike) -> str:
    """'exr', 'dpx', 'png', 'jpeg' or 'tiff', from the file's first bytes."""
    return _vfxpy.detect_format(_path(path))


def supported_formats() -> list:
    """The file formats this build reads and writes."""
    return _vfxpy.supported_formats()


_FORMAT_MODULES = ("dpx", "exr", "jpeg", "png", "tiff")
_STREAM_NAMES = ("ImageReader", "ImageWriter", "Region", "read_future")


def __getattr__(name: str):
    """``vfxpy.io.exr`` and the other format modules, imported on first use (so that
    ``import vfxpy`` stays quick) but reachable without an import of their own."""
    if name in _FORMAT_MODULES:
        import importlib

        return importlib.import_module(f"vfxpy.io.{name}")
    if name in _STREAM_NAMES:  # vfxpy/_stream.py and _async.py, which import this module
        from vfxpy import _async, _stream

        return getattr(_async if name == "read_future" else _stream, name)
    raise AttributeError(f"module 'vfxpy.io' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_FORMAT_MODULES) | set(_STREAM_NAMES))
