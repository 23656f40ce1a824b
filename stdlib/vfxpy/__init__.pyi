"""Type stubs for vfxpy (the native Image and errors, re-exported)."""

from typing import (Any, Callable, Iterable, Iterator, Literal, Optional, Sequence, SupportsFloat,
                    TextIO, TypeVar, Union, final)

import numpy as np
import numpy.typing as npt

from vfxpy import io as io
from vfxpy import color as color, transfer as transfer
from vfxpy import lut as lut
from vfxpy import hooks as hooks
from vfxpy import ops as ops
from vfxpy import ocio as ocio
from vfxpy import dask as dask
from vfxpy.io import read as read, write as write
from vfxpy.io import _PathLike as _PathLike
from vfxpy.processor import Processor as Processor, ProcessorChain as ProcessorChain, devices as devices

_T = TypeVar("_T")

__version__: str
cpu_count: int

_PixelFormat = Literal["u8", "u16", "f16", "f32"]
_FormatLike = Union[_PixelFormat, str, npt.DTypeLike]
_FillValue = Union[SupportsFloat, Sequence[SupportsFloat]]

class VfxError(Exception):
    """Base class of every error vfxpy raises about images, files and processing."""

class FormatError(VfxError):
    """A file's content is unreadable, corrupt or in an unsupported variant of its format."""

class IOError(VfxError, OSError):  # noqa: A001 - the name API.md fixes
    """The file system refused an operation; also an OSError."""

class UnsupportedError(VfxError):
    """A valid request that this build of vfxpy does not implement."""

@final
class Image:
    """An image in memory, zero-copy with numpy both ways."""

    def __new__(cls, arr: npt.ArrayLike, copy: bool = False) -> "Image": ...
    @classmethod
    def new(
        cls,
        width: int,
        height: int,
        channels: int = 4,
        format: _FormatLike = "f32",
        fill: _FillValue = 0.0,
    ) -> "Image": ...
    def numpy(self, copy: bool = False) -> np.ndarray: ...
    def copy(self) -> "Image": ...
    def astype(self, format: _FormatLike) -> "Image": ...
    def to_f32(self) -> "Image": ...
    def fill(self, value: _FillValue) -> "Image": ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...
    @property
    def channels(self) -> int: ...
    @property
    def format(self) -> _PixelFormat: ...
    @property
    def dtype(self) -> np.dtype: ...
    @property
    def shape(self) -> tuple[int, int, int]: ...
    @property
    def channel_names(self) -> list[str]: ...
    @channel_names.setter
    def channel_names(self, names: Sequence[str]) -> None: ...
    @property
    def metadata(self) -> dict[str, object]: ...
    @metadata.setter
    def metadata(self, value: dict[str, object]) -> None: ...
    def _repr_png_(self) -> bytes:
        """The image as PNG bytes for notebooks: an sRGB preview at most 1024 px wide."""

def show(*images: Image, titles: Optional[Sequence[str]] = None) -> Optional[str]:
    """Shows images side by side: in a notebook, in the cell's output (returns None);
    elsewhere, one PNG in a temporary file, whose path is printed and returned."""

def progress(iterable: Iterable[_T], total: int | None = None, label: str = "",
             file: TextIO | None = None) -> Iterator[_T]:
    """Yields the items of iterable with a progress bar (terminal) or plain lines."""
    ...

def max_image_bytes() -> int:
    """The most bytes one image may take (default: physical memory)."""

def set_max_image_bytes(limit: int) -> None:
    """Sets the limit max_image_bytes() reports."""

def threads() -> int:
    """How many cores heavy vfxpy calls use."""

def set_threads(count: int) -> None:
    """Limits heavy vfxpy calls to count cores; 0 means all cores ($VFXPY_THREADS too)."""

from vfxpy._async import Future as Future, read_async as read_async, write_async as write_async  # noqa: E402
from vfxpy._stream import create as create, open as open, stream as stream  # noqa: E402
