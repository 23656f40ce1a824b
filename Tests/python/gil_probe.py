"""Shows whether heavy calls release the GIL: a pure-Python thread stamps the time while
the calls run in the main thread.

Python switches threads only between bytecodes, so if a call held the GIL no stamp could
fall inside it, away from its ends by more than the switch interval; with the GIL
released, many do. Load on the machine only thins the stamps, it cannot make them fall
inside a call that holds the GIL."""

import sys
import threading
import time

MARGIN = 0.005  # seconds: well past the 1 ms switch interval set while probing


def stamps_inside(calls):
    """Runs each of ``calls`` (no-argument callables) in turn while a worker thread
    stamps the time. Returns (stamps that fell more than MARGIN inside some call, the
    (start, end) interval of every call)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    stamps, intervals, stop = [], [], threading.Event()

    def worker():
        n = 0
        while not stop.is_set():
            n += 1
            if n % 200 == 0:
                stamps.append(time.perf_counter())

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for call in calls:
            t0 = time.perf_counter()
            call()
            intervals.append((t0, time.perf_counter()))
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    # Stamps made just after a call returns but before its end is read are excluded too:
    # there the worker may hold the GIL for a switch interval.
    inside = [s for s in stamps for t0, t1 in intervals if t0 + MARGIN < s < t1 - MARGIN]
    return inside, intervals
