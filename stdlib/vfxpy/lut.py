"""LUTs: 1D and 3D lookup tables, LUT files, and applying them to images.

    from vfxpy import lut
    cube = lut.read("grade.cube")              # a Lut3D (or Lut1D, Matrix, LutChain)
    vfxpy.Processor().apply_lut(img, cube)     # in place, every core, GIL released
    lut.write_cube("copy.cube", cube, title="grade")

**Lut1D** ``(size, 3)`` entries, one curve per channel, sampled evenly over
``[domain_min, domain_max]`` (per channel); inputs are clamped to the domain and
interpolated linearly (NaN gives the first entry, as OpenColorIO). ``Lut1D(curve)`` with a
1-D ``(size,)`` array puts the same curve on R, G and B.

**Lut3D** ``size³`` RGB entries over a cube domain; ``data[r, g, b]`` is the output at grid
point (r, g, b). In memory red changes fastest (the ``.cube`` order), so ``data`` is a
non-contiguous view; ``data.transpose(2, 1, 0, 3)`` is the C-contiguous ``[b, g, r]`` view.
Interpolation ``'tetrahedral'`` (default) or ``'trilinear'``; inputs clamped to the domain.

``lut.data`` is a writable numpy VIEW of the LUT's own memory. Applying (``apply``,
``Processor.apply_lut``, ``ProcessorChain.apply_lut``) takes a snapshot of the entries when
the op is added; later edits of ``data`` change later applications only.

**Files** (readers and writers in Swift): Resolve/Iridas ``.cube``, Sony ``.spi1d``,
``.spi3d``, ``.spimtx`` and Cinespace ``.csp``. :func:`read` detects the format from the
content (then the extension). A file with one step reads as that object (``Lut1D``,
``Lut3D`` or ``Matrix``, with ``.title`` and ``.comments``); a file with several steps (a
``.cube`` with a 1D shaper and a 3D cube, a ``.csp`` with a pre-LUT) reads as a
:class:`LutChain` whose ``.ops`` apply in order. Malformed files raise
:class:`vfxpy.FormatError` naming the file and the line. Writers write a temporary file in
the target's folder and rename it (atomic); numbers are written as the shortest decimal
that reads back as the same float32, so writing then reading is lossless.
"""

from __future__ import annotations

import os
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Optional, Sequence, Union

import _vfxpy

from vfxpy import _fields

__all__ = [
    "Lut1D", "Lut3D", "Matrix", "Prelut", "LutChain",
    "read", "read_cube", "read_spi1d", "read_spi3d", "read_spimtx", "read_csp",
    "write_cube", "write_spi1d", "write_spi3d", "write_spimtx", "write_csp",
    "CLF", "read_clf",
]


def _np():
    import numpy  # imported on first use so that `import vfxpy` stays fast

    return numpy


def _domain(value, name):
    np = _np()
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        arr = np.repeat(arr, 3)
    if arr.shape != (3,):
        raise ValueError(f"{name} must be a number or 3 numbers (R, G, B), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {arr.tolist()}")
    return tuple(float(v) for v in arr)


def _float_array(data, name="data"):
    np = _np()
    try:
        arr = np.asarray(data)
    except Exception as error:  # noqa: BLE001 - numpy says why
        raise TypeError(f"{name} must be an array of numbers: {error}") from None
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"{name} must hold numbers, not {arr.dtype}")
    return arr


class _Named:
    #: the file's title (``.cube`` TITLE), if any
    title: Optional[str] = None
    #: the file's comment lines (``.csp`` metadata), if any
    comments: Sequence[str] = ()


class _Table(_Named):
    """What Lut1D and Lut3D share: a native table with a size and a domain."""

    @classmethod
    def _wrap(cls, native):
        lut = cls.__new__(cls)
        lut._native = native
        return lut

    size = _fields.attribute("_native.size", "Entries per channel (1D) or per axis (3D).")
    domain_min = _fields.attribute("_native.domain_min", "The input mapped to the first entry, per channel (R, G, B).")
    domain_max = _fields.attribute("_native.domain_max", "The input mapped to the last entry, per channel (R, G, B).")

    def apply(self, img):
        """Applies the LUT to ``img`` in place; returns ``img``."""
        return _apply(self, img)

    def _add_to(self, pipeline):
        pipeline.add_lut(self._native)


