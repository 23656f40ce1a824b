"""OpenColorIO configs, run on vfxpy's fused CPU and Vulkan engine.

    from vfxpy import ocio
    config = ocio.Config("/studio/aces/config.ocio")      # or ocio.Config() for $OCIO
    to_srgb = config.display_processor("ACEScg", "sRGB", "ACES 1.0 - SDR Video")
    to_srgb.apply(img)                                     # in place, every core
    vfxpy.Processor(backend="vulkan").chain(img).exposure(1).apply_ocio(to_srgb).run()

The math is OpenColorIO's (Debian's libOpenColorIO 2.1): it reads the config, resolves
roles, looks, displays and views, and optimizes the processor. vfxpy then runs the
optimized steps: each step it has an op for (matrix, range, log, exponent, 1D and 3D
LUTs, CDL, linear exposure/contrast; the ACES tone-scale grading curves as sampled curves
of OCIO's own evaluation) becomes that op, so the processor fuses with other ops into one
pass over the pixels, uses every core, and runs on Vulkan. Steps without
one (fixed functions such as the ACES output transforms' red modifier and glow, most
grading ops, video/log exposure-contrast) run through OCIO's own CPU processor on each
block of pixels, still on every core; on a Vulkan Processor those pixels come back to the
host for it and go up again (as for vfxpy's own ops without a shader: log, exponent, the
sampled ACES tone-scale curves). ``repr(processor)`` lists every step and where it runs.
vfxpy computes pow and log exactly (OCIO's OPTIMIZATION_FAST_LOG_EXP_POW is off for the
steps). The ACES tone-scale curves are sampled, within OCIO's own float32 noise.

A config is read-only once loaded and may be shared between threads; processors are
built once per (config, arguments) and cached, and many threads may apply one processor
at once. ``apply`` releases the GIL and stops on Ctrl-C.

Errors: a config file that is missing raises :class:`vfxpy.IOError` (errno ENOENT); an
unparsable config or a transform OCIO refuses raises :class:`OCIOError` (a
:class:`vfxpy.VfxError`) with OCIO's message and the file; an unknown color space,
role, display, view or look raises ``ValueError`` naming it and listing the near names.
OCIO's log messages are dropped: nothing is printed.
"""

from __future__ import annotations

import errno
import os
import threading

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Dict, List, Optional, Sequence, Union

    PathLike = Union[str, "os.PathLike[str]"]
    Looks = Union[None, str, Sequence[str]]

import _vfxpy
from _vfxpy import OCIOError

from vfxpy import _fields

__all__ = ["Config", "ColorSpace", "Processor", "OCIOError", "version"]

_DIRECTIONS = ("forward", "inverse")
_INTERPOLATIONS = ("best", "nearest", "linear", "tetrahedral", "cubic", "default")
_WRITE_FORMATS = {".clf": "Academy/ASC Common LUT Format", ".ctf": "Color Transform Format"}
_BAKE_FORMATS = ("cube", "spi3d", "csp", "clf")
# The shaper of bake_lut(shaper_size > 0) for scene-linear sources covers [0, 0.18 * 2**6.5]
# (the top of the ACES lg2 shaper, about 16.3); other sources: [0, 1].
_SHAPER_TOP = 0.18 * 2 ** 6.5
_SHAPER_KNEE = 2.0 ** -6


def version() -> str:
    """The version of the OpenColorIO library vfxpy runs ("2.1.2")."""
    return _vfxpy._ocio_version()


def _fspath(path, name="path") -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or os.PathLike, not {type(path).__name__}")
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError(f"{name} must be a str path, not bytes")
    return path


def _string(value, name) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _direction(direction) -> bool:
    """True for "inverse"."""
    _string(direction, "direction")
    if direction.lower() not in _DIRECTIONS:
        raise ValueError(f"direction must be 'forward' or 'inverse', got {direction!r}")
    return direction.lower() == "inverse"


