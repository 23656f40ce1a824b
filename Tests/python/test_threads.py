"""Heavy Swift calls release the GIL, so other Python threads run meanwhile."""

import threading
import time

import numpy as np

import vfxpy


def heavy_calls(seconds):
    img = vfxpy.Image.new(3840, 2160, channels=4, format="f32", fill=0.3)
    calls = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        img.astype("f16")
        img.fill([0.1, 0.2, 0.3, 1.0])
        img.copy()
        calls += 1
    return calls


def test_python_threads_run_during_heavy_calls():
    """A pure-Python counter thread keeps counting while the main thread is inside
    astype/fill/copy. If the GIL were held through those calls, the counter would only
    advance in the short gaps between them."""
    stop = threading.Event()
    counts = []

    def counter():
        n = 0
        while not stop.is_set():
            n += 1
        counts.append(n)

    # Baseline: how fast the counter runs when the main thread just sleeps.
    t = threading.Thread(target=counter)
    t.start()
    time.sleep(0.5)
    stop.set()
    t.join()
    idle_rate = counts.pop() / 0.5

    stop.clear()
    t = threading.Thread(target=counter)
    t.start()
    start = time.perf_counter()
    inside = 0.0
    img = vfxpy.Image.new(3840, 2160, channels=4, format="f32", fill=0.3)
    while time.perf_counter() - start < 1.5:
        t0 = time.perf_counter()
        img.astype("f16")
        inside += time.perf_counter() - t0
    stop.set()
    t.join()
    busy_rate = counts.pop() / (time.perf_counter() - start)
    assert inside > 1.0, "the main thread should spend most of its time inside astype"
    # With the GIL released the counter keeps a good share of its idle speed (it
    # competes with astype's worker threads for 2 cores); with the GIL held it would
    # crawl at the interpreter's switch interval.
    assert busy_rate > 0.1 * idle_rate, (busy_rate, idle_rate)


def test_two_threads_overlap_in_heavy_calls():
    """Two threads each running heavy calls finish together in about the time of one."""
    results = []
    start_cpu = time.process_time()
    start = time.perf_counter()
    threads = [threading.Thread(target=lambda: results.append(heavy_calls(1.0))) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    wall = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    assert all(r > 0 for r in results)
    assert cpu > 1.2 * wall, f"cpu {cpu:.2f}s vs wall {wall:.2f}s: the calls did not overlap"


def test_concurrent_astype_results_are_correct():
    arrays = [np.random.default_rng(i).random((512, 512, 4), dtype=np.float32) for i in range(4)]
    out = [None] * 4

    def work(i):
        out[i] = vfxpy.Image(arrays[i]).astype("u16").numpy()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    for arr, got in zip(arrays, out):
        assert np.array_equal(got, np.floor(arr * np.float32(65535) + np.float32(0.5)).astype(np.uint16))
