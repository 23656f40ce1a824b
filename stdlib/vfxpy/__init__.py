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
from vfxpy import hooks  # noqa: E402  (io imports it anyway)
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


# Submodules and names loaded on first use, so that `import vfxpy` costs only the image
# type and file I/O (scripts and hooks that read and write files start fast):
# `vfxpy.lut`, `from vfxpy import lut` and `vfxpy.Processor` all work as if imported here.
# vfxpy.ocio: most scripts never touch OpenColorIO. vfxpy.dask: Dask itself loads only in
# from_file; it stays out of __all__ so that `from vfxpy import *` never shadows the
# `dask` package. _async: concurrent.futures. _stream: the band readers and writers
# (queue, threads).
_LAZY_MODULES = ("color", "transfer", "lut", "ops", "ocio", "dask")
_LAZY_NAMES = {
    "Processor": "processor",
    "ProcessorChain": "processor",
    "devices": "processor",
    "progress": "_progress",
    "Future": "_async",
    "read_async": "_async",
    "write_async": "_async",
    "create": "_stream",
    "open": "_stream",
    "stream": "_stream",
}


def __getattr__(name):
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module("vfxpy." + name)
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module("vfxpy." + _LAZY_NAMES[name]), name)
        globals()[name] = value  # once: later lookups find it without this function
        return value
    raise AttributeError(f"module 'vfxpy' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_MODULES) | set(_LAZY_NAMES))