def _unknown(what: str, name: str, candidates) -> ValueError:
    """A ValueError naming ``name`` and the candidates closest to it."""
    import difflib

    candidates = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in candidates}
    near = [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=6, cutoff=0.5)]
    near += [c for c in candidates if name.lower() in c.lower() and c not in near][:6 - len(near)]
    if near:
        listing = "near names: " + ", ".join(repr(n) for n in near)
    else:
        shown = ", ".join(repr(c) for c in candidates[:8])
        more = f", ... ({len(candidates)} in all)" if len(candidates) > 8 else ""
        listing = f"no near names; the config has {shown or 'none'}{more}"
    return ValueError(f"unknown {what} {name!r} ({listing})")


class ColorSpace:
    """A color space of a config (read-only): ``name``, ``family``, ``encoding``
    (e.g. 'scene-linear', 'sdr-video', 'log'), ``is_data``, ``description`` and
    ``aliases`` (OCIO 2.1 configs may give aliases)."""

    __slots__ = {"name": "The color space's name.", "family": "Its family ('' when none).",
                 "encoding": "Its encoding, e.g. 'scene-linear' ('' when none).",
                 "is_data": "True for data spaces (no color conversion).", "description": "Its description.",
                 "aliases": "Other names OCIO accepts for it (a list)."}

    def __init__(self, name: str, family: str, encoding: str, is_data: bool, description: str, aliases: list):
        self.name = name
        self.family = family
        self.encoding = encoding
        self.is_data = is_data
        self.description = description
        self.aliases = list(aliases)

    def __repr__(self) -> str:
        extra = f" family={self.family!r}" if self.family else ""
        extra += f" encoding={self.encoding!r}" if self.encoding else ""
        extra += " is_data=True" if self.is_data else ""
        return f"<vfxpy.ocio.ColorSpace {self.name!r}{extra}>"