class Lut1D(_Table):
    """A 1D LUT: ``Lut1D(data, domain_min=0.0, domain_max=1.0, *, half_domain=False)``.

    ``data``: ``(size, 3)`` (one curve per channel) or ``(size,)`` (the same curve on R, G,
    B), size >= 2, finite numbers; copied into the LUT. Domains: one number or three.
    ``half_domain=True``: 65536 entries indexed by the half-float bit pattern of the input
    (CLF halfDomain); the domain is then unused.
    """

    #: Always 'linear' for 1D LUTs (Lut3D's is settable).
    interpolation = "linear"

    def __init__(self, data, domain_min=0.0, domain_max=1.0, *, half_domain: bool = False):
        np = _np()
        arr = _float_array(data)
        if arr.ndim == 1:
            arr = np.repeat(arr[:, None], 3, axis=1)
        if arr.ndim != 2 or arr.shape[1] != 3:
            raise ValueError(f"data must have shape (size,) or (size, 3), got {arr.shape}")
        if arr.shape[0] < 2:
            raise ValueError(f"data needs at least 2 entries, got {arr.shape[0]}")
        arr = np.ascontiguousarray(arr, dtype=np.float32)
        if not half_domain and not np.isfinite(arr).all():
            raise ValueError("data must hold finite numbers (NaN or infinity found)")
        self._native = _vfxpy._Lut1D(arr, _domain(domain_min, "domain_min"), _domain(domain_max, "domain_max"),
                                     bool(half_domain))

    @classmethod
    def gamma(cls, size: int, gamma: float) -> "Lut1D":
        """``x -> x**(1/gamma)`` on [0, 1] with ``size`` entries (a display-encoding curve)."""
        return cls._wrap(_vfxpy.lut1d_gamma(size, gamma))

    @classmethod
    def identity(cls, size: int) -> "Lut1D":
        """The identity on [0, 1] with ``size`` entries."""
        return cls._wrap(_vfxpy.lut1d_identity(size))

    half_domain = _fields.attribute("_native.half_domain",
                                    "True for a 65536-entry LUT indexed by the input's half-float bits (CLF halfDomain).")
    is_inverse = _fields.attribute("_native.is_inverse",
                                   "True when this LUT applies the inverse of its curve (see :meth:`inverse`).")

    @property
    def data(self):
        """``(size, 3)`` float32, a writable view of the LUT's entries."""
        return _np().asarray(self._native)

    def inverse(self) -> "Lut1D":
        """The exact inverse: a LUT applying, per channel, the input at which this curve
        (linear between entries) gives the value, by binary search on the curve, so
        ``lut(lut.inverse()(y)) == y`` up to float rounding for y in the curve's range.
        Values beyond the range give the end of the domain. Each channel must be
        monotonic and not constant (``ValueError`` otherwise). ``inverse()`` of an
        inverse is the forward LUT again. Its ``data`` is the forward curve."""
        return Lut1D._wrap(self._native.inverted())

    def __repr__(self) -> str:
        kind = "half-domain " if self.half_domain else ""
        inv = " inverse" if self.is_inverse else ""
        dom = "" if self.half_domain else f" domain {_fmt(self.domain_min)}..{_fmt(self.domain_max)}"
        title = f" {self.title!r}" if self.title else ""
        return f"<vfxpy.lut.Lut1D{inv}{title} {kind}size {self.size}{dom}>"


class Lut3D(_Table):
    """A 3D LUT: ``Lut3D(data, domain_min=0.0, domain_max=1.0, interpolation="tetrahedral")``.

    ``data``: ``(size, size, size, 3)`` indexed ``[r, g, b]``, 2 <= size <= 256, finite
    numbers; copied into the LUT.
    """

    def __init__(self, data, domain_min=0.0, domain_max=1.0, interpolation: str = "tetrahedral"):
        np = _np()
        arr = _float_array(data)
        if arr.ndim != 4 or arr.shape[3] != 3 or not (arr.shape[0] == arr.shape[1] == arr.shape[2]):
            raise ValueError(f"data must have shape (size, size, size, 3), got {arr.shape}")
        if not np.isfinite(arr).all():
            raise ValueError("data must hold finite numbers (NaN or infinity found)")
        memory = np.ascontiguousarray(arr.transpose(2, 1, 0, 3), dtype=np.float32)
        self._native = _vfxpy._Lut3D(memory, _domain(domain_min, "domain_min"), _domain(domain_max, "domain_max"),
                                     interpolation)

    @classmethod
    def identity(cls, size: int) -> "Lut3D":
        """The identity cube with ``size`` points per axis on [0, 1]."""
        return cls._wrap(_vfxpy.lut3d_identity(size))

    @property
    def interpolation(self) -> str:
        """'tetrahedral' (default) or 'trilinear'; settable."""
        return self._native.interpolation

    @interpolation.setter
    def interpolation(self, value: str):
        self._native.interpolation = value

    @property
    def data(self):
        """``(size, size, size, 3)`` float32 indexed ``[r, g, b]``: a writable view of the
        LUT's entries (red fastest in memory)."""
        return _np().asarray(self._native).transpose(2, 1, 0, 3)

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return (f"<vfxpy.lut.Lut3D{title} size {self.size} {self.interpolation} "
                f"domain {_fmt(self.domain_min)}..{_fmt(self.domain_max)}>")


