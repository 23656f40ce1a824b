"""3D LUTs (17³, 33³, 65³; tetrahedral and trilinear) and a 1D LUT on a 4K RGBA image:
vfxpy beside OpenColorIO's CPU processor (PyOpenColorIO in this process, the same .cube
file, applyRGBA on a numpy array of the same pixels). OCIO's processor:
getOptimizedCPUProcessor(F32, F32, OPTIMIZATION_NONE), as the tests use; its default
optimization makes no difference for a single LUT op. OCIO runs on one thread, so a
"1 thread" row shows the per-core ratio; on N cores, parity per core is a ratio of 1/N."""

import os
import tempfile

import numpy as np

import vfxpy
from vfxpy import lut


def _cube_file(folder, size):
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]])
    data = (np.sign(rgb @ m.T) * np.abs(rgb @ m.T) ** 0.8).astype(np.float32)
    path = os.path.join(folder, f"bench{size}.cube")
    lut.write_cube(path, lut.Lut3D(data))
    return path


def run(row, best_of, args):
    try:
        import PyOpenColorIO as OCIO
    except ImportError:
        print("60_lut: PyOpenColorIO is not importable here (Debian python3-pyopencolorio); skipped")
        return
    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    pixels = rng.uniform(-0.05, 1.05, (h, w, 4)).astype(np.float32)
    with tempfile.TemporaryDirectory() as folder:
        config = OCIO.Config.CreateRaw()
        ours = pixels.copy()
        img = vfxpy.Image(ours)
        proc = vfxpy.Processor()
        theirs = pixels.copy()
        flat = theirs.reshape(-1, 4)
        r = args.repeat
        print(f"3D LUTs, 4K f32 RGBA ({w}x{h}x4), {vfxpy.threads()} threads vs OCIO (1 thread):")
        modes = {"tetrahedral": OCIO.INTERP_TETRAHEDRAL, "trilinear": OCIO.INTERP_LINEAR}
        for size in (17, 33, 65):
            path = _cube_file(folder, size)
            for name, interp in modes.items():
                cube = lut.read(path)
                cube.interpolation = name
                cpu = config.getProcessor(OCIO.FileTransform(src=path, interpolation=interp)).getOptimizedCPUProcessor(
                    OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_NONE)
                # each call transforms the previous result again: the same work every time
                peer = best_of(lambda: cpu.applyRGBA(flat), r)
                row(f"lut3d {size}^3 {name} (apply_lut)", best_of(lambda: proc.apply_lut(img, cube), r),
                    peer, "OCIO CPU applyRGBA")
                if size == 33:
                    threads = vfxpy.threads()
                    vfxpy.set_threads(1)
                    try:
                        row(f"lut3d 33^3 {name}, 1 thread", best_of(lambda: proc.apply_lut(img, cube), r),
                            peer, "OCIO CPU applyRGBA")
                    finally:
                        vfxpy.set_threads(threads)
        path = os.path.join(folder, "bench33.cube")
        cube = lut.read(path)
        half_img = vfxpy.Image(pixels.astype(np.float16))
        half_flat = pixels.astype(np.float16).reshape(-1, 4)
        cpu_half = config.getProcessor(OCIO.FileTransform(src=path, interpolation=OCIO.INTERP_TETRAHEDRAL)) \
            .getOptimizedCPUProcessor(OCIO.BIT_DEPTH_F16, OCIO.BIT_DEPTH_F16, OCIO.OPTIMIZATION_NONE)
        row("lut3d 33^3 tetrahedral, f16 image", best_of(lambda: proc.apply_lut(half_img, cube), r),
            best_of(lambda: cpu_half.applyRGBA(half_flat), r), "OCIO CPU applyRGBA f16")
        curve = lut.Lut1D.gamma(4096, 2.2)
        lut.write_cube(os.path.join(folder, "curve.cube"), curve)
        cpu_1d = config.getProcessor(OCIO.FileTransform(src=os.path.join(folder, "curve.cube"))).getOptimizedCPUProcessor(
            OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_NONE)
        row("lut1d 4096 linear (apply_lut)", best_of(lambda: proc.apply_lut(img, curve), r),
            best_of(lambda: cpu_1d.applyRGBA(flat), r), "OCIO CPU applyRGBA")
