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
    """A pure-Python thread keeps running while the main thread is inside astype (see
    gil_probe: with the GIL held no stamp could fall well inside a call)."""
    from gil_probe import MARGIN, stamps_inside

    img = vfxpy.Image.new(3840, 2160, channels=4, format="f32", fill=0.3)
    inside, calls = stamps_inside([lambda: img.astype("u8")] * 20)
    long_calls = [c for c in calls if c[1] - c[0] > 2 * MARGIN]
    assert long_calls, "astype should take longer than the margin on a 4K image"
    assert len(inside) > 10 * len(long_calls) / 4, (len(inside), len(long_calls))


def test_two_threads_overlap_in_heavy_calls():
    """With vfxpy limited to one core per call, two Python threads running heavy calls
    use two cores together (process CPU time well above wall time) only because each
    call releases the GIL; holding it would serialize them (CPU time ~ wall time)."""
    results = []
    vfxpy.set_threads(1)
    try:
        assert vfxpy.threads() == 1
        start_cpu = time.process_time()
        start = time.perf_counter()
        threads = [threading.Thread(target=lambda: results.append(heavy_calls(1.0))) for _ in range(2)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        wall = time.perf_counter() - start
        cpu = time.process_time() - start_cpu
    finally:
        vfxpy.set_threads(0)
    assert vfxpy.threads() == vfxpy.cpu_count
    assert all(r > 0 for r in results)
    assert cpu > 1.3 * wall, f"cpu {cpu:.2f}s vs wall {wall:.2f}s: the calls did not overlap"


def test_thread_limit_from_environment(run):
    result = run("-c", "import vfxpy; print(vfxpy.threads())", env={"VFXPY_THREADS": "1"})
    assert result.stdout.strip() == "1"
    with_all = run("-c", "import vfxpy; print(vfxpy.threads(), vfxpy.cpu_count)")
    count, cores = with_all.stdout.split()
    assert count == cores


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
