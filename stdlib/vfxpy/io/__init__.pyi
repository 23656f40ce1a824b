"""Type stubs for vfxpy.io."""

import os
from typing import Any, ClassVar, Iterator, List, Optional, Sequence as _Seq, Tuple, Union

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

class Region(Tuple[int, int]):
    """A band of whole rows, y_begin (first) up to y_end (excluded)."""

    def __new__(cls, y_begin: int, y_end: int) -> "Region": ...
    @property
    def y_begin(self) -> int: ...
    @property
    def y_end(self) -> int: ...
    @property
    def height(self) -> int:
        """Rows in the band."""

class ImageReader:
    """An image file open for reading by bands (vfxpy.open); a context manager."""

    @property
    def info(self) -> ImageInfo: ...
    @property
    def path(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def channels(self) -> int: ...
    @property
    def format(self) -> str: ...
    @property
    def chunk_rows(self) -> int:
        """Rows per chunk of the file (EXR lines per chunk or tile height)."""
    @property
    def reads_by_band(self) -> bool:
        """True when a band is decoded on its own (EXR, TIFF); False when the file is decoded whole once."""
    def band_rows(self, max_bytes: Union[int, str, None] = ..., rows: Optional[int] = ...,
                  format: Optional[str] = ...) -> int:
        """The rows per band regions() uses: whole chunks, within max_bytes."""
    def regions(self, max_bytes: Union[int, str, None] = ..., rows: Optional[int] = ...) -> Iterator[Region]:
        """Bands of whole chunks covering the image, top to bottom."""
    def read_region(self, region: Union[Region, Tuple[int, int]], format: Optional[str] = ...) -> Image:
        """The rows of region as a width x region.height image."""
    def close(self) -> None: ...
    def __enter__(self) -> "ImageReader": ...
    def __exit__(self, *exc: Any) -> None: ...

class ImageWriter:
    """An image file written band after band (vfxpy.create); a context manager that
    renames the finished file into place on a clean exit and leaves none on an exception."""

    @property
    def path(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def channels(self) -> int: ...
    @property
    def format(self) -> str: ...
    @property
    def rows_written(self) -> int:
        """Rows written so far: the next band starts there."""
    @property
    def writes_by_band(self) -> bool:
        """True when bands are encoded as they come (EXR, TIFF)."""
    def write_region(self, image: Image, y: Optional[int] = ...) -> None:
        """Writes image as the rows from y (bands in order; default rows_written)."""
    def close(self) -> None:
        """Completes the file and renames it into place."""
    def abort(self) -> None:
        """Drops the file; an existing one is untouched."""
    def __enter__(self) -> "ImageWriter": ...
    def __exit__(self, *exc: Any) -> None: ...

def read_future(path: PathLike, **kw: Any) -> "Future[Image]":
    """vfxpy.read on a background thread: a vfxpy.Future of the image."""

from vfxpy import Future as Future  # noqa: E402
