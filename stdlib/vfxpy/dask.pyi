"""Image files as lazy Dask arrays (vfxpy.dask.from_file)."""

import os
from typing import Any, Literal, Optional, Union

__all__ = ["from_file"]

def from_file(path: Union[str, bytes, os.PathLike[str], os.PathLike[bytes]], chunks: Any = None, *,
              format: Optional[Literal["u8", "u16", "f16", "f32"]] = None, subimage: int = 0) -> Any:
    """A lazy dask.array of the image file (height, width, channels) whose chunks are read only when computed."""
