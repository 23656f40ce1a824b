from typing import Literal, Optional

from vfxpy import Image
from vfxpy.io import ImageInfo, _PathLike

FILE_FORMAT: str

def read(path: _PathLike, *, format: Optional[str] = None, layer: Optional[str] = None, subimage: int = 0) -> Image: ...
def write(path: _PathLike, img: Image, *, quality: Optional[int] = None,
          subsampling: Optional[Literal["444", "422", "420"]] = None) -> None: ...
def info(path: _PathLike, *, subimage: int = 0) -> ImageInfo: ...
