"""Type stubs for vfxpy._display (Image._repr_png_ and vfxpy.show)."""

from typing import Optional, Sequence

from vfxpy import Image

PREVIEW_MAX_WIDTH: int

def preview(img: Image, max_width: int = ...) -> Image: ...
def repr_png(image: Image) -> bytes: ...
def show(*images: Image, titles: Optional[Sequence[str]] = None) -> Optional[str]: ...