class Config:
    """An OpenColorIO config. ``Config(path)`` reads a config file; ``Config()`` reads the
    file ``$OCIO`` names. :meth:`from_string` parses YAML text. Read-only once loaded."""

    def __init__(self, path: Optional[PathLike] = None):
        if path is None:
            path = os.environ.get("OCIO", "")
            if not path:
                raise OCIOError("no config: path is None and $OCIO is not set")
        path = _fspath(path)
        try:
            native = _vfxpy._ocio_load(path)
        except OCIOError as error:
            message = str(error)
            raise OCIOError(message if path in message else f"{path}: {message}") from None
        self._setup(native, path)

    @classmethod
    def from_string(cls, text: str, *, working_dir: Optional[PathLike] = None) -> "Config":
        """A config from YAML text. ``working_dir`` (default: the current directory)
        resolves the config's relative ``search_path``."""
        _string(text, "text")
        directory = os.getcwd() if working_dir is None else _fspath(working_dir, "working_dir")
        config = cls.__new__(cls)
        config._setup(_vfxpy._ocio_parse(text, directory), None)
        return config

    def _setup(self, native, path):
        import json

        self._native = native
        self._path = path
        self._info = json.loads(native.describe())
        self._spaces = {cs["name"]: ColorSpace(**cs) for cs in self._info["color_spaces"]}
        self._displays = {d["name"]: d for d in self._info["displays"]}
        self._lock = threading.Lock()
        self._cache: Dict[tuple, Processor] = {}

    # -- listings -----------------------------------------------------------------

    path = _fields.attribute("_path", "The file the config was read from (None for :meth:`from_string`).")
    name = _fields.item("name", "The config's ``name`` ('' when it has none).")
    description = _fields.item("description", "The config's ``description``.")
    search_path = _fields.item("search_path", "Where the config looks for LUT files (``search_path``), as written.")
    working_dir = _fields.item("working_dir", "The folder relative search paths start from (the config file's folder).")
    cache_id = _fields.item("cache_id", "OCIO's cache id of the config: equal ids mean the same config.")

    def raw(self) -> str:
        """The config as YAML text (OpenColorIO's serialization of it)."""
        return self._info["yaml"]

    @property
    def color_spaces(self) -> List[str]:
        """The names of the (active) color spaces, in the config's order."""
        return list(self._spaces)

    def color_space(self, name: str) -> ColorSpace:
        """The :class:`ColorSpace` called ``name`` (or with that alias, or role)."""
        return self._spaces[self._resolve_space(name)]

    @property
    def roles(self) -> Dict[str, str]:
        """Role → color space, e.g. {'scene_linear': 'ACEScg', ...}."""
        return dict(self._info["roles"])

    @property
    def displays(self) -> List[str]:
        """The display names, in the config's order."""
        return list(self._displays)

    def views(self, display: str) -> List[str]:
        """The views of ``display``."""
        return list(self._displays[self._resolve_display(display)]["views"])

    default_display = _fields.item("default_display",
                                   "The display that :meth:`display_processor` uses when none is given.")

    def default_view(self, display: Optional[str] = None) -> str:
        """The default view of ``display`` (the default display when None)."""
        display = self.default_display if display is None else self._resolve_display(display)
        return self._displays[display]["default_view"]

    @property
    def looks(self) -> List[str]:
        """The look names, for ``looks=`` of the processors."""
        return list(self._info["looks"])

    def __repr__(self) -> str:
        where = repr(self._path) if self._path else "from a string"
        return (f"<vfxpy.ocio.Config {where}: {len(self._spaces)} color spaces, "
                f"{len(self._displays)} displays, {len(self._info['looks'])} looks>")

    # -- names --------------------------------------------------------------------

    def _resolve_space(self, name) -> str:
        """The color space ``name`` means (a name, alias or role; OCIO ignores case)."""
        _string(name, "color space")
        if name in self._spaces:
            return name
        folded = name.lower()
        roles = {role.lower(): space for role, space in self._info["roles"].items()}
        if folded in roles and roles[folded] in self._spaces:
            return roles[folded]
        for space in self._spaces.values():
            if folded == space.name.lower() or folded in (a.lower() for a in space.aliases):
                return space.name
        candidates = list(self._spaces) + [a for s in self._spaces.values() for a in s.aliases]
        raise _unknown("color space", name, candidates + list(self._info["roles"]))

    def _resolve_display(self, display) -> str:
        _string(display, "display")
        if display in self._displays:
            return display
        raise _unknown("display", display, list(self._displays))

    def _resolve_view(self, display: str, view) -> str:
        _string(view, "view")
        views = self._displays[display]["views"]
        if view in views:
            return view
        raise _unknown(f"view of display {display!r}:", view, views)

    def _looks(self, looks) -> Optional[str]:
        """OCIO's look string ("+grade, -film") from a str or a sequence of names."""
        if looks is None:
            return None
        if isinstance(looks, str):
            parts = [p.strip() for p in looks.replace(":", ",").split(",") if p.strip()]
        elif isinstance(looks, (list, tuple)):
            parts = [_string(p, "looks item").strip() for p in looks]
        else:
            raise TypeError(f"looks must be a str, a list of str or None, not {type(looks).__name__}")
        known = self._info["looks"]
        for part in parts:
            bare = part.lstrip("+-")
            if bare not in known:
                raise _unknown("look", bare, known)
        return ", ".join(parts)

    # -- processors ---------------------------------------------------------------

    def _cached(self, key, build) -> "Processor":
        with self._lock:
            found = self._cache.get(key)
        if found is not None:
            return found
        made = build()
        with self._lock:
            return self._cache.setdefault(key, made)

    def processor(self, src: str, dst: str, *, looks: Looks = None, direction: str = "forward") -> "Processor":
        """``src`` → ``dst`` (color space names, aliases or roles such as
        "scene_linear"), with ``looks`` (a name, "+a, -b", or a list) applied on the
        way; ``direction="inverse"`` gives dst → src."""
        src, dst = self._resolve_space(src), self._resolve_space(dst)
        looks, inverse = self._looks(looks), _direction(direction)
        label = f"{src!r} -> {dst!r}" + (f" looks {looks!r}" if looks else "") + (" inverse" if inverse else "")
        return self._cached(("spaces", src, dst, looks, inverse),
                            lambda: Processor(self._native.processor(src, dst, looks, inverse), label))

    def display_processor(self, src: str, display: Optional[str] = None, view: Optional[str] = None, *,
                          looks: Looks = None, direction: str = "forward") -> "Processor":
        """``src`` (a color space or role) → ``display``/``view`` (the default display and
        its default view when omitted). ``looks`` (when given) replaces the view's looks
        ("" for none)."""
        src = self._resolve_space(src)
        display = self.default_display if display is None else self._resolve_display(display)
        if not display:
            raise OCIOError("the config has no displays")
        view = self.default_view(display) if view is None else self._resolve_view(display, view)
        looks, inverse = self._looks(looks), _direction(direction)
        label = f"{src!r} -> {display!r}/{view!r}" + (f" looks {looks!r}" if looks is not None else "") + (
            " inverse" if inverse else "")
        return self._cached(("display", src, display, view, looks, inverse),
                            lambda: Processor(self._native.display_processor(src, display, view, looks, inverse), label))

    def file_processor(self, path: PathLike, *, interpolation: str = "best", direction: str = "forward") -> "Processor":
        """A LUT (or other) file as OCIO's FileTransform reads it, found through the
        config's search path when relative; ``interpolation`` one of 'best', 'nearest',
        'linear', 'tetrahedral', 'cubic', 'default'."""
        path = _fspath(path)
        _string(interpolation, "interpolation")
        if interpolation.lower() not in _INTERPOLATIONS:
            raise ValueError(f"interpolation must be one of {', '.join(map(repr, _INTERPOLATIONS))}, got {interpolation!r}")
        inverse = _direction(direction)
        if os.path.isabs(path) and not os.path.exists(path):
            raise _vfxpy.IOError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        label = f"file {os.path.basename(path)!r}" + (" inverse" if inverse else "")
        return self._cached(("file", path, interpolation.lower(), inverse),
                            lambda: Processor(self._native.file_processor(path, interpolation.lower(), inverse), label))


    # -- baking -------------------------------------------------------------------

    def bake_lut(self, path: PathLike, src: str, dst: Optional[str] = None, *, display: Optional[str] = None,
                 view: Optional[str] = None, size: int = 33, shaper_size: int = 0,
                 format: Optional[str] = None) -> None:
        """Bakes ``src`` → ``dst`` (or, without ``dst``, ``src`` → ``display``/``view``,
        the defaults when omitted) into a LUT file: the processor sampled on a grid of ``size``
        points per axis by vfxpy (not OCIO's Baker), written with vfxpy's writers, atomically.

        ``format``: 'cube' (Resolve), 'spi3d', 'csp' or 'clf'; by default from the
        extension. ``shaper_size=0``: the grid covers inputs [0, 1]. ``shaper_size > 0``
        (not for .spi3d, which has no shaper): a 1D shaper of that many points comes first,
        ``y = log2(1 + x / k) / log2(1 + top / k)`` with k = 2**-6, over inputs [0, top]
        (top = 0.18 * 2**6.5 ≈ 16.3 for a scene-linear ``src``, else 1), and the grid is
        sampled through its inverse: a .cube gets LUT_1D/3D sections, a .csp a pre-LUT,
        a .clf a Range and a LUT1D before the LUT3D."""
        path = _fspath(path)
        format = _bake_format(path, format)
        size = _count(size, "size", 2, 256)
        shaper_size = _count(shaper_size, "shaper_size", 0, 65536)
        if shaper_size == 1:
            raise ValueError("shaper_size must be 0 (no shaper) or at least 2")
        if shaper_size and format == "spi3d":
            raise ValueError("a .spi3d file holds no shaper: use shaper_size=0, or .cube, .csp or .clf")
        if dst is not None:
            if display is not None or view is not None:
                raise ValueError("give dst, or display/view, not both")
            processor = self.processor(src, dst)
        else:
            processor = self.display_processor(src, display, view)
        top = 1.0
        if shaper_size and self.color_space(src).encoding == "scene-linear":
            top = _SHAPER_TOP
        _bake(path, processor, format, size, shaper_size, top)


