"""The async API on vfxpy's native pool (issue 15, part 3): no Python thread runs the work,
each task has its own native cancel flag (a cancelled read, run or write stops at its next
chunk while the other tasks go on), and an interpreter may exit with tasks pending. The
ticker test, futures and write cancels at the asyncio level are in test_stream.py."""

import asyncio
import concurrent.futures
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import vfxpy
from conftest import vfxrun_binary


def _image(height, width, channels=4, seed=0, dtype=np.float16):
    rng = np.random.default_rng(seed)
    return vfxpy.Image((rng.random((height, width, channels), dtype=np.float32) * 4 - 1).astype(dtype))


def _leftovers(folder):
    return [name for name in os.listdir(folder) if ".tmp-" in name]


def _wait_running(future, limit=30.0):
    """Waits until the pool runs ``future``'s work (True), or it ended first (False)."""
    deadline = time.monotonic() + limit
    while not future.running():
        if future.done() or time.monotonic() > deadline:
            return False
        time.sleep(0.0005)
    return True


@pytest.fixture(scope="module")
def big_exr(tmp_path_factory):
    """A 4096x4096 half RGBA ZIP EXR (128 MiB of pixels), and how long one read takes."""
    path = tmp_path_factory.mktemp("async") / "big.exr"
    vfxpy.write(path, _image(4096, 4096, seed=3), compression="zip")
    started = time.monotonic()
    vfxpy.read(path)
    return path, time.monotonic() - started


def test_no_python_thread_runs_the_work(tmp_path):
    paths = []
    for i in range(4):
        paths.append(tmp_path / f"f.{i}.exr")
        vfxpy.write(paths[-1], _image(256, 512, seed=i), compression="zip")
    before = threading.active_count()
    counts = []

    async def main():
        proc = vfxpy.Processor("cpu")

        async def one(i):
            img = await vfxpy.read_async(paths[i])
            counts.append(threading.active_count())
            await proc.chain(img).exposure(0.5).run_async()
            counts.append(threading.active_count())
            await vfxpy.write_async(tmp_path / f"out.{i}.exr", img)
            counts.append(threading.active_count())
            return img

        tasks = [asyncio.ensure_future(one(i)) for i in range(4)]
        while not all(t.done() for t in tasks):
            counts.append(threading.active_count())
            await asyncio.sleep(0.001)
        return [t.result() for t in tasks]

    images = asyncio.run(main())
    assert set(counts) == {before} and threading.active_count() == before
    assert [t.name for t in threading.enumerate() if "vfxpy" in t.name] == []
    for i, img in enumerate(images):
        expected = vfxpy.read(paths[i])
        vfxpy.Processor("cpu").chain(expected).exposure(0.5).run()
        np.testing.assert_array_equal(img.numpy(), expected.numpy())
        np.testing.assert_array_equal(vfxpy.read(tmp_path / f"out.{i}.exr").numpy(), expected.numpy())


def test_errors_are_those_of_the_sync_calls(tmp_path):
    with pytest.raises(vfxpy.IOError) as raised:
        vfxpy.io.read_future(tmp_path / "missing.exr").result(timeout=30)
    with pytest.raises(vfxpy.IOError) as sync:
        vfxpy.read(tmp_path / "missing.exr")
    assert type(raised.value) is type(sync.value) and raised.value.args == sync.value.args
    assert raised.value.errno == 2 and raised.value.filename == sync.value.filename
    with pytest.raises(vfxpy.FormatError):
        vfxpy.io.read_future(__file__).result(timeout=30)
    with pytest.raises(ValueError, match="compression"):
        vfxpy.write_async(tmp_path / "a.exr", _image(4, 4), compression="nope").result(timeout=30)
    with pytest.raises(TypeError, match="unexpected keyword"):
        vfxpy.read_async(tmp_path / "a.exr", colour=1)
    assert _leftovers(tmp_path) == [] and not (tmp_path / "a.exr").exists()


