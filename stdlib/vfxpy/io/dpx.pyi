"""Type stubs for vfxpy.io.dpx."""

import os
from typing import Literal, Optional, Union

from vfxpy import Image
from vfxpy.io import ImageInfo

_PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
_Packing = Literal["filled_a", "filled_b", "packed"]
_ByteOrder = Literal["big", "little"]

FILE_FORMAT: str
TRANSFERS: tuple[str, ...]

def read(
    path: _PathLike,
    *,
    format: Optional[str] = None,
    layer: Optional[str] = None,
    subimage: int = 0,
) -> Image: ...
def write(
    path: _PathLike,
    img: Image,
    *,
    bit_depth: Optional[Literal[8, 10, 12, 16]] = None,
    packing: Optional[_Packing] = None,
    transfer: Optional[str] = None,
    colorimetric: Optional[str] = None,
    byte_order: Optional[_ByteOrder] = None,
    timecode: Optional[str] = None,
    frame_rate: Optional[float] = None,
) -> None: ...
def info(path: _PathLike, *, subimage: int = 0) -> ImageInfo: ...
