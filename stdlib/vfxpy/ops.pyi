"""Type stubs for vfxpy.ops (image ops that return new images)."""

from typing import Literal, Optional, Sequence, SupportsFloat, Tuple, Union

from vfxpy import Image

_Filter = Literal["nearest", "box", "bilinear", "triangle", "bicubic", "catmull-rom", "mitchell", "lanczos3",
                 "lanczos", "gaussian"]
_BlendMode = Literal["normal", "multiply", "screen", "overlay", "add", "subtract", "difference", "exclusion",
                    "darken", "lighten", "soft_light", "hard_light", "color_dodge", "color_burn"]
_Fill = Union[SupportsFloat, Sequence[SupportsFloat]]
_Offset = Tuple[int, int]

FILTERS: Tuple[str, ...]
BLEND_MODES: Tuple[str, ...]

def resize(img: Image, width: Optional[int] = None, height: Optional[int] = None, *, scale: Optional[float] = None,
           filter: _Filter = "lanczos3", premultiplied: bool = True) -> Image:
    """A resized copy (OIIO ImageBufAlgo.resize semantics)."""
def fit(img: Image, width: int, height: int, *, filter: _Filter = "lanczos3", fill: _Fill = 0.0,
        premultiplied: bool = True) -> Image:
    """img letterboxed into width x height."""
def over(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg over bg (premultiplied)."""
def under(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg under bg."""
def in_(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg in bg."""
def out(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg out bg."""
def atop(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg atop bg."""
def xor(fg: Image, bg: Image, *, offset: _Offset = (0, 0)) -> Image:
    """fg xor bg."""
def premultiply(img: Image) -> Image:
    """color * alpha."""
def unpremultiply(img: Image) -> Image:
    """color / alpha (0 where alpha is 0)."""
def blend(fg: Image, bg: Image, mode: _BlendMode = "normal", opacity: float = 1.0, *,
          offset: _Offset = (0, 0)) -> Image:
    """fg blended onto bg with a W3C blend mode."""
def rotate(img: Image, angle: float, expand: bool = False, *, filter: _Filter = "lanczos3",
           center: Optional[Tuple[float, float]] = None) -> Image:
    """img rotated counter-clockwise by angle degrees."""
def rotate90(img: Image) -> Image:
    """90 degrees counter-clockwise, exact."""
def rotate180(img: Image) -> Image:
    """180 degrees, exact."""
def rotate270(img: Image) -> Image:
    """90 degrees clockwise, exact."""
def flip(img: Image, axis: Literal["horizontal", "vertical"]) -> Image:
    """Mirrored left-right ('horizontal') or top-bottom ('vertical')."""
def transpose(img: Image) -> Image:
    """Rows and columns swapped."""
def crop(img: Image, x: int, y: int, width: int, height: int) -> Image:
    """A rectangle inside img."""
def pad(img: Image, left: int = 0, top: int = 0, right: int = 0, bottom: int = 0, *, fill: _Fill = 0.0,
        mode: Literal["constant", "edge"] = "constant") -> Image:
    """img with borders."""
def translate(img: Image, dx: float, dy: float, *, filter: _Filter = "lanczos3") -> Image:
    """img moved by (dx, dy) pixels."""
def blur(img: Image, radius: Optional[float] = None, *, sigma: Optional[float] = None) -> Image:
    """Gaussian blur, edges clamped."""
def box_blur(img: Image, size: int = 3) -> Image:
    """Mean over size x size."""
def unsharp_mask(img: Image, sigma: float = 1.0, amount: float = 1.0, threshold: float = 0.0, *,
                 radius: Optional[float] = None) -> Image:
    """img + amount * (img - blur(img))."""
def sharpen(img: Image, amount: float = 1.0, *, sigma: float = 1.0) -> Image:
    """unsharp_mask without threshold."""
def median(img: Image, size: int = 3) -> Image:
    """Median over size x size."""
def dilate(img: Image, size: int = 3) -> Image:
    """Maximum over size x size."""
def erode(img: Image, size: int = 3) -> Image:
    """Minimum over size x size."""
