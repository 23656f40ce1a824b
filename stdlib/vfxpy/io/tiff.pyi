from typing import Literal, Optional, Sequence, Tuple, Union

from vfxpy import Image
from vfxpy.io import ImageInfo, _PathLike

FILE_FORMAT: str

def read(path: _PathLike, *, format: Optional[str] = None, layer: Optional[str] = None, subimage: int = 0) -> Image: ...
def write(path: _PathLike, img: Union[Image, Sequence[Image]], *,
          compression: Optional[Literal["none", "lzw", "zip"]] = None,
          bit_depth: Optional[Literal[8, 16, 32]] = None,
          tile_size: Optional[Tuple[int, int]] = None) -> None: ...
def info(path: _PathLike, *, subimage: int = 0) -> ImageInfo: ...
