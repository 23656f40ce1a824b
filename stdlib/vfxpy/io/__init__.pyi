"""Type stubs for vfxpy.io."""

import os
from typing import Any, ClassVar, List, Optional, Sequence as _Seq, Union

from vfxpy import Image
from vfxpy.io import dpx as dpx, exr as exr, jpeg as jpeg, png as png, tiff as tiff
from vfxpy.io._sequence import Sequence as Sequence, sequence as sequence

_PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

class ImageInfo:
    """What a file holds, read from its header without decoding the pixels. Read-only."""

    path: str
    file_format: str
    width: int
    height: int
    channels: int
    format: str
    channel_names: List[str]
    metadata: dict[str, Any]
    subimages: int
    def __init__(self, path: str, file_format: str, width: int, height: int, channels: int, format: str,
                 channel_names: _Seq[str] = (), metadata: Optional[dict[str, Any]] = None,
                 subimages: int = 1) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def read(path: _PathLike, *, format: Optional[str] = ..., layer: Optional[str] = ..., subimage: int = ...) -> Image:
    """Reads an image file of any supported format, detected from its content."""

def write(path: _PathLike, img: Union[Image, _Seq[Image]], **options: Any) -> None:
    """Writes img in the format its extension names, atomically."""

def info(path: _PathLike, *, subimage: int = ...) -> ImageInfo:
    """The header of an image file without its pixels."""

def detect_format(path: _PathLike) -> str:
    """'exr', 'dpx', 'png', 'jpeg' or 'tiff', from the file's first bytes."""

def supported_formats() -> List[str]:
    """The file formats this build reads and writes."""

def _path(path: _PathLike) -> str:
    """str, bytes or os.PathLike as a str (used by vfxpy._stream and vfxpy._async)."""

def _storable(key: str, value: Any) -> Any:
    """A metadata value as files store it, or None where none can."""

from vfxpy import hooks as _hooks  # noqa: E402
from vfxpy._stream import ImageReader as ImageReader, ImageWriter as ImageWriter, Region as Region  # noqa: E402
from vfxpy._async import read_future as read_future  # noqa: E402
