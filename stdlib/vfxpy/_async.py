"""Async image I/O and processing: :func:`read_async`, :func:`write_async`,
``ProcessorChain.run_async`` and :func:`vfxpy.io.read_future` return a :class:`Future`,
which is a ``concurrent.futures.Future`` that asyncio code can ``await``::

    img = await vfxpy.read_async("plate.1001.exr")
    await proc.chain(img).exposure(0.5).run_async()
    await vfxpy.write_async("graded.1001.exr", img)

The work runs on a small pool of threads that spend their time in native code with the
GIL released (the decoders, encoders and Processor use every core on their own), so the
event loop keeps running; completion reaches the loop through
``loop.call_soon_threadsafe`` (``asyncio.wrap_future``).

Cancelling (``task.cancel()`` or ``future.cancel()``) is per call: work not started yet
never starts; a ``write_async`` under way (every format, JPEG included: it is written
through :func:`vfxpy.create`) stops at its next band and leaves no file. A read or a
chain under way runs to its end (the native cancel flag is process-wide, so setting it
would stop every other task too); its result is then dropped.
"""

from __future__ import annotations

import concurrent.futures
import os
import queue
import threading

from vfxpy import io as _io

__all__ = ["Future", "read_async", "read_future", "write_async", "submit"]


class Future(concurrent.futures.Future):
    """A ``concurrent.futures.Future`` for vfxpy's background work that can also be
    awaited in asyncio (``await future``): ``result(timeout)``, ``done()``,
    ``add_done_callback``, ``concurrent.futures.wait`` and ``as_completed`` all work.
    ``cancel()`` stops work that has not started (returns True); for work under way it
    asks the work to stop at its next band where it can (writes) and returns False,
    as ``concurrent.futures`` does for running calls; such work then raises
    ``CancelledError``."""

    def __init__(self):
        super().__init__()
        self._stop = threading.Event()

    def cancel(self) -> bool:
        """Cancels the call: work not started never starts (returns True); work under way
        is asked to stop at its next band where it can (writes), else runs
        to its end with its result dropped, and ``cancel`` returns False; such a future
        then ends in ``CancelledError``. A finished future keeps its result (False).
        :attr:`cancel_requested` is True from then on."""
        self._stop.set()
        return super().cancel()

    @property
    def cancel_requested(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._stop.is_set()

    def __await__(self):
        import asyncio

        return asyncio.wrap_future(self).__await__()


_queue: "queue.SimpleQueue" = queue.SimpleQueue()
_threads: list = []
_threads_lock = threading.Lock()


def _pool_size() -> int:
    return max(2, min(8, os.cpu_count() or 2))


def _worker() -> None:
    while True:
        future, function, args = _queue.get()
        if not future.set_running_or_notify_cancel():
            continue
        result = None
        try:
            if future._stop.is_set():
                raise concurrent.futures.CancelledError()
            result = function(future._stop, *args)
        except BaseException as error:  # noqa: B036 (handed to whoever waits on the future)
            future.set_exception(error)
        else:
            if future._stop.is_set():
                future.set_exception(concurrent.futures.CancelledError())
            else:
                future.set_result(result)
        future = function = args = result = None  # no reference kept while idle


def submit(function, *args) -> Future:
    """Runs ``function(stop_event, *args)`` on vfxpy's background threads; returns its
    :class:`Future`. ``stop_event`` is set when the future is cancelled."""
    future = Future()
    _queue.put((future, function, args))
    with _threads_lock:
        if len(_threads) < _pool_size():
            thread = threading.Thread(target=_worker, name=f"vfxpy-async-{len(_threads)}", daemon=True)
            thread.start()
            _threads.append(thread)
    return future


def read_future(path, **kw) -> Future:
    """:func:`vfxpy.read` on a background thread: a :class:`Future` of the image.
    Takes the keywords of :func:`vfxpy.read`."""
    path = _io._path(path)
    return submit(lambda stop: _io.read(path, **kw))


def read_async(path, **kw) -> Future:
    """``await vfxpy.read_async(path, **kw)``: :func:`vfxpy.read` without blocking the
    event loop. Returns an awaitable :class:`Future`."""
    return read_future(path, **kw)


def _write_by_bands(stop, path, img, options):
    """An image written band by band through :func:`vfxpy.create`, checking ``stop``
    between bands: a cancel leaves no file (``ImageWriter.abort``)."""
    from vfxpy import _stream

    hooks = _io._hooks
    event = None
    if hooks._handlers["before_write"] or hooks._handlers["after_write"]:
        event = {"path": path, "image": img, "images": [img], "file_format": None, "options": dict(options)}
        hooks.emit("before_write", event)
    band = max(16, (32 << 20) // max(1, img.width * img.channels * 4))
    with _stream.create(path, like=img, **options) as writer:
        for y in range(0, img.height, band):
            if stop.is_set():
                raise concurrent.futures.CancelledError()
            writer.write_region(_rows(img, y, band), y)
        if stop.is_set():
            raise concurrent.futures.CancelledError()
    if event is not None:
        hooks.emit("after_write", event)


# What vfxpy.create writes band by band.
_BAND_EXTENSIONS = (".exr", ".tif", ".tiff", ".dpx", ".png", ".jpg", ".jpeg", ".jpe", ".jfif")


def _rows(img, y, band):
    """Rows y..y+band of ``img`` as a zero-copy image."""
    from vfxpy import Image

    return Image(img.numpy()[y:y + band])


def write_async(path, img, **options) -> Future:
    """``await vfxpy.write_async(path, img, **options)``: :func:`vfxpy.write` without
    blocking the event loop (the same options). The file is written band by band
    (:func:`vfxpy.create`) so that cancelling stops at the next band and leaves no file
    (a JPEG is encoded at the end: a cancel stops it only before that). A path with no
    image extension is written whole by :func:`vfxpy.write`."""
    from vfxpy import Image

    if not isinstance(img, Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    text = _io._path(path)
    clean = {k: v for k, v in options.items() if v is not None}
    if text.lower().endswith(_BAND_EXTENSIONS):
        return submit(_write_by_bands, text, img, clean)
    return submit(lambda stop: _io.write(text, img, **clean))