def _count(value, name, low, high) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value}")
    return value


def _bake_format(path: str, format) -> str:
    if format is None:
        extension = os.path.splitext(path)[1].lower().lstrip(".")
        if extension not in _BAKE_FORMATS:
            raise ValueError(f"cannot tell the LUT format from {path!r}: use .cube, .spi3d, .csp or .clf, or format=")
        return extension
    _string(format, "format")
    if format.lower().lstrip(".") not in _BAKE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, _BAKE_FORMATS))}, got {format!r}")
    return format.lower().lstrip(".")


def _shaper(x, top):
    """The bake shaper: [0, top] → [0, 1], log-like, smooth at 0."""
    import numpy as np

    return np.log2(1 + np.asarray(x, dtype=np.float64) / _SHAPER_KNEE) / np.log2(1 + top / _SHAPER_KNEE)


def _shaper_inverse(y, top):
    import numpy as np

    return _SHAPER_KNEE * (np.exp2(np.asarray(y, dtype=np.float64) * np.log2(1 + top / _SHAPER_KNEE)) - 1)


def _bake(path, processor, format, size, shaper_size, top):
    import numpy as np
    from vfxpy import lut

    axis = np.linspace(0.0, 1.0, size)
    grid = np.stack(np.meshgrid(axis, axis, axis, indexing="ij"), axis=-1)  # [r, g, b, 3]
    inputs = _shaper_inverse(grid, top) if shaper_size else grid
    pixels = np.ones((size * size, size, 4), dtype=np.float32)
    pixels[..., :3] = inputs.reshape(size * size, size, 3)
    processor.apply(_vfxpy.Image(pixels))
    table = pixels[..., :3].reshape(size, size, size, 3)
    cube = lut.Lut3D(table)
    if format == "clf":
        _write_text_atomically(path, _clf_text(processor, table, shaper_size, top))
        return
    if not shaper_size:
        {"cube": lut.write_cube, "spi3d": lut.write_spi3d, "csp": lut.write_csp}[format](path, cube)
        return
    if format == "cube":
        curve = _shaper(np.linspace(0.0, top, shaper_size), top)
        lut.write_cube(path, lut.LutChain([lut.Lut1D(curve, 0.0, top), cube]))
    else:  # csp: the pre-LUT's points evenly spaced in the shaper's output
        outputs = np.linspace(0.0, 1.0, shaper_size)
        points = _shaper_inverse(outputs, top)
        lut.write_csp(path, lut.LutChain([lut.Prelut([points] * 3, [outputs] * 3), cube]))


