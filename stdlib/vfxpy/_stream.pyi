"""Type stubs for vfxpy._stream: open, create and stream by bands of rows (re-exported
by vfxpy and vfxpy.io)."""

from typing import Any, Callable, Iterator, Literal, NamedTuple, Optional, Tuple, Union

from vfxpy import Image
from vfxpy.io import ImageInfo, _PathLike

__all__ = ["ImageReader", "ImageWriter", "Region", "create", "open", "stream"]

_Storage = Literal["u8", "u16", "f16", "f32"]
_Bytes = Union[int, str]

class Region(NamedTuple):
    """A band of whole rows, y_begin (first) up to y_end (excluded)."""

    y_begin: int
    y_end: int
    @property
    def height(self) -> int:
        """Rows in the band."""

def parse_bytes(value: _Bytes, name: str = "max_memory") -> int:
    """An amount of memory: an int (bytes) or a str such as '256MB', '1.5GiB', '64k'."""

class _BandFile:
    """What band readers and writers share: the file's path and the image's size."""

    def __init__(self, path: str, width: int, height: int, channels: int, format: str) -> None: ...
    @property
    def path(self) -> str:
        """The file's path."""
    @property
    def width(self) -> int:
        """Pixels per row."""
    @property
    def height(self) -> int:
        """Rows."""
    @property
    def channels(self) -> int:
        """Channels per pixel."""

class ImageReader(_BandFile):
    """An image file open for reading by bands (vfxpy.open); a context manager."""

    def __init__(self, path: _PathLike, *, subimage: int = 0) -> None: ...
    @property
    def info(self) -> ImageInfo:
        """The header, as vfxpy.io.info gives it."""
    @property
    def format(self) -> str:
        """The storage bands come in by default ('u8', 'u16', 'f16', 'f32')."""
    @property
    def chunk_rows(self) -> int:
        """Rows per chunk of the file (EXR lines per chunk or tile height)."""
    @property
    def reads_by_band(self) -> bool:
        """True when a band is decoded on its own (EXR, TIFF, DPX, PNG, JPEG); False when the file is decoded whole once."""
    def band_rows(self, max_bytes: Optional[_Bytes] = None, rows: Optional[int] = None,
                  format: Optional[_Storage] = None) -> int:
        """The rows per band regions() uses: whole chunks, within max_bytes."""
    def regions(self, max_bytes: Optional[_Bytes] = None, rows: Optional[int] = None) -> Iterator[Region]:
        """Bands of whole chunks covering the image, top to bottom."""
    def read_region(self, region: Union[Region, Tuple[int, int]], format: Optional[_Storage] = None) -> Image:
        """The rows of region as a width x region.height image."""
    def close(self) -> None:
        """Releases the file (also on leaving a with block)."""
    def __enter__(self) -> "ImageReader": ...
    def __exit__(self, *exc: object) -> None: ...

class ImageWriter(_BandFile):
    """An image file written band after band (vfxpy.create); a context manager that
    renames the finished file into place on a clean exit and leaves none on an exception."""

    def __init__(self, native: Any, path: str, width: int, height: int, channels: int, format: str) -> None: ...
    @property
    def format(self) -> str:
        """The storage the writer was created for."""
    @property
    def rows_written(self) -> int:
        """Rows written so far: the next band starts there."""
    @property
    def writes_by_band(self) -> bool:
        """True when bands are encoded as they come (every format: EXR, TIFF, DPX, PNG, JPEG)."""
    def write_region(self, image: Image, y: Optional[int] = None) -> None:
        """Writes image as the rows from y (bands in order; default rows_written)."""
    def close(self) -> None:
        """Completes the file and renames it into place."""
    def abort(self) -> None:
        """Drops the file; an existing one is untouched."""
    def __enter__(self) -> "ImageWriter": ...
    def __exit__(self, exc_type: Optional[type[BaseException]], exc: Optional[BaseException],
                 traceback: object) -> None: ...

def open(path: _PathLike, *, subimage: int = 0) -> ImageReader:  # noqa: A001 - the name API.md fixes
    """Opens an image file for reading by bands (a context manager)."""

def create(path: _PathLike, width: Optional[int] = None, height: Optional[int] = None, channels: Optional[int] = None,
           format: Optional[_Storage] = None, *, like: Union[ImageReader, ImageInfo, Image, None] = None,
           **write_options: Any) -> ImageWriter:
    """Starts an image file written by bands (channels 4 and format 'f16' unless like= says)."""

def stream(src: _PathLike, dst: _PathLike, fn: Optional[Callable[[Image], Optional[Image]]] = None, *,
           max_memory: _Bytes = "256MB", resize: Optional[Tuple[int, int]] = None, filter: str = "lanczos3",
           progress: bool = False, **write_options: Any) -> None:
    """Reads src by bands, applies fn per band (and resize=(w, h), equal to ops.resize)
    and writes dst by bands in bounded memory."""
