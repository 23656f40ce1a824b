"""Progress reporting shared by :func:`vfxpy.progress` and ``vfxrun batch``: a bar
redrawn in place on a terminal, plain lines otherwise (farm logs, pipes)."""

import sys
import time


def format_duration(seconds: float) -> str:
    """``M:SS`` or ``H:MM:SS``."""
    seconds = max(0, int(seconds + 0.5))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Counts work done out of ``total`` and shows it on ``file`` (default stderr): on a
    terminal a bar with done/total, items per second and ETA, redrawn at most ten times
    a second; elsewhere a plain line every tenth of the work (at 1, 10, 100, ... items
    and the end when the total is unknown) with ``lines=True``, or none (the caller
    prints its own lines)."""

    def __init__(self, total, label="", unit="it", file=None, tty=None, lines=True):
        self.total = total
        self.label = label
        self.unit = unit
        self.file = file if file is not None else sys.stderr
        if tty is None:
            isatty = getattr(self.file, "isatty", None)
            tty = bool(isatty and isatty())
        self.tty = tty
        self.lines = lines
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self._drawn_at = 0.0
        self._next_line = 0
        self._bar_shown = False
        self._line_at = -1

    def rate(self) -> float:
        elapsed = time.monotonic() - self.start
        return self.done / elapsed if elapsed > 0 else 0.0

    def status(self) -> str:
        """``37/100 (2 failed) 12.3 fps ETA 0:05``."""
        rate = self.rate()
        parts = [f"{self.done}/{self.total}" if self.total is not None else f"{self.done}"]
        if self.failed:
            parts.append(f"({self.failed} failed)")
        parts.append(f"{rate:.1f} {self.unit}/s")
        if self.total is not None and rate > 0 and self.done < self.total:
            parts.append(f"ETA {format_duration((self.total - self.done) / rate)}")
        elif self.total is not None and self.done >= self.total:
            parts.append(f"in {format_duration(time.monotonic() - self.start)}")
        return " ".join(parts)

    def advance(self, count=1, failed=0) -> None:
        self.done += count
        self.failed += failed
        self._show()

    def _show(self) -> None:
        finished = self.total is not None and self.done >= self.total
        if self.tty:
            now = time.monotonic()
            if finished or now - self._drawn_at >= 0.1:
                self._drawn_at = now
                self._draw()
        elif self.lines and self.done >= self._next_line:
            self._line()
            if self.total:
                step = max(1, self.total // 10)
                self._next_line = (self.done // step + 1) * step
            else:  # unknown length: 1, 10, 100, ... items, then the end in close()
                self._next_line = max(1, self._next_line) * 10

    def _line(self) -> None:
        self.file.write(f"{self.label + ': ' if self.label else ''}{self.status()}\n")
        self.file.flush()
        self._line_at = self.done

    def _draw(self) -> None:
        width = 30
        if self.total:
            filled = min(width, int(width * self.done / self.total))
            bar = "[" + "#" * filled + "-" * (width - filled) + "] "
        else:
            bar = ""
        prefix = f"{self.label} " if self.label else ""
        self.file.write(f"\r{prefix}{bar}{self.status()}\x1b[K")
        self.file.flush()
        self._bar_shown = True

    def message(self, text: str) -> None:
        """Prints ``text`` as whole lines, above the bar on a terminal."""
        if self.tty and self._bar_shown:
            self.file.write("\r\x1b[K")
        self.file.write(text if text.endswith("\n") else text + "\n")
        if self.tty and self._bar_shown:
            self._draw()
        self.file.flush()

    def close(self) -> None:
        """Draws the final state and ends the bar's line."""
        if self.tty:
            self._draw()
            self.file.write("\n")
            self.file.flush()
        elif self.lines and self._line_at != self.done and (self.total is None or self.done < self.total):
            self._line()  # where the loop stopped (early, or an iterable of unknown length)


def progress(iterable, total=None, label="", file=None):
    """Yields the items of ``iterable`` and shows how far the loop is: a bar with
    done/total, items per second and ETA on a terminal, a plain line every tenth of the
    way otherwise. ``total`` defaults to ``len(iterable)`` when it has one. ::

        for frame in vfxpy.progress(range(1001, 1101), label="grade"):
            ...
    """
    if total is None:
        try:
            total = len(iterable)
        except TypeError:
            total = None
    if total is not None and (not isinstance(total, int) or isinstance(total, bool) or total < 0):
        raise ValueError(f"total must be a non-negative int, not {total!r}")
    bar = Progress(total, label=label, file=file)
    try:
        for item in iterable:
            yield item
            bar.advance()
    finally:
        bar.close()
