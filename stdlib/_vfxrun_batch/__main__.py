"""``vfxrun -m _vfxrun_batch``: the ``vfxrun batch`` driver; with ``--worker``, a local
worker. Both run from the package's modules, not from ``__main__``: Dask pickles
``dask_frame`` and exception classes by reference to them, and they must match."""

import sys

if sys.argv[1:2] == ["--worker"]:
    from _vfxrun_batch.worker import worker_main

    sys.exit(worker_main())

from _vfxrun_batch.driver import main

sys.exit(main())
