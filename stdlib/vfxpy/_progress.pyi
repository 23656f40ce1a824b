"""Type stubs for vfxpy._progress (vfxpy.progress and the batch progress bar)."""

from typing import Iterable, Iterator, Optional, TextIO, TypeVar

_T = TypeVar("_T")

def format_duration(seconds: float) -> str: ...

class Progress:
    total: Optional[int]
    label: str
    unit: str
    file: TextIO
    tty: bool
    lines: bool
    done: int
    failed: int
    start: float
    def __init__(self, total: Optional[int], label: str = "", unit: str = "it", file: Optional[TextIO] = None,
                 tty: Optional[bool] = None, lines: bool = True) -> None: ...
    def rate(self) -> float: ...
    def status(self) -> str: ...
    def advance(self, count: int = 1, failed: int = 0) -> None: ...
    def message(self, text: str) -> None: ...
    def close(self) -> None: ...

def progress(iterable: Iterable[_T], total: Optional[int] = None, label: str = "",
             file: Optional[TextIO] = None) -> Iterator[_T]: ...
