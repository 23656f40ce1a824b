"""vfxpy: images, color and image I/O for VFX scripts, built into vfxrun.

The native part (Swift) holds the pixels; this package is its Python face. Images are
zero-copy both ways with numpy::

    import numpy as np
    import vfxpy

    arr = np.zeros((1080, 1920, 4), dtype=np.float32)
    img = vfxpy.Image(arr)          # a view of arr's memory, no copy
    view = img.numpy()              # a view of the same pixels
    half = img.astype("f16")        # a converted copy

Errors: :class:`VfxError` is the base of :class:`FormatError` (bad file content),
:class:`IOError` (file system; also an :class:`OSError`) and :class:`UnsupportedError`.
Wrong argument types and values raise :class:`TypeError` / :class:`ValueError` naming
the argument; sizes beyond :func:`max_image_bytes` raise :class:`MemoryError`.
"""

from _vfxpy import (
    FormatError,
    Image,
    IOError,
    UnsupportedError,
    VfxError,
    __version__,
    cpu_count,
    max_image_bytes,
    set_max_image_bytes,
    set_threads,
    threads,
)

from vfxpy import io  # noqa: E402  (after the native names io/ needs)
from vfxpy.io import read, write  # noqa: E402
from vfxpy.processor import Processor, ProcessorChain, devices  # noqa: E402
from vfxpy import color, transfer  # noqa: E402
from vfxpy import lut  # noqa: E402
from vfxpy import hooks  # noqa: E402
from vfxpy._progress import progress  # noqa: E402
from vfxpy import ops  # noqa: E402
from vfxpy._display import show  # noqa: E402  (also gives Image its _repr_png_)

__all__ = [
    "Future",
    "Processor",
    "ProcessorChain",
    "color",
    "devices",
    "transfer",
    "io",
    "lut",
    "hooks",
    "progress",
    "ops",
    "ocio",
    "show",
    "read",
    "read_async",
    "write",
    "write_async",
    "open",
    "create",
    "stream",
    "FormatError",
    "Image",
    "IOError",
    "UnsupportedError",
    "VfxError",
    "__version__",
    "cpu_count",
    "max_image_bytes",
    "set_max_image_bytes",
    "set_threads",
    "threads",
]


_ASYNC_NAMES = ("Future", "read_async", "write_async")
_STREAM_NAMES = ("create", "open", "stream")


def __getattr__(name):
    # vfxpy.ocio loads on first use (most scripts never touch OpenColorIO; start-up stays
    # fast): `vfxpy.ocio` and `from vfxpy import ocio` both work.
    # vfxpy.dask too (Dask itself loads only in from_file); it stays out of __all__ so
    # that `from vfxpy import *` never shadows the `dask` package.
    if name in ("ocio", "dask"):
        import importlib

        return importlib.import_module("vfxpy." + name)
    if name in _ASYNC_NAMES:  # concurrent.futures loads on first use, not at start-up
        from vfxpy import _async

        return getattr(_async, name)
    if name in _STREAM_NAMES:  # so do the band readers and writers (queue, threads)
        from vfxpy import _stream

        return getattr(_stream, name)
    raise AttributeError(f"module 'vfxpy' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"ocio", "dask"} | set(_ASYNC_NAMES) | set(_STREAM_NAMES))
