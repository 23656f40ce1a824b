"""In-process events for pipeline scripts: register a function for an event and vfxpy
calls it with a context dict each time the event happens.

Events and their context keys:

- ``"after_read"``: after :func:`vfxpy.read` (and the format modules' ``read``) decoded
  a file: ``path``, ``image``, ``file_format`` (None when detected), ``frame``.
- ``"before_write"``: before :func:`vfxpy.write` writes: ``path``, ``image`` (the first
  image), ``images`` (all, for multi-part files), ``file_format``, ``options``, ``frame``.
  A handler may change the images' metadata; raising stops the write (nothing is written).
- ``"after_write"``: after the file is complete and renamed into place; same keys.
- ``"frame_done"``: in a ``vfxrun batch`` worker, after ``process(frame, context)``
  returned: ``frame``, ``result``, ``seconds``, ``context``.

``frame`` is the batch frame being processed, or None outside a batch. Handlers run in
registration order; an exception in a handler propagates to the code that caused the
event. ::

    import vfxpy

    def stamp(ctx):
        ctx["image"].metadata["pipeline/frame"] = ctx["frame"]

    vfxpy.hooks.on("before_write", stamp)
    ...
    vfxpy.hooks.off("before_write", stamp)
"""

#: The events :func:`on` takes, in the order of an image's life (see above).
EVENTS = ("after_read", "before_write", "after_write", "frame_done")

_handlers = {event: [] for event in EVENTS}

#: The frame a batch worker is processing (None outside ``process``); set by the worker.
current_frame = None

__all__ = ["EVENTS", "emit", "handlers", "off", "on"]


def _check_event(event) -> str:
    if not isinstance(event, str):
        raise TypeError(f"event must be a str, not {type(event).__name__}")
    if event not in _handlers:
        raise ValueError(f"event must be one of {', '.join(EVENTS)}, not {event!r}")
    return event


def on(event: str, fn=None):
    """Calls ``fn(context)`` on every ``event`` from now on. Returns ``fn``; without
    ``fn``, returns a decorator (``@vfxpy.hooks.on("after_write")``)."""
    _check_event(event)
    if fn is None:
        return lambda function: on(event, function)
    if not callable(fn):
        raise TypeError(f"fn must be callable, not {type(fn).__name__}")
    _handlers[event].append(fn)
    return fn


def off(event: str, fn) -> None:
    """Stops calling ``fn`` on ``event`` (the last registration of it); ValueError when
    ``fn`` is not registered for ``event``."""
    handlers = _handlers[_check_event(event)]
    for index in range(len(handlers) - 1, -1, -1):
        if handlers[index] == fn:
            del handlers[index]
            return
    raise ValueError(f"fn is not registered for {event!r}")


def handlers(event: str) -> list:
    """The functions registered for ``event``, in calling order (a copy)."""
    return list(_handlers[_check_event(event)])


def emit(event: str, context: dict) -> None:
    """Calls every handler of ``event`` with ``context`` (``frame`` is added when
    missing). vfxpy emits its own events; scripts may emit them too."""
    handlers = _handlers[_check_event(event)]
    if not handlers:
        return
    context.setdefault("frame", current_frame)
    for handler in list(handlers):
        handler(context)