def _clf_text(processor, table, shaper_size, top) -> str:
    """A CLF 3.0 document: [Range + LUT1D shaper] then the LUT3D (blue fastest)."""
    import numpy as np

    def numbers(values, per_line):
        flat = [f"{v:.9g}" for v in np.asarray(values, dtype=np.float32).ravel()]
        return "\n".join(" ".join(flat[i:i + per_line]) for i in range(0, len(flat), per_line))

    size = table.shape[0]
    nodes = []
    if shaper_size:
        curve = _shaper(np.linspace(0.0, top, shaper_size), top)
        nodes.append(f'''    <Range inBitDepth="32f" outBitDepth="32f" style="clamp">
        <minInValue>0</minInValue>
        <maxInValue>{top:.17g}</maxInValue>
        <minOutValue>0</minOutValue>
        <maxOutValue>1</maxOutValue>
    </Range>
    <LUT1D inBitDepth="32f" outBitDepth="32f">
        <Array dim="{shaper_size} 1">
{numbers(curve, 1)}
        </Array>
    </LUT1D>''')
    nodes.append(f'''    <LUT3D inBitDepth="32f" outBitDepth="32f" interpolation="tetrahedral">
        <Array dim="{size} {size} {size} 3">
{numbers(table, 3)}
        </Array>
    </LUT3D>''')
    from xml.sax.saxutils import escape

    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ProcessList compCLFversion="3.0" id="vfxpy-bake">\n'
            f'    <Description>{escape(processor._label)} (baked by vfxpy)</Description>\n'
            + "\n".join(nodes) + "\n</ProcessList>\n")


