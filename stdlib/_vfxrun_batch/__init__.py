"""``vfxrun batch script.py --frames SPEC [options] [-- script args]``: runs a script's
``process(frame, context)`` over frames in worker processes (or on a Dask cluster).

Not part of the vfxpy API. The contract for the script: it defines
``process(frame, context)``; ``context`` is a dict with ``frame``, ``args`` (the script
arguments after ``--``), ``worker`` (the worker's index, or the Dask worker's address)
and ``frame_count``. Whatever ``process`` returns must be JSON-able (None is fine); it is
gathered into the ``--report`` file. The script is imported once per worker as module
``__vfxrun_batch__`` (its ``if __name__ == "__main__":`` block does not run).

Exit status: 0 when every frame succeeded; 1 when any frame failed (each failure's
traceback is printed, and the rest of the batch goes on unless ``--fail-fast``); 2 for
bad arguments; 130 after Ctrl-C (the workers are stopped, finished frames are
reported).

Worker protocol (local workers are ``vfxrun -m _vfxrun_batch --worker``): the driver
writes JSON lines on the worker's standard input (first the job, then one
``{"frame": n}`` per frame); the worker answers with JSON lines on the file descriptor
named by ``VFXRUN_BATCH_FD`` (``{"ready": true}``, then one
``{"frame", "ok", "result" | "error", "seconds"}`` per frame). The worker's own standard
output and error are the script's.

The modules: ``frames`` parses ``--frames`` and ``--chunk``; ``driver`` is the command
(arguments, local worker processes, progress and report); ``worker`` loads the script and
runs frames (a local worker's main loop too); ``dask_tasks`` runs frames on a Dask cluster.
``vfxrun -m _vfxrun_batch`` runs the driver, ``vfxrun -m _vfxrun_batch --worker`` a worker
(``__main__``).
"""

from _vfxrun_needs_host import require

require("_vfxrun_batch", "`vfxrun batch`")

# Frame specs as `_vfxrun_batch.parse_frames` (examples/batch.py uses it); the module
# imports nothing, so workers pay nothing for it.
from _vfxrun_batch.frames import FrameSpecError, chunk, parse_chunk, parse_frames

__all__ = ["FrameSpecError", "chunk", "parse_chunk", "parse_frames"]
