"""``vfxrun batch --dask ADDRESS``: frames as tasks on a Dask cluster of vfxrun workers.
Dask pickles ``dask_frame`` by reference (``_vfxrun_batch.dask_tasks.dask_frame``), so the
workers import it from here; keep its name and module stable."""

import os
import time

from _vfxrun_batch.worker import ScriptError, load_script, run_frame


def dask_frame(path: str, source: bytes, frame: int, context: dict) -> dict:
    """The task a Dask worker runs for one frame (the worker must be vfxrun)."""
    module = load_script(path, source)
    import distributed

    try:
        worker = distributed.get_worker().address
    except ValueError:
        worker = "dask"
    return run_frame(module, frame, dict(context, worker=worker))


def run_dask(address: str, script: str, frames: list, args: list, fail_fast: bool, reporter) -> bool:
    """Runs the frames as tasks on the Dask cluster at ``address``."""
    try:
        import distributed
    except ImportError:
        reporter.bar.message("vfxrun batch: --dask needs Dask distributed (Debian: apt install python3-distributed)")
        return False
    with open(script, "rb") as file:
        source = file.read()
    path = os.path.abspath(script)
    context = {"args": args, "frame_count": len(frames)}
    client = distributed.Client(address, timeout="20s")
    futures = []
    try:
        futures = [client.submit(dask_frame, path, source, frame, context, pure=False, key=f"vfxrun-frame-{frame}-{os.getpid()}-{time.time_ns()}")
                   for frame in frames]
        for future in distributed.as_completed(futures):
            try:
                answer = future.result()
            except ScriptError as error:
                reporter.bar.message(f"vfxrun batch: {error}")
                return False
            except Exception as error:
                frame = frames[futures.index(future)]
                answer = {"frame": frame, "ok": False, "seconds": 0.0,
                          "error": f"the Dask task failed: {type(error).__name__}: {error}\n"}
            reporter.frame(answer)
            if fail_fast and not answer["ok"]:
                return False
        return True
    finally:
        client.cancel(futures)
        client.close()
