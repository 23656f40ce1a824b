from typing import Literal, Optional

from vfxpy import Image
from vfxpy.io import ImageInfo, PathLike

FILE_FORMAT: str

def read(path: PathLike, *, format: Optional[str] = None, layer: Optional[str] = None, subimage: int = 0) -> Image: ...
def write(path: PathLike, img: Image, *, compression: Optional[int] = None,
          bit_depth: Optional[Literal[8, 16]] = None) -> None: ...
def info(path: PathLike, *, subimage: int = 0) -> ImageInfo: ...
