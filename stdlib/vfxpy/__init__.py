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


def _repr_png_(self) -> bytes:
    """The image as PNG bytes for notebooks: an sRGB preview at most 1024 pixels wide, or
    with ``$OCIO`` set the config's default view from ``scene_linear`` (the view transform
    is in :mod:`vfxpy._display`, loaded at the first preview)."""
    from vfxpy._display import repr_png

    return repr_png(self)


Image._repr_png_ = _repr_png_
del _repr_png_

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


# Submodules and names loaded on first use, so that `import vfxpy` costs only the native
# module (scripts and hooks start fast; `import vfxpy, numpy` within a few percent of
# python3's `import numpy`, see scripts/bench): `vfxpy.lut`, `from vfxpy import lut`,
# `vfxpy.read` and `vfxpy.Processor` all work as if imported here. io: read, write and
# the format modules (it loads hooks, which it calls). _display: show and the previews.
# vfxpy.ocio: most scripts never touch OpenColorIO. vfxpy.dask: Dask itself loads only in
# from_file; it stays out of __all__ so that `from vfxpy import *` never shadows the
# `dask` package. _async: concurrent.futures. _stream: the band readers and writers
# (queue, threads).
_LAZY_MODULES = ("io", "hooks", "color", "transfer", "lut", "ops", "ocio", "dask")
_LAZY_NAMES = {
    "read": "io",
    "write": "io",
    "show": "_display",
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
