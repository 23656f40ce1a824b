"""Frame lists of ``vfxrun batch``: ``--frames`` specs and ``--chunk`` slices."""


class FrameSpecError(ValueError):
    """A ``--frames`` or ``--chunk`` value that does not parse."""


def parse_frames(spec: str) -> list:
    """Frames from ``1001-1100``, ``1001-1100x2`` (every 2nd), ``1,3,5-9`` or a mix, in
    the order given, each once. Negative frames work (``-5--1``)."""
    frames = []
    seen = set()
    for item in spec.split(","):
        item = item.strip()
        if not item:
            raise FrameSpecError(f"--frames {spec!r}: empty item")
        step = 1
        body = item
        if "x" in item:
            body, _, step_text = item.partition("x")
            try:
                step = int(step_text)
            except ValueError:
                raise FrameSpecError(f"--frames {spec!r}: step {step_text!r} is not an integer") from None
            if step < 1:
                raise FrameSpecError(f"--frames {spec!r}: step must be at least 1")
        dash = body.find("-", 1)  # a leading '-' is a sign
        if dash < 0 and step != 1:
            raise FrameSpecError(f"--frames {spec!r}: a step needs a range ({item!r})")
        try:
            if dash < 0:
                first = last = int(body)
            else:
                first, last = int(body[:dash]), int(body[dash + 1:])
        except ValueError:
            raise FrameSpecError(f"--frames {spec!r}: {item!r} is not a frame or a range FIRST-LAST[xSTEP]") from None
        if last < first:
            raise FrameSpecError(f"--frames {spec!r}: range {item!r} ends before it starts")
        for frame in range(first, last + 1, step):
            if frame not in seen:
                seen.add(frame)
                frames.append(frame)
    return frames


def parse_chunk(text: str) -> tuple:
    """``K/M`` (1 <= K <= M) as ``(K, M)``."""
    index, slash, count = text.partition("/")
    try:
        k, m = int(index), int(count)
    except ValueError:
        raise FrameSpecError(f"--chunk {text!r}: expected K/M, e.g. 2/10") from None
    if not slash or m < 1 or not 1 <= k <= m:
        raise FrameSpecError(f"--chunk {text!r}: K/M needs 1 <= K <= M")
    return k, m


def chunk(frames: list, k: int, m: int) -> list:
    """The K-th (1-based) of M contiguous slices of ``frames``; the M slices cover every
    frame exactly once and differ in length by at most one."""
    n = len(frames)
    return frames[(k - 1) * n // m: k * n // m]
