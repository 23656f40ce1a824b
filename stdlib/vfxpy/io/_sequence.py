"""Frame sequences: ``scan.####.dpx``, ``scan.%04d.dpx``, ``scan.1001-1100#.dpx``."""

from __future__ import annotations

import os
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotation names only: importing typing costs milliseconds at start-up
    from typing import Iterator, List, Optional, Tuple

__all__ = ["Sequence", "sequence"]

# A frame spec: '#' runs, '@' runs, or printf '%0Nd', optionally preceded by a range
# such as 1001-1100, 1001-1100x2 or 1,5,10-20.
_TOKEN_PATTERN = (r"(?P<range>-?\d+(?:-?-?\d+)?(?:x\d+)?(?:,-?\d+(?:-?-?\d+)?(?:x\d+)?)*)?"
                    r"(?P<pad>#+|@+|%0?(?P<width>\d*)d)")


def _re():
    import re  # on first use: `import vfxpy` must stay fast

    return re


def _parse_ranges(text: str) -> List[int]:
    frames: List[int] = []
    for part in text.split(","):
        match = _re().fullmatch(r"(-?\d+)(?:-(-?\d+))?(?:x(\d+))?", part)
        if not match:
            raise ValueError(f"pattern: cannot read the frame range '{text}'")
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) is not None else first
        step = int(match.group(3) or 1)
        if step < 1:
            raise ValueError(f"pattern: the step in '{part}' must be at least 1")
        if last < first:
            raise ValueError(f"pattern: the range '{part}' ends before it starts")
        frames.extend(range(first, last + 1, step))
    return sorted(set(frames))


class Sequence:
    """A numbered run of files, e.g. ``scan.####.dpx``.

    Padding: ``####`` (or ``@@@@``) is one digit per character, a single ``#`` means 4
    digits (as OpenImageIO's tools read it), ``%04d`` is printf style. A range before
    the padding (``scan.1001-1100#.dpx``, also ``1001-1100x2`` and ``1,5,10-20``)
    restricts the frames. Iterating yields ``(frame, path)`` for frames on disk, in
    order; :meth:`path` formats the path of any frame, for writing.
    """

    def __init__(self, pattern: "str | os.PathLike[str]"):
        text = os.fspath(pattern)
        matches = list(_re().finditer(_TOKEN_PATTERN, os.path.basename(text)))
        if not matches:
            raise ValueError(f"pattern: '{text}' has no frame number (use ####, %04d or 1001-1100#)")
        token = matches[-1]
        offset = len(text) - len(os.path.basename(text))
        self.pattern = text
        self._head = text[: offset + token.start()]
        self._tail = text[offset + token.end():]
        pad = token.group("pad")
        if pad.startswith("%"):
            self.padding = int(token.group("width") or 1)
        elif pad == "#":
            self.padding = 4
        else:
            self.padding = len(pad)
        self.frame_range: Optional[List[int]] = _parse_ranges(token.group("range")) if token.group("range") else None

    def path(self, frame: int) -> str:
        """The path of ``frame``: ``Sequence('a.####.exr').path(7)`` → ``'a.0007.exr'``."""
        if not isinstance(frame, int):
            raise TypeError(f"frame must be an int, not {type(frame).__name__}")
        digits = f"{abs(frame):0{self.padding}d}"
        return f"{self._head}{'-' if frame < 0 else ''}{digits}{self._tail}"

    def _on_disk(self) -> List[Tuple[int, str]]:
        folder = os.path.dirname(self._head) or "."
        prefix = os.path.basename(self._head)
        number = _re().compile(_re().escape(prefix) + r"(-?\d+)" + _re().escape(self._tail) + r"\Z")
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        found = {}
        for name in names:
            match = number.match(name)
            if not match:
                continue
            digits = match.group(1).lstrip("-")
            if len(digits) < self.padding or (len(digits) > self.padding and digits.startswith("0")):
                continue  # other padding: not this sequence
            frame = int(match.group(1))
            found[frame] = os.path.join(os.path.dirname(self._head), name) if os.path.dirname(self._head) else name
        frames = sorted(found)
        if self.frame_range is not None:
            wanted = set(self.frame_range)
            frames = [f for f in frames if f in wanted]
        return [(frame, found[frame]) for frame in frames]

    def __iter__(self) -> Iterator[Tuple[int, str]]:
        return iter(self._on_disk())

    def frames(self) -> List[int]:
        """The frames on disk (within the range, if the pattern has one)."""
        return [frame for frame, _ in self._on_disk()]

    def missing(self) -> List[int]:
        """Frames of the range (or between the first and last on disk) that are not on disk."""
        present = self.frames()
        expected = self.frame_range if self.frame_range is not None else (
            list(range(present[0], present[-1] + 1)) if present else [])
        have = set(present)
        return [frame for frame in expected if frame not in have]

    def __len__(self) -> int:
        return len(self._on_disk())

    def __repr__(self) -> str:
        return f"vfxpy.io.Sequence({self.pattern!r})"


def sequence(pattern: "str | os.PathLike[str]") -> Sequence:
    """A :class:`Sequence` for ``pattern`` (``scan.####.dpx``, ``scan.%04d.dpx``,
    ``scan.1001-1100#.dpx``): iterate it for ``(frame, path)`` on disk, call
    ``.path(frame)`` to name frames for writing."""
    return Sequence(pattern)
