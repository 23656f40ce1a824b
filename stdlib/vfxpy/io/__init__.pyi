"""Type stubs for vfxpy.io."""

import os
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Sequence as _Seq, Tuple, Union

from vfxpy import Image
from vfxpy.io import dpx as dpx, exr as exr, jpeg as jpeg, png as png, tiff as tiff

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

@dataclass(frozen=True)
class ImageInfo:
    """What a file holds, read from its header without decoding the pixels."""

    path: str
    file_format: str
    width: int
    height: int
    channels: int
    format: str
    channel_names: List[str]
    metadata: dict
    subimages: int

class Sequence:
    """A numbered run of files (scan.####.dpx, scan.%04d.dpx, scan.1001-1100#.dpx)."""

    pattern: str
    padding: int
    frame_range: Optional[List[int]]
    def __init__(self, pattern: PathLike) -> None: ...
    def path(self, frame: int) -> str: ...
    def frames(self) -> List[int]: ...
    def missing(self) -> List[int]: ...
    def __iter__(self) -> Iterator[Tuple[int, str]]: ...
    def __len__(self) -> int: ...

def sequence(pattern: PathLike) -> Sequence:
    """A Sequence for pattern: iterate for (frame, path) on disk; .path(frame) for writing."""

def read(path: PathLike, *, format: Optional[str] = ..., layer: Optional[str] = ..., subimage: int = ...) -> Image:
    """Reads an image file of any supported format, detected from its content."""

def write(path: PathLike, img: Union[Image, _Seq[Image]], **options: Any) -> None:
    """Writes img in the format its extension names, atomically."""

def info(path: PathLike, *, subimage: int = ...) -> ImageInfo:
    """The header of an image file without its pixels."""

def detect_format(path: PathLike) -> str:
    """'exr', 'dpx', 'png', 'jpeg' or 'tiff', from the file's first bytes."""

def supported_formats() -> List[str]:
    """The file formats this build reads and writes."""
