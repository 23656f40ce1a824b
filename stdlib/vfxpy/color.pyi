"""Type stubs for vfxpy.color (color spaces, matrices, conversions)."""

from typing import Any, Optional, Sequence, TypedDict, Union

import numpy as np
import numpy.typing as npt

from vfxpy import Image

_XY = tuple[float, float]
_White = Union[str, Sequence[float]]  # 'D65', 'ACES', 'DCI', 'D50', 'E', an xy pair or an XYZ triple

class _SpaceInfo(TypedDict):
    name: str
    aliases: list[str]
    gamut: str
    curve: Optional[str]

class _Primaries(TypedDict):
    gamut: str
    red: _XY
    green: _XY
    blue: _XY
    white: _XY

def spaces() -> list[str]: ...
def space_info(name: str) -> _SpaceInfo: ...
def primaries(name: str) -> _Primaries: ...
def white_point(name: str) -> _XY: ...
def rgb_to_xyz(name: str) -> npt.NDArray[np.float64]: ...
def xyz_to_rgb(name: str) -> npt.NDArray[np.float64]: ...
def adaptation_matrix(src_white: _White, dst_white: _White, method: str = "bradford") -> npt.NDArray[np.float64]: ...
def matrix(src: str, dst: str, adaptation: str = "bradford") -> npt.NDArray[np.float64]: ...
def convert(img: Image, src: str, dst: str, adaptation: str = "bradford") -> Image: ...