class Matrix(_Named):
    """``out = matrix @ rgb + offset`` on RGB, alpha untouched (a ``.spimtx`` file).
    ``offset`` is in normalized units (the file stores it in 16-bit code values)."""

    def __init__(self, matrix, offset=(0.0, 0.0, 0.0)):
        np = _np()
        m = np.asarray(matrix, dtype=np.float64)
        o = np.asarray(offset, dtype=np.float64)
        if m.shape != (3, 3):
            raise ValueError(f"matrix must be 3x3, got shape {m.shape}")
        if o.shape != (3,):
            raise ValueError(f"offset must have 3 values, got shape {o.shape}")
        if not (np.isfinite(m).all() and np.isfinite(o).all()):
            raise ValueError("matrix and offset must be finite")
        self.matrix = m.astype(np.float32)
        self.offset = o.astype(np.float32)

    def apply(self, img):
        """Applies it to ``img`` in place; returns ``img``."""
        return _apply(self, img)

    def _add_to(self, pipeline):
        pipeline.add_matrix(self.matrix.tolist(), self.offset.tolist())

    def _step(self):
        return ("matrix", self.matrix.ravel().tolist(), self.offset.tolist())

    def __repr__(self) -> str:
        return f"<vfxpy.lut.Matrix {self.matrix.tolist()} + {self.offset.tolist()}>"


class Prelut(_Named):
    """A Cinespace pre-LUT: per channel, points ``inputs[c][i] -> outputs[c][i]`` (inputs
    strictly increasing) joined by the format's reference cubic segments (two points: a
    straight line); clamped to the first/last output outside the points."""

    def __init__(self, inputs: Sequence, outputs: Sequence):
        np = _np()
        if len(inputs) != 3 or len(outputs) != 3:
            raise ValueError("inputs and outputs need 3 channels each")
        self.inputs = [np.asarray(c, dtype=np.float32) for c in inputs]
        self.outputs = [np.asarray(c, dtype=np.float32) for c in outputs]
        for c in range(3):
            if self.inputs[c].ndim != 1 or self.inputs[c].shape != self.outputs[c].shape or len(self.inputs[c]) < 2:
                raise ValueError(f"channel {c} needs at least 2 inputs and as many outputs")

    def apply(self, img):
        """Applies it to ``img`` in place; returns ``img``."""
        return _apply(self, img)

    def _add_to(self, pipeline):
        pipeline.add_prelut([c.tolist() for c in self.inputs], [c.tolist() for c in self.outputs])

    def _step(self):
        return ("prelut", [c.tolist() for c in self.inputs], [c.tolist() for c in self.outputs])

    def __repr__(self) -> str:
        return f"<vfxpy.lut.Prelut points {[len(c) for c in self.inputs]}>"


class LutChain(_Named):
    """Several steps applied in order, as read from one file (a 1D shaper then a 3D cube;
    a pre-LUT then a LUT). ``ops`` lists them; ``apply(img)`` runs all of them in one pass."""

    def __init__(self, ops: Sequence, title: Optional[str] = None, comments: Optional[list] = None):
        for index, op in enumerate(ops):
            if not hasattr(op, "_add_to"):
                raise TypeError(f"ops[{index}] must be a Lut1D, Lut3D, Matrix or Prelut, not {type(op).__name__}")
        self.ops = list(ops)
        self.title = title
        self.comments = list(comments or [])

    def apply(self, img):
        """Applies every step to ``img`` in place, in one pass; returns ``img``."""
        return _apply(self, img)

    def _add_to(self, pipeline):
        for op in self.ops:
            op._add_to(pipeline)

    def __len__(self) -> int:
        return len(self.ops)

    def __iter__(self):
        return iter(self.ops)

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        return f"<vfxpy.lut.LutChain{title} {' -> '.join(type(op).__name__ for op in self.ops)}>"


def _fmt(values) -> str:
    if values[0] == values[1] == values[2]:
        return f"{values[0]:g}"
    return "(" + ", ".join(f"{v:g}" for v in values) + ")"


