"""The Vulkan backend beside the CPU backend: a 5-op chain on a 4K f32 RGBA image, with
the transfers (upload, run, read back) and resident (the image already on the device,
the result left there). Runs on whatever Vulkan device Processor(backend="vulkan")
takes: here Mesa's lavapipe (a CPU rasterizer, expected slower than the CPU backend);
on a machine with a GPU, the GPU. Then the issue-11 ratios: the copy floor (GPU
timestamps), separate calls against the fused chain, a chain on a tiny image, transfers
against a bare staging copy, numpy-wrapped images on auto against the CPU, and the
pipeline cache (a fresh process's first chain against a warm one)."""

import numpy as np

import vfxpy
from bench_peers import best_of_each


def run(row, best_of, args):
    try:
        gpu = vfxpy.Processor(backend="vulkan")
    except vfxpy.UnsupportedError as error:
        print(f"vulkan backend: skipped ({error})")
        return
    cpu = vfxpy.Processor(backend="cpu")
    w, h = 3840, 2160
    r = max(3, args.repeat // 2)
    base = np.random.default_rng(0).uniform(0, 1.5, (h, w, 4)).astype(np.float32)
    cube = vfxpy.lut.Lut3D.identity(33)
    print(f"vulkan backend on {gpu.device_name}, 4K f32 RGBA, 5-op chain (exposure, saturation, cdl, contrast, 33^3 LUT):")

    def chain(proc, img):
        (proc.chain(img).exposure(0.01).saturation(1.01).cdl(slope=(1.01, 1, 0.99), power=(1.1, 1, 0.9))
         .contrast(1.01).apply_lut(cube).run())

    cpu_img = vfxpy.Image(base, copy=True)
    on_cpu = best_of(lambda: chain(cpu, cpu_img), r)
    gpu_img = vfxpy.Image(base, copy=True)

    def transfers():
        chain(gpu, gpu_img)          # uploads (the image is on the host)
        np.asarray(gpu_img)          # reads back (a view needs host memory)

    row("vulkan chain: upload+run+readback", best_of(transfers, r), on_cpu, "cpu backend chain")
    chain(gpu, gpu_img)              # now resident
    before = vfxpy.processor._vfxpy._gpu_transfer_counts()
    resident = best_of(lambda: chain(gpu, gpu_img), r)
    after = vfxpy.processor._vfxpy._gpu_transfer_counts()
    assert after["uploads"] == before["uploads"] and after["downloads"] == before["downloads"], "not resident"
    row("vulkan chain: resident on the device", resident, on_cpu, "cpu backend chain")

    def one_by_one(proc, img):
        proc.exposure(img, 0.01).saturation(img, 1.01).cdl(img, slope=(1.01, 1, 0.99), power=(1.1, 1, 0.9))
        proc.contrast(img, 1.01).apply_lut(img, cube)

    row("vulkan 5 calls, resident between them", best_of(lambda: one_by_one(gpu, gpu_img), r),
        best_of(lambda: one_by_one(cpu, cpu_img), r), "cpu backend 5 calls")

    # ---- floors and ratios (issue 11): each row says what it is set against and the goal
    floors = vfxpy.processor._vfxpy._gpu_copy_floors(gpu._device_index, w * h * 16)
    index = gpu._device_index
    if floors["device_copy"] is not None:
        print(f"copy floor (vkCmdCopyBuffer device to device, {w * h * 16 >> 20} MiB, GPU timestamps): "
              f"{floors['device_copy'] * 1e3:.3f} ms")
        row("resident chain vs the copy floor", resident, floors["device_copy"], "device-to-device copy")
    fused = resident
    separate = best_of(lambda: one_by_one(gpu, gpu_img), r)
    row("5 calls resident vs the fused chain (goal<=1.3)", separate, fused, "fused chain")
    np.asarray(gpu_img)

    tiny = np.random.default_rng(1).uniform(0, 1.5, (16, 16, 4)).astype(np.float32)
    tiny_img = vfxpy.Image(tiny, copy=True)
    gpu.exposure(tiny_img, 0.01)
    rt = max(20, args.repeat * 5)
    row("tiny 16x16: 5-op chain vs 1 call (goal<=3)", best_of(lambda: chain(gpu, tiny_img), rt),
        best_of(lambda: gpu.exposure(tiny_img, 0.01), rt), "one exposure call")
    row("upload+run+readback vs host<->device copy (goal<=1.5)", best_of(transfers, r), floors["round_trip"],
        "staging<->device copy")
    upload_and_readback(row, args, gpu, base, floors)

    auto = vfxpy.Processor()
    wrapped = vfxpy.Image(base.copy())
    wrapped_cpu = vfxpy.Image(base.copy())
    on_auto, on_cpu_5 = best_of_each([lambda: one_by_one(auto, wrapped), lambda: one_by_one(cpu, wrapped_cpu)], r)
    note = "" if auto.backend == "vulkan" else " [no GPU: auto picked the cpu backend; lavapipe is never auto-picked]"
    row(f"numpy-wrapped, 5 calls, Processor() auto (goal<=1.0){note}", on_auto, on_cpu_5, "cpu backend 5 calls")
    auto_on_device(row, r, gpu, cpu, base, one_by_one)

    # pipeline cache: a fresh process's first chain against a warm one, after an earlier
    # process filled the cache (the second of two runs)
    import json
    import subprocess
    import sys
    import tempfile
    code = f"""
import json, time, numpy as np, vfxpy
p = vfxpy.Processor(backend="vulkan", device={index})
img = vfxpy.Image(np.random.default_rng(0).uniform(0, 1.5, (270, 480, 4)).astype(np.float32), copy=True)
cube = vfxpy.lut.Lut3D.identity(17)
def chain():
    p.chain(img).exposure(0.01).saturation(1.01).cdl(slope=(1.01, 1, 0.99), power=(1.1, 1, 0.9)).contrast(1.01).apply_lut(cube).run()
t0 = time.perf_counter(); chain(); first = time.perf_counter() - t0
warm = min((lambda t: (chain(), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
print(json.dumps([first, warm]))
"""
    with tempfile.TemporaryDirectory() as home:
        env = dict(__import__("os").environ, XDG_CACHE_HOME=home)
        runs = [json.loads(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                          check=True).stdout) for _ in range(2)]
    row("no cache: first chain in a process vs warm", runs[0][0], runs[0][1], "warm chain")
    row("cached: first chain in a 2nd process vs warm (goal<=2)", runs[1][0], runs[1][1], "warm chain")
    ops_on_device(row, best_of, args, gpu)


