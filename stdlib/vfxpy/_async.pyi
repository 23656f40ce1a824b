"""Type stubs for vfxpy._async: awaitable futures of background reads, writes and runs."""

import concurrent.futures
from typing import Any, Callable, Generator, Generic, TypeVar

from vfxpy import Image
from vfxpy.io import _PathLike

__all__ = ["Future", "read_async", "read_future", "write_async", "submit"]

_T = TypeVar("_T")

class Future(concurrent.futures.Future[_T], Generic[_T]):
    """A concurrent.futures.Future of vfxpy's background work that asyncio code can await."""

    def __init__(self) -> None: ...
    def cancel(self) -> bool:
        """Stops work not started (True); asks work under way to stop where it can (False)."""
    @property
    def cancel_requested(self) -> bool:
        """True once cancel() was called."""
    def __await__(self) -> Generator[Any, None, _T]: ...

def submit(function: Callable[..., _T], *args: Any) -> Future[_T]:
    """Runs function(stop_event, *args) on vfxpy's background threads; returns its Future."""

def read_future(path: _PathLike, **kw: Any) -> Future[Image]:
    """vfxpy.read on a background thread: a Future of the image."""

def read_async(path: _PathLike, **kw: Any) -> Future[Image]:
    """await vfxpy.read_async(path): vfxpy.read without blocking the event loop."""

def write_async(path: _PathLike, img: Image, **options: Any) -> Future[None]:
    """await vfxpy.write_async(path, img): vfxpy.write without blocking the event loop."""
