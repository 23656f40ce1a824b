"""Streaming and async (issue 15). 1) vfxpy.stream over an 8192x4096 half RGBA ZIP EXR
(256 MiB as stored) with a per-pixel grade, max_memory='256MB', beside the whole-image
read -> grade -> write, and a streaming resize to 1024x512 beside read -> ops.resize ->
write; each runs in a fresh vfxrun (started through sh so that its
getrusage peak is its own), which prints its time and peak RSS. 2) 20 frames of 2048x1080
half read -> graded -> written by an asyncio loop (read_async / run_async / write_async,
4 frames in flight, the work on vfxpy's native pool) beside the plain sequential loop, with
the most Python threads alive during the async loop (1: the work holds none). Ratios are
vfxpy-stream / whole and async / sequential (below 1.0: faster)."""

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

import vfxpy

GRADE = "lambda b: proc.chain(b).exposure(0.5).saturation(1.2).contrast(1.1).run() and None"

STREAM = """
proc = vfxpy.Processor("cpu")
vfxpy.stream(SRC, DST, GRADE, max_memory="256MB")
"""

WHOLE = """
proc = vfxpy.Processor("cpu")
img = vfxpy.read(SRC)
(GRADE)(img)
vfxpy.write(DST, img)
"""

STREAM_RESIZE = """
vfxpy.stream(SRC, DST, resize=(1024, 512), max_memory="256MB")
"""

WHOLE_RESIZE = """
vfxpy.write(DST, vfxpy.ops.resize(vfxpy.read(SRC), 1024, 512))
"""

TIMED = """
import resource, time, vfxpy
t0 = time.perf_counter()
{body}
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

ASYNC = """
import asyncio, threading, time, vfxpy
proc = vfxpy.Processor("cpu")
frames = [f"{folder}/in.{{i}}.exr" for i in range(20)]
threads = 0

async def one(i):
    global threads
    img = await vfxpy.read_async(frames[i])
    threads = max(threads, threading.active_count())
    await proc.chain(img).exposure(0.5).saturation(1.2).contrast(1.1).run_async()
    threads = max(threads, threading.active_count())
    await vfxpy.write_async(f"{folder}/async.{{i}}.exr", img)
    threads = max(threads, threading.active_count())

async def main():
    gate = asyncio.Semaphore(4)
    async def limited(i):
        async with gate:
            await one(i)
    await asyncio.gather(*(limited(i) for i in range(20)))

def sequential():
    for i in range(20):
        img = vfxpy.read(frames[i])
        proc.chain(img).exposure(0.5).saturation(1.2).contrast(1.1).run()
        vfxpy.write(f"{folder}/seq.{{i}}.exr", img)

best = {{"async": 1e9, "seq": 1e9}}
for _ in range({repeat}):
    t0 = time.perf_counter(); asyncio.run(main()); best["async"] = min(best["async"], time.perf_counter() - t0)
    t0 = time.perf_counter(); sequential(); best["seq"] = min(best["seq"], time.perf_counter() - t0)
print(best["async"], best["seq"], threads)
"""


def _fresh(script):
    """Runs ``script`` in a vfxrun forked by sh (its own getrusage peak); its stdout."""
    out = subprocess.run(["/bin/sh", "-c", '"$0" -c "$1"', sys.executable, textwrap.dedent(script)],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def run(row, best_of, args):
    folder = tempfile.mkdtemp(prefix="vfxpy-bench-stream-")
    try:
        width, height = 8192, 4096
        src = os.path.join(folder, "plate.exr")
        with vfxpy.create(src, width, height, 4, "f16", compression="zip") as writer:
            x = np.arange(width, dtype=np.float32)[None, :, None]
            for y0 in range(0, height, 512):
                y = np.arange(y0, y0 + 512, dtype=np.float32)[:, None, None]
                band = (0.6 + 0.5 * np.sin(x / 50 + y / 80 + np.arange(4, dtype=np.float32))) ** 2.2
                writer.write_region(vfxpy.Image(band.astype(np.float16)), y0)
        results = {}
        for name, body in (("stream", STREAM), ("whole", WHOLE), ("stream resize", STREAM_RESIZE),
                           ("whole resize", WHOLE_RESIZE)):
            body = body.replace("SRC", repr(src)).replace("DST", repr(os.path.join(folder, f"{name.replace(' ', '_')}.exr")))
            body = body.replace("GRADE", GRADE)
            best = None
            for _ in range(max(1, min(3, args.repeat))):
                seconds, peak_kb = map(float, _fresh(TIMED.format(body=body)))
                if best is None or seconds < best[0]:
                    best = (seconds, peak_kb)
            results[name] = best
        mb = width * height * 4 * 2 / 1e6
        row("stream 8192x4096 half grade", results["stream"][0], results["whole"][0], "whole read/grade/write")
        row("stream resize 8192x4096 -> 1024x512", results["stream resize"][0], results["whole resize"][0],
            "whole read/resize/write")
        for name, (seconds, peak_kb) in results.items():
            print(f"    {name:<13} {mb / seconds:7.0f} MB/s (half pixels), peak RSS {peak_kb / 1024:6.0f} MB")

        rng = np.random.default_rng(1)
        frame = vfxpy.Image((rng.random((1080, 2048, 4), dtype=np.float32)).astype(np.float16))
        for i in range(20):
            vfxpy.write(os.path.join(folder, f"in.{i}.exr"), frame)
        asynchronous, sequential, threads = map(float, _fresh(ASYNC.format(folder=folder,
                                                                           repeat=max(1, min(3, args.repeat)))))
        row("asyncio 20 frames read/grade/write", asynchronous, sequential, "sequential loop")
        print(f"    asyncio loop: at most {threads:.0f} Python thread(s) alive (the work runs on the native pool)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