class Processor:
    """An OCIO processor made by a :class:`Config`. :meth:`apply` runs it in place;
    ``vfxpy.Processor().apply_ocio(img, p)`` and ``chain(img).apply_ocio(p)`` fuse it
    with other ops on the Processor's backend."""

    def __init__(self, native, label: str):
        self._native = native
        self._label = label
        self._pipeline = native.pipeline()
        self._steps = native.steps()

    def apply(self, img):
        """Applies the processor to ``img`` in place on every CPU core (any image format;
        alpha untouched unless the config's transforms change it); returns ``img``."""
        if not isinstance(img, _vfxpy.Image):
            raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
        return self._pipeline.apply(img)

    is_noop = _fields.attribute("_native.is_noop", "True when the processor changes nothing.")
    cache_id = _fields.attribute("_native.cache_id", "OCIO's cache id: equal ids mean the same transform.")

    @property
    def steps(self) -> List[dict]:
        """The optimized steps in order: ``transform`` (OCIO's class name), ``ops`` (the
        vfxpy ops it became), ``engine``: 'vfxpy' (fused, every core) or 'ocio-cpu'
        (OCIO's CPU processor, on every core; read back from a GPU), and ``vulkan``: True
        when the Vulkan backend runs it on the device (every op has a shader)."""
        return [{"transform": t, "ops": list(ops), "engine": "vfxpy" if ops else "ocio-cpu", "vulkan": shaders}
                for t, ops, shaders in self._steps]

    ops = _fields.attribute("_pipeline.ops",
                            "The vfxpy ops that apply the processor ('ocio_cpu' for a run of OCIO steps).")

    def write(self, path: PathLike) -> None:
        """Writes the processor as CLF (``.clf``, Academy/ASC Common LUT Format) or CTF
        (``.ctf``, Autodesk Color Transform Format) with OCIO's writer, atomically (a
        temporary file in the same folder, then renamed). CLF cannot hold every OCIO op
        (fixed functions, grading): OCIO then raises :class:`OCIOError`; use .ctf."""
        path = _fspath(path)
        extension = os.path.splitext(path)[1].lower()
        if extension not in _WRITE_FORMATS:
            raise ValueError(f"path must end in .clf or .ctf, got {path!r}")
        text = self._native.text(_WRITE_FORMATS[extension])
        _write_text_atomically(path, text)

    def __repr__(self) -> str:
        parts = []
        for t, ops, shaders in self._steps:
            name = t[:-len("Transform")] if t.endswith("Transform") else t
            where = ("vfxpy: " + ", ".join(ops) + ("" if shaders else "; host on vulkan")) if ops else "ocio-cpu"
            parts.append(f"{name} [{where}]")
        body = "; ".join(parts) if parts else "no-op"
        return f"<vfxpy.ocio.Processor {self._label}: {body}>"


def _write_text_atomically(path: str, text: str) -> None:
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise _vfxpy.IOError(errno.ENOENT, os.strerror(errno.ENOENT), path)
    descriptor, temporary = tempfile.mkstemp(prefix=".vfxpy-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
