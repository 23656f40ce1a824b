"""A batch worker: loads the script once and runs ``process(frame, context)`` per frame.
Shared by local workers (``worker_main``, the protocol in the package docstring) and Dask
tasks (``dask_tasks``)."""

import os
import sys
import time

# The exit status of a worker (and of the driver) stopped by Ctrl-C: 128 + SIGINT.
INTERRUPTED = 130


def _die_with_parent(parent: int) -> None:
    """Asks Linux to send this worker SIGINT when the driver dies, even by ``kill -9``:
    the running frame then stops as after Ctrl-C (an atomic write leaves no file)."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGINT), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the closed stdin still ends the worker
        return
    if os.getppid() != parent:  # the driver died before the request was made
        os.kill(os.getpid(), signal.SIGINT)


_loaded = {}


def load_script(path: str, source=None):
    """Imports the batch script as ``__vfxrun_batch__`` (from ``source`` when given, for
    Dask workers that may not see the file), once per process and version."""
    key = (path, hash(source))
    module = _loaded.get(key)
    if module is not None:
        return module
    import types

    if source is None:
        with open(path, "rb") as file:
            source = file.read()
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder) and folder not in sys.path:
        sys.path.insert(0, folder)
    module = types.ModuleType("__vfxrun_batch__")
    module.__file__ = path
    sys.modules["__vfxrun_batch__"] = module
    exec(compile(source, path, "exec"), module.__dict__)
    if not callable(getattr(module, "process", None)):
        raise ScriptError(f"{path} defines no process(frame, context) function")
    _loaded[key] = module
    return module


class ScriptError(Exception):
    """A batch script that breaks the contract (no ``process``)."""


def _format_error(error: BaseException) -> str:
    """The traceback from the script's frames on (this module's frames left out)."""
    import traceback

    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename == __file__:
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


def run_frame(module, frame: int, context: dict) -> dict:
    """Runs ``process(frame, context)`` and the ``frame_done`` hooks; returns the answer
    message (never raises for the script's exceptions; KeyboardInterrupt propagates)."""
    from vfxpy import hooks

    import _vfxrun_hook

    context = dict(context, frame=frame)
    start = time.perf_counter()
    hooks.current_frame = frame
    try:
        result = module.process(frame, context)
        _vfxrun_hook.check_json(result, where=f"process({frame}) result")
        hooks.emit("frame_done", {"frame": frame, "result": result, "seconds": time.perf_counter() - start,
                                  "context": context})
    except Exception as error:
        return {"frame": frame, "ok": False, "error": _format_error(error), "seconds": time.perf_counter() - start}
    finally:
        hooks.current_frame = None
    return {"frame": frame, "ok": True, "result": result, "seconds": time.perf_counter() - start}


def worker_main() -> int:
    """A local worker: reads the job and frames from stdin, answers on VFXRUN_BATCH_FD."""
    import json
    import signal

    def interrupt_once(signum, frame):
        # Ctrl-C at a terminal reaches the worker twice: from the terminal (one process
        # group) and from the driver stopping it. The second must not break the exit.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt_once)
    out = os.fdopen(int(os.environ["VFXRUN_BATCH_FD"]), "w", buffering=1)
    try:
        _die_with_parent(int(os.environ.get("VFXRUN_BATCH_PARENT", os.getppid())))
        job = json.loads(sys.stdin.readline())
        sys.argv = [job["script"]] + job["args"]
        try:
            module = load_script(job["script"])
        except Exception as error:
            out.write(json.dumps({"setup_error": _format_error(error)}) + "\n")
            return 1
        out.write('{"ready": true}\n')
        base = {"args": job["args"], "worker": job["worker"], "frame_count": job["frame_count"]}
        for line in sys.stdin:
            frame = json.loads(line)["frame"]
            out.write(json.dumps(run_frame(module, frame, base)) + "\n")
    except KeyboardInterrupt:
        return INTERRUPTED
    except BrokenPipeError:
        return 1
    return 0