def _apply(lut, img):
    if not isinstance(img, _vfxpy.Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    pipeline = _vfxpy.Pipeline()
    lut._add_to(pipeline)
    return pipeline.apply(img)


def _path(path) -> str:
    try:
        return os.fspath(path)
    except TypeError:
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}") from None


def _wrap_step(step):
    if isinstance(step, _vfxpy._Lut1D):
        return Lut1D._wrap(step)
    if isinstance(step, _vfxpy._Lut3D):
        return Lut3D._wrap(step)
    kind, first, second = step
    if kind == "matrix":
        np = _np()
        return Matrix(np.asarray(first).reshape(3, 3), second)
    return Prelut(first, second)


def read(path: Union[str, os.PathLike], format: Optional[str] = None):
    """Reads a LUT file; the format ('cube', 'spi1d', 'spi3d', 'spimtx', 'csp') is detected
    from the content (then the extension) unless given. Returns a Lut1D, Lut3D or Matrix
    for a one-step file, else a LutChain; each has ``.title`` and ``.comments``."""
    answer = _vfxpy.lut_read(_path(path), format)
    steps = [_wrap_step(s) for s in answer["steps"]]
    result = steps[0] if len(steps) == 1 else LutChain(steps)
    result.title = answer["title"]
    result.comments = answer["comments"]
    return result


def read_cube(path):
    """Reads a Resolve or Iridas ``.cube`` (1D, 3D, or a 1D shaper + 3D cube)."""
    return read(path, "cube")


def read_spi1d(path):
    """Reads a Sony ``.spi1d``."""
    return read(path, "spi1d")


def read_spi3d(path):
    """Reads a Sony ``.spi3d``."""
    return read(path, "spi3d")


def read_spimtx(path):
    """Reads a Sony ``.spimtx`` (a Matrix; offsets in the file are 16-bit code values)."""
    return read(path, "spimtx")


def read_csp(path):
    """Reads a Cinespace ``.csp`` (1D or 3D, with pre-LUTs)."""
    return read(path, "csp")


def _steps(lut):
    if isinstance(lut, LutChain):
        return [_step(op) for op in lut.ops]
    return [_step(lut)]


def _step(op):
    if isinstance(op, (Lut1D, Lut3D)):
        return op._native
    if isinstance(op, (Matrix, Prelut)):
        return op._step()
    raise TypeError(f"lut must be a Lut1D, Lut3D, Matrix, Prelut or LutChain, not {type(op).__name__}")


def _write(path, lut, format, title, comments):
    steps = _steps(lut)  # TypeError naming lut for anything else
    if title is None:
        title = lut.title
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None, not {type(title).__name__}")
    if comments is None:
        comments = list(lut.comments or [])
    _vfxpy.lut_write(_path(path), format, steps, title, list(comments))


def write_cube(path, lut, title: Optional[str] = None, comments: Optional[list] = None) -> None:
    """(Every writer: ``title``/``comments`` default to the LUT's own, as read from a file.)
    Writes a ``.cube``: a Lut1D or Lut3D (Iridas style, DOMAIN_MIN/MAX when not [0, 1]),
    or a LutChain of a Lut1D shaper and a Lut3D (Resolve style, LUT_1D/3D_INPUT_RANGE)."""
    _write(path, lut, "cube", title, comments)


def write_spi1d(path, lut, title: Optional[str] = None, comments: Optional[list] = None) -> None:
    """Writes a ``.spi1d`` (one Lut1D with the same domain on R, G, B)."""
    _write(path, lut, "spi1d", title, comments)


def write_spi3d(path, lut, title: Optional[str] = None, comments: Optional[list] = None) -> None:
    """Writes a ``.spi3d`` (one Lut3D on [0, 1])."""
    _write(path, lut, "spi3d", title, comments)


def write_spimtx(path, lut, title: Optional[str] = None, comments: Optional[list] = None) -> None:
    """Writes a ``.spimtx`` (one Matrix)."""
    _write(path, lut, "spimtx", title, comments)


def write_csp(path, lut, title: Optional[str] = None, comments: Optional[list] = None) -> None:
    """Writes a ``.csp``: a Lut1D or Lut3D (a domain other than [0, 1] becomes a straight
    two-point pre-LUT), or a LutChain of a Prelut then a Lut1D/Lut3D."""
    _write(path, lut, "csp", title, comments)


# CLF / CTF (Academy Common LUT Format 3.0): read_clf and the CLF object.
from vfxpy._clf import CLF, read_clf  # noqa: E402
