"""Type stubs for vfxpy._async: awaitable futures of reads, writes and runs on vfxpy's native pool."""

import concurrent.futures
from typing import Any, Generator, Generic, Optional, TypeVar

from vfxpy import Image
from vfxpy.io import _PathLike

__all__ = ["Future", "read_async", "read_future", "write_async"]

_T = TypeVar("_T")

class Future(concurrent.futures.Future[_T], Generic[_T]):
    """A concurrent.futures.Future of vfxpy's background work that asyncio code can await."""

    def __init__(self) -> None: ...
    def cancel(self) -> bool:
        """Stops work not started (True); sets the native cancel flag of work under way (False)."""
    def running(self) -> bool:
        """True while the work runs on the pool."""
    @property
    def cancel_requested(self) -> bool:
        """True once cancel() was called."""
    def __await__(self) -> Generator[Any, None, _T]: ...

def read_future(path: _PathLike, *, format: Optional[str] = None, layer: Optional[str] = None,
                subimage: int = 0) -> Future[Image]:
    """vfxpy.read on vfxpy's native pool: a Future of the image."""

def read_async(path: _PathLike, *, format: Optional[str] = None, layer: Optional[str] = None,
               subimage: int = 0) -> Future[Image]:
    """await vfxpy.read_async(path): vfxpy.read without blocking the event loop."""

def write_async(path: _PathLike, img: Image, **options: Any) -> Future[None]:
    """await vfxpy.write_async(path, img): vfxpy.write without blocking the event loop."""
