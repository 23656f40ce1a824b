"""Async image I/O and processing: :func:`read_async`, :func:`write_async`,
``ProcessorChain.run_async`` and :func:`vfxpy.io.read_future` return a :class:`Future`,
which is a ``concurrent.futures.Future`` that asyncio code can ``await``::

    img = await vfxpy.read_async("plate.1001.exr")
    await proc.chain(img).exposure(0.5).run_async()
    await vfxpy.write_async("graded.1001.exr", img)

The work runs on vfxpy's native thread pool (a few tasks at once, each using every core)
with no Python thread and without the GIL, so the event loop keeps running; when it ends,
the pool thread takes the GIL just long enough to hand the result (or the exception the
synchronous call would raise) to the future, whose done callbacks bring it to the event
loop through ``loop.call_soon_threadsafe`` (``asyncio.wrap_future``).

Cancelling (``task.cancel()`` or ``future.cancel()``) is per call: it sets that call's own
native cancel flag, and no other's. Work not started yet never starts. Work under way
stops at its next chunk, band or row and its future ends in ``CancelledError``: a
``write_async`` leaves no file (the old one is untouched; every encoder stops between
chunks or before its file is renamed into place), an EXR, TIFF or DPX read stops between
chunks and a JPEG or PNG read between rows, and its partial image is dropped (a plain
PNG's image data is inflated in one call, which cannot stop midway: the check comes
after it), and a ``run_async`` on the CPU stops between rows and on the GPU between tiles
(images over the device's budget; one that fits is one submit, which runs to its end),
leaving its image partly processed (the run is in place).

At interpreter exit, tasks still pending are cancelled and waited for (``atexit``), so
a script may end with reads in flight.
"""

from __future__ import annotations

import atexit
import concurrent.futures

import _vfxpy
from vfxpy import io as _io

__all__ = ["Future", "read_async", "read_future", "write_async"]


class Future(concurrent.futures.Future):
    """A ``concurrent.futures.Future`` for vfxpy's background work that can also be
    awaited in asyncio (``await future``): ``result(timeout)``, ``done()``,
    ``running()``, ``add_done_callback``, ``concurrent.futures.wait`` and
    ``as_completed`` all work. ``cancel()`` stops work that has not started (returns
    True); work under way is stopped at its next chunk by its own native cancel flag and
    ``cancel`` returns False, as ``concurrent.futures`` does for running calls; such
    work then ends in ``CancelledError``."""

    def __init__(self):
        super().__init__()
        self._task = None
        self._then = None
        self._cancel_requested = False

    def cancel(self) -> bool:
        """Cancels the call: work not started never starts (returns True); work under way
        has its native cancel flag set, stops at its next chunk, band or row (a write
        leaves no file) and ends in ``CancelledError``; ``cancel`` then returns False.
        A finished future keeps its result (False). :attr:`cancel_requested` is True
        from then on."""
        self._cancel_requested = True
        task = self._task
        if task is None or self.done():
            return super().cancel()
        if task.cancel() and super().cancel():  # never started: the pool hands this future nothing
            # what an executor does for a cancelled call: concurrent.futures.wait and
            # as_completed see it as done from then on
            self.set_running_or_notify_cancel()
            return True
        return False

    def running(self) -> bool:
        """True while the work runs on the pool."""
        task = self._task
        return (task is not None and task.running) or super().running()

    @property
    def cancel_requested(self) -> bool:
        """True once :meth:`cancel` was called."""
        return self._cancel_requested

    def __await__(self):
        import asyncio

        return asyncio.wrap_future(self).__await__()

    def _vfx_complete(self, result, error) -> None:
        """Called by the native pool, with the GIL, when the work ended: sets the result
        (after the call's ``_then`` step, such as an ``after_read`` hook) or the error."""
        then, self._then, self._task = self._then, None, None
        if self.done():
            return
        if error is None and then is not None:
            try:
                then(result)
            except BaseException as raised:  # noqa: B036 (handed to whoever waits on the future)
                error = raised
        if error is None:
            self.set_result(result)
        else:
            self.set_exception(error)


def _start(submit, *args, then=None) -> Future:
    future = Future()
    future._then = then
    future._task = submit(future, *args)
    return future


def read_future(path, *, format=None, layer=None, subimage=0) -> Future:
    """:func:`vfxpy.read` on vfxpy's native pool: a :class:`Future` of the image. Takes
    the keywords of :func:`vfxpy.read`; errors are those :func:`vfxpy.read` raises."""
    text = _io._path(path)
    hooks = _io._hooks

    def after(img):
        if hooks._handlers["after_read"]:
            hooks.emit("after_read", {"path": text, "image": img, "file_format": None})

    return _start(_vfxpy._read_async, text, None, format, layer, subimage, then=after)


def read_async(path, *, format=None, layer=None, subimage=0) -> Future:
    """``await vfxpy.read_async(path, **kw)``: :func:`vfxpy.read` without blocking the
    event loop (the same keywords). Returns an awaitable :class:`Future`."""
    return read_future(path, format=format, layer=layer, subimage=subimage)


def write_async(path, img, **options) -> Future:
    """``await vfxpy.write_async(path, img, **options)``: :func:`vfxpy.write` without
    blocking the event loop (the same options and errors), on vfxpy's native pool.
    Cancelling stops the encoder at its next chunk or band and leaves no file; the file
    there before is untouched."""
    from vfxpy import Image

    if not isinstance(img, Image):
        raise TypeError(f"img must be a vfxpy.Image, not {type(img).__name__}")
    text, prepared, clean, event = _io._prepare_write(path, img, None, options)
    hooks = _io._hooks

    def after(_):
        if event is not None:
            hooks.emit("after_write", event)

    return _start(_vfxpy._write_async, text, prepared, None, clean, then=after)


def _run_future(pipeline, img, device: int, auto: bool) -> Future:
    """``pipeline`` applied to ``img`` in place on vfxpy's native pool (what
    ``ProcessorChain.run_async`` returns): a :class:`Future` of ``img``."""
    return _start(_vfxpy._apply_async, pipeline, img, device, auto)


def _drain() -> None:
    """At exit: cancels the tasks still pending and waits for them (no pool thread may
    call into a finalized interpreter)."""
    _vfxpy._async_drain()


atexit.register(_drain)
