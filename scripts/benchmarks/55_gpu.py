"""The Vulkan backend beside the CPU backend: a 5-op chain on a 4K f32 RGBA image, with
the transfers (upload, run, read back) and resident (the image already on the device,
the result left there). Runs on whatever Vulkan device Processor(backend="vulkan")
takes: here Mesa's lavapipe (a CPU rasterizer, expected slower than the CPU backend);
on a machine with a GPU, the GPU."""

import numpy as np

import vfxpy


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
    ops_on_device(row, best_of, args, gpu)


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