def upload_and_readback(row, args, gpu, base, floors):
    """Upload alone (an op on a host image, less the same op resident) and read-back
    alone (np.asarray of a resident image) of the 4K f32 image (after a first round
    that imports its pages where the device can), against a
    copy of the same bytes between the pinned staging buffer and device memory (GPU
    timestamps; half the round trip's wall clock without them)."""
    r = max(3, args.repeat // 2)
    resident = vfxpy.Image(base, copy=True)
    gpu.exposure(resident, 0.01)
    run_resident = min(_timed(lambda: gpu.exposure(resident, 0.01)) for _ in range(r))
    first = []
    back = []
    image = vfxpy.Image(base, copy=True)  # the same image each time: imported once
    for _ in range(r + 1):
        first.append(_timed(lambda: gpu.exposure(image, 0.01)))   # on the host: uploads
        back.append(_timed(lambda: np.asarray(image)))            # reads back
    first, back = first[1:], back[1:]
    half = floors["round_trip"] / 2
    up_floor = floors["upload"] if floors["upload"] is not None else half
    down_floor = floors["download"] if floors["download"] is not None else half
    row("upload alone vs pinned staging->device copy (goal<=1.5)", max(min(first) - run_resident, 1e-9), up_floor,
        "staging->device copy")
    row("read-back alone vs pinned device->staging copy (goal<=1.5)", min(back), down_floor, "device->staging copy")


def _timed(action):
    import time
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def auto_on_device(row, r, gpu, cpu, base, one_by_one):
    """Processor() on auto with the cost model engaged on this Vulkan device (picked
    with $VFXPY_DEVICE, as auto never picks lavapipe): per call it weighs the transfers
    against the CPU backend; beside it the explicit backend, which always runs on the
    device (a numpy-wrapped RGBA f32 array: in place on its imported memory)."""
    import os

    import _vfxpy

    saved = os.environ.get("VFXPY_DEVICE")
    os.environ["VFXPY_DEVICE"] = str(gpu._device_index)
    try:
        auto = vfxpy.Processor()
    finally:
        if saved is None:
            del os.environ["VFXPY_DEVICE"]
        else:
            os.environ["VFXPY_DEVICE"] = saved
    wrapped = vfxpy.Image(base.copy())
    probe = _vfxpy.Pipeline()
    probe.add_exposure(0.01)
    e = _vfxpy._gpu_estimate(probe, wrapped, gpu._device_index)
    print(f"cost model on {gpu.device_name}: link {e['link'] / 1e9:.1f} GB/s, device {e['device'] / 1e9:.1f} GB/s, "
          f"host {e['host'] / 1e9:.1f} GB/s, submit {e['submit'] * 1e6:.0f} us, exposure "
          f"{e['cpu_seconds_per_pixel'] * 1e9:.2f} ns/pixel/core; one exposure on the wrapped 4K image: device "
          f"{e['device_seconds'] * 1e3:.1f} ms{' (in place, imported)' if e['imported'] else ''} vs cpu "
          f"{e['cpu_seconds'] * 1e3:.1f} ms -> {e['choice']}")
    wrapped_cpu = vfxpy.Image(base.copy())
    before = _vfxpy._gpu_transfer_counts()
    on_auto, on_cpu_5 = best_of_each([lambda: one_by_one(auto, wrapped), lambda: one_by_one(cpu, wrapped_cpu)], r)
    after = _vfxpy._gpu_transfer_counts()
    picks = f"{after['auto_device'] - before['auto_device']} device / {after['auto_cpu'] - before['auto_cpu']} cpu calls"
    row(f"numpy-wrapped, 5 calls, auto with the cost model on this device (goal<=1.0) [{picks}]", on_auto, on_cpu_5,
        "cpu backend 5 calls")
    explicit = vfxpy.Image(base.copy())
    on_device, on_cpu_5 = best_of_each([lambda: one_by_one(gpu, explicit), lambda: one_by_one(cpu, wrapped_cpu)],
                                       r)
    row("numpy-wrapped, 5 calls, backend='vulkan' (always the device)", on_device, on_cpu_5, "cpu backend 5 calls")


def ops_on_device(row, best_of, args, gpu):
    """vfxpy.ops on an image resident on the device (the result left there) beside the
    same ops on the host: resize 4K -> 1080p lanczos3, blur sigma 2, over. On lavapipe
    the device is the CPU running shaders, so these are expected slower than the CPU ops."""
    from vfxpy import ops

    w, h = 3840, 2160
    r = max(3, args.repeat // 2)
    base = np.random.default_rng(1).uniform(0, 1, (h, w, 4)).astype(np.float32)
    on_host = vfxpy.Image(base, copy=True)
    resident = vfxpy.Image(base, copy=True)
    gpu.exposure(resident, 0.01)   # uploads once; the pixels now live on the device
    small = ops.resize(on_host, 1920, 1080)
    small_resident = ops.resize(resident, 1920, 1080)
    print(f"vfxpy.ops on {gpu.device_name}, 4K f32 RGBA resident on the device vs the CPU ops"
          " (lavapipe runs shaders on the CPU: expected slower there):")
    before = vfxpy.processor._vfxpy._gpu_transfer_counts()
    cases = [
        ("resize 4K->1080p lanczos3", lambda: ops.resize(resident, 1920, 1080),
         lambda: ops.resize(on_host, 1920, 1080)),
        ("blur sigma 2 (4K)", lambda: ops.blur(resident, sigma=2), lambda: ops.blur(on_host, sigma=2)),
        ("over 1080p onto 4K", lambda: ops.over(small_resident, resident, offset=(100, 100)),
         lambda: ops.over(small, on_host, offset=(100, 100))),
    ]
    for name, device_op, host_op in cases:
        row(f"vulkan ops {name}: resident", best_of(device_op, r), best_of(host_op, r), f"cpu {name}")
    after = vfxpy.processor._vfxpy._gpu_transfer_counts()
    assert after["uploads"] == before["uploads"] and after["downloads"] == before["downloads"], "not resident"