@pytest.fixture(scope="module")
def big_raster(tmp_path_factory):
    """A 4096x4096 RGB PNG and JPEG (quality 100: a slow decode) of ramps with grain (48 MiB
    of pixels), and how long one read of each takes."""
    folder = tmp_path_factory.mktemp("async_raster")
    ramp = (np.arange(4096, dtype=np.uint16) * 3 // 64).astype(np.uint8)
    pixels = np.random.default_rng(7).integers(0, 24, (4096, 4096, 3), dtype=np.uint8)
    pixels += ramp[:, None, None]
    pixels += ramp[None, :, None] // 2
    img = vfxpy.Image(pixels)
    files = {}
    for name, options in (("big.png", {}), ("big.jpg", {"quality": 100})):
        path = folder / name
        vfxpy.write(path, img, **options)
        started = time.monotonic()
        vfxpy.read(path)
        files[name] = path, time.monotonic() - started
    return files


def _cancel_under_way(path, full, others):
    """Cancels a read of ``path`` (``full`` seconds whole) 5% in, while ``others`` are read
    beside it: the seconds it took to stop, once a cancel came while it ran."""
    for attempt in range(3):  # the read may end before the cancel on a loaded machine: try again
        future = vfxpy.io.read_future(path)
        beside = [vfxpy.io.read_future(p) for p in others]
        if not _wait_running(future):
            continue
        time.sleep(full * 0.05)
        cancelled_at = time.monotonic()
        assert future.cancel() is False  # under way, as concurrent.futures says for running calls
        concurrent.futures.wait([future], timeout=60)
        stopped_after = time.monotonic() - cancelled_at
        if future.exception(timeout=0) is None:
            continue  # it ended before the flag was seen
        break
    else:
        pytest.fail("the read always ended before its cancel")
    assert isinstance(future.exception(timeout=0), concurrent.futures.CancelledError)
    assert future.cancel_requested
    for p, other in zip(others, beside):
        np.testing.assert_array_equal(other.result(timeout=30).numpy(), vfxpy.read(p).numpy())
    return stopped_after


def test_a_cancelled_read_stops_early_and_the_others_complete(big_exr, tmp_path):
    path, full = big_exr
    small = [tmp_path / f"s.{i}.exr" for i in range(3)]
    for i, p in enumerate(small):
        vfxpy.write(p, _image(128, 256, seed=i), compression="piz")
    stopped_after = _cancel_under_way(path, full, small)
    # a whole read takes `full`; a cancelled one stops at its next chunk (a few ms)
    assert stopped_after < full * 0.3, (stopped_after, full)


# The JPEG decoder asks at every few rows (libjpeg's progress monitor), so it stops within
# milliseconds. A PNG of plain rows inflates its image data in one libdeflate call (about
# half of a read), which cannot stop midway: the check comes after it, then every 32 rows.
@pytest.mark.parametrize("name,limit", [("big.jpg", 0.3), ("big.png", 0.75)])
def test_a_cancelled_png_or_jpeg_read_stops_early(big_raster, tmp_path, name, limit):
    path, full = big_raster[name]
    small = [tmp_path / f"s.{i}{path.suffix}" for i in range(2)]
    for i, p in enumerate(small):
        vfxpy.write(p, vfxpy.Image(np.full((96, 128, 3), 40 * i, np.uint8)))
    stopped_after = _cancel_under_way(path, full, small)
    assert stopped_after < full * limit, (stopped_after, full)


def test_ctrl_c_stops_png_and_jpeg_reads(big_raster):
    """SIGINT during a sync read (whole, and one band of a region reader) sets the same
    flag the decoders ask: KeyboardInterrupt comes well before the read would end."""
    paths = {name: str(path) for name, (path, _) in big_raster.items()}
    process = subprocess.run([vfxrun_binary(), "-c", textwrap.dedent(f"""
        import os, signal, threading, time, vfxpy
        def whole(path):
            vfxpy.read(path)
        def band(path):
            with vfxpy.open(path) as reader:
                reader.read_region((0, reader.height))
        def interrupted(how, path, full):
            # the fraction of a whole read it took to stop after a SIGINT 5% in (None: it ended first)
            timer = threading.Timer(full * 0.05, os.kill, (os.getpid(), signal.SIGINT))
            done = False
            try:
                started = time.monotonic()
                timer.start()
                how(path)
                done = True
                timer.join()
                time.sleep(0.05)  # a late signal's KeyboardInterrupt comes here
            except KeyboardInterrupt:
                timer.join()
                return None if done else (time.monotonic() - started - full * 0.05) / full
            return None
        for name, path in {paths!r}.items():
            for how in (whole, band):
                for attempt in range(3):  # the read may end before the signal: try again
                    started = time.monotonic()
                    how(path)
                    fraction = interrupted(how, path, time.monotonic() - started)
                    if fraction is not None:
                        break
                print(name, how.__name__, fraction, flush=True)
        """)], capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    lines = [line.split() for line in process.stdout.splitlines()]
    assert len(lines) == 4, process.stdout
    for name, how, fraction in lines:
        # as the cancel test above: JPEG stops within rows, PNG after its single inflate call
        assert float(fraction) < (0.3 if name == "big.jpg" else 0.75), (name, how, fraction)


def test_a_cancelled_run_stops_early_and_other_runs_complete():
    proc = vfxpy.Processor("cpu")
    source = vfxpy.Image(np.full((2048, 2048, 4), 0.5, np.float32))

    def chain(target):
        c = proc.chain(target)
        for _ in range(24):
            c = c.contrast(1.01).saturation(1.01)
        return c

    expected = source.copy()
    started = time.monotonic()
    chain(expected).run()
    full = time.monotonic() - started
    for attempt in range(3):  # the run may end before the cancel on a loaded machine: try again
        img, other = source.copy(), source.copy()
        future = chain(img).run_async()
        assert _wait_running(future)
        concurrent_run = chain(other).run_async()
        time.sleep(full * 0.05)
        cancelled_at = time.monotonic()
        future.cancel()
        concurrent.futures.wait([future], timeout=60)
        stopped_after = time.monotonic() - cancelled_at
        assert concurrent_run.result(timeout=60) is other
        np.testing.assert_array_equal(other.numpy(), expected.numpy())
        if future.exception(timeout=0) is not None:
            break
    else:
        pytest.fail("the run always ended before its cancel")
    assert isinstance(future.exception(timeout=0), concurrent.futures.CancelledError)
    assert stopped_after < full * 0.3, (stopped_after, full)
    # in place and stopped part way: some rows graded, the rest untouched
    rows = img.numpy()[:, 0, 0]
    assert (rows == 0.5).any() and (rows != 0.5).any()


@pytest.mark.parametrize("name,options", [("big.exr", {"compression": "zip"}), ("big.tif", {"compression": "zip"}),
                                          ("big.png", {}), ("big.dpx", {"bit_depth": 10})])
def test_a_cancelled_write_under_way_leaves_no_file(tmp_path, name, options):
    target = tmp_path / name
    vfxpy.write(target, _image(4, 4))
    before = target.read_bytes()
    big = vfxpy.Image(np.random.default_rng(1).random((2048, 2048, 4), dtype=np.float32))
    small = _image(64, 64)
    future = vfxpy.write_async(target, big, **options)
    beside = vfxpy.write_async(tmp_path / ("beside" + os.path.splitext(name)[1]), small, **options)
    running = _wait_running(future)
    future.cancel()
    concurrent.futures.wait([future, beside], timeout=60)
    assert future.cancel_requested
    if running:
        with pytest.raises(concurrent.futures.CancelledError):
            future.result(timeout=0)
    assert target.read_bytes() == before and _leftovers(tmp_path) == []
    assert beside.result(timeout=0) is None
    assert vfxpy.read(tmp_path / ("beside" + os.path.splitext(name)[1])).shape == (64, 64, 4)


def test_cancel_before_the_start_never_starts(tmp_path):
    img = _image(64, 64)
    # more tasks than the pool runs at once: the last ones wait, and cancel() drops them
    futures = [vfxpy.write_async(tmp_path / f"w.{i}.exr", img) for i in range(64)]
    dropped = [f for f in futures[::-1] if f.cancel()]
    concurrent.futures.wait(futures, timeout=60)
    for f in futures:
        assert f.done()
    for f in dropped:
        assert f.cancelled()
        assert not (tmp_path / f"w.{futures.index(f)}.exr").exists()
    assert _leftovers(tmp_path) == []


def _exit_with_pending(script):
    process = subprocess.run([vfxrun_binary(), "-c", textwrap.dedent(script)], capture_output=True, text=True,
                             timeout=120)
    return process.returncode, process.stdout, process.stderr


def test_exit_with_tasks_pending_is_clean(big_exr, tmp_path):
    path, _ = big_exr
    started = time.monotonic()
    rc, out, err = _exit_with_pending(f"""
        import vfxpy, numpy as np
        futures = [vfxpy.io.read_future({str(path)!r}) for _ in range(6)]
        img = vfxpy.Image(np.ones((2048, 2048, 4), np.float32))
        futures.append(vfxpy.write_async({str(tmp_path / "late.exr")!r}, img))
        futures.append(vfxpy.Processor("cpu").chain(img).contrast(1.2).run_async())
        print("submitted", flush=True)
        """)
    assert rc == 0, err
    assert out == "submitted\n" and "Traceback" not in err and "Fatal" not in err, err
    assert time.monotonic() - started < 60
    assert _leftovers(tmp_path) == []


def test_exit_hands_every_pending_future_its_outcome(big_exr):
    path, _ = big_exr
    rc, out, err = _exit_with_pending(f"""
        import os, sys, vfxpy
        def done(future):  # one write per line: callbacks of several pool threads
            outcome = type(future.exception()).__name__ if future.exception() else "ok"
            os.write(1, f"callback {{outcome}}\\n".encode())
        for _ in range(4):
            vfxpy.io.read_future({str(path)!r}).add_done_callback(done)
        sys.exit(0)
        """)
    assert rc == 0, err
    lines = out.split()
    # every future was handed its outcome (a result, or CancelledError from the exit's drain)
    assert lines.count("callback") == 4 and set(lines) - {"callback"} <= {"ok", "CancelledError"}, out


def test_after_the_exit_drain_no_task_is_taken(tmp_path):
    import _vfxpy

    path = tmp_path / "a.exr"
    vfxpy.write(path, _image(16, 16))
    pending = vfxpy.io.read_future(path)
    try:
        assert _vfxpy._async_drain() in (0, 1)
        assert pending.done()  # drained: its outcome was handed over before the drain returned
        with pytest.raises(RuntimeError, match="exiting"):
            vfxpy.io.read_future(path)
    finally:
        _vfxpy._async_reopen()
    np.testing.assert_array_equal(vfxpy.io.read_future(path).result(timeout=30).numpy(), vfxpy.read(path).numpy())
