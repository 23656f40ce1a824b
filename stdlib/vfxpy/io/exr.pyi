"""Type stubs for vfxpy.io.exr."""

from typing import Literal, Optional, Sequence, Tuple, Union

from vfxpy import Image
from vfxpy.io import ImageInfo, _PathLike

_Compression = Literal["none", "rle", "zips", "zip", "piz", "pxr24", "b44", "b44a", "dwaa", "dwab"]

FILE_FORMAT: str
COMPRESSIONS: Tuple[str, ...]

def read(path: _PathLike, *, format: Optional[str] = None, layer: Optional[str] = None,
         subimage: int = 0) -> Image: ...
def write(
    path: _PathLike,
    img: Union[Image, Sequence[Image]],
    *,
    compression: Optional[_Compression] = None,
    pixel_type: Optional[Literal["half", "float"]] = None,
    bit_depth: Optional[Literal[16, 32]] = None,
    tile_size: Optional[Tuple[int, int]] = None,
    dwa_compression_level: Optional[float] = None,
) -> None: ...
def info(path: _PathLike, *, subimage: int = 0) -> ImageInfo: ...
