"""A 33³ tetrahedral 3D LUT on a 4K f32 RGBA image: vfxpy beside OpenColorIO's CPU processor
(in the bench's peer processes: OCIO 2.6 from PyPI, Debian's 2.1 as a second row where it
differs; the same .cube file, applyRGBA on a numpy array of the same pixels). OCIO's
processor: getOptimizedCPUProcessor(F32, F32, OPTIMIZATION_NONE), as the tests use; its
default optimization makes no difference for a single LUT op."""

import os
import tempfile

import numpy as np

import bench_peers
import vfxpy
from vfxpy import lut

# The peer side: ``ocio_cpu(path, interpolation)`` builds OCIO's processor for a LUT file;
# rows time ``cpu.applyRGBA(flat)`` on the same pixels.
OCIO_SETUP = """
import PyOpenColorIO as OCIO
flat = pixels.reshape(-1, 4)

def ocio_cpu(path, interpolation="INTERP_DEFAULT"):
    transform = OCIO.FileTransform(src=path, interpolation=getattr(OCIO, interpolation))
    return OCIO.Config.CreateRaw().getProcessor(transform).getOptimizedCPUProcessor(
        OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_NONE)
"""

# f16 in, f16 out: OCIO's processor finalized for half buffers.
HALF_SETUP = """
import PyOpenColorIO as OCIO
flat = halves.reshape(-1, 4)
transform = OCIO.FileTransform(src={path!r}, interpolation=OCIO.INTERP_TETRAHEDRAL)
cpu = OCIO.Config.CreateRaw().getProcessor(transform).getOptimizedCPUProcessor(
    OCIO.BIT_DEPTH_F16, OCIO.BIT_DEPTH_F16, OCIO.OPTIMIZATION_NONE)
"""


def ocio_row(row, name, ours, pixels, setup, r):
    bench_peers.rows(row, name, ours, "OCIO CPU applyRGBA", "cpu.applyRGBA(flat)", setup=OCIO_SETUP + setup,
                     data={"pixels": pixels}, repeat=r)


def _cube_file(folder, size=33):
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]])
    data = (np.sign(rgb @ m.T) * np.abs(rgb @ m.T) ** 0.8).astype(np.float32)
    path = os.path.join(folder, f"bench{size}.cube")
    lut.write_cube(path, lut.Lut3D(data))
    return path


def run(row, best_of, args):
    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    pixels = rng.uniform(-0.05, 1.05, (h, w, 4)).astype(np.float32)
    with tempfile.TemporaryDirectory() as folder:
        path = _cube_file(folder)
        cube = lut.read(path)
        ours = pixels.copy()
        img = vfxpy.Image(ours)
        proc = vfxpy.Processor()
        r = args.repeat
        print(f"3D LUT 33^3 tetrahedral, 4K f32 RGBA ({w}x{h}x4), {vfxpy.threads()} threads vs OCIO:")
        # each call transforms the previous result again: the same work every time
        ocio_row(row, "lut3d 33^3 tetrahedral (apply_lut)", best_of(lambda: proc.apply_lut(img, cube), r), pixels,
                 f"cpu = ocio_cpu({path!r}, 'INTERP_TETRAHEDRAL')", r)
        cube.interpolation = "trilinear"
        ocio_row(row, "lut3d 33^3 trilinear (apply_lut)", best_of(lambda: proc.apply_lut(img, cube), r), pixels,
                 f"cpu = ocio_cpu({path!r}, 'INTERP_LINEAR')", r)
        curve = lut.Lut1D.gamma(4096, 2.2)
        curve_path = os.path.join(folder, "curve.cube")
        lut.write_cube(curve_path, curve)
        ocio_row(row, "lut1d 4096 linear (apply_lut)", best_of(lambda: proc.apply_lut(img, curve), r), pixels,
                 f"cpu = ocio_cpu({curve_path!r})", r)
        # per core: OCIO's CPU processor runs on the calling thread only
        print("per core (vfxpy on 1 thread, as OCIO):")
        vfxpy.set_threads(1)
        try:
            for size in (17, 33, 65):
                sized_path = path if size == 33 else _cube_file(folder, size)
                sized = lut.read(sized_path)
                ocio_row(row, f"lut3d {size}^3 tetrahedral, 1 thread", best_of(lambda: proc.apply_lut(img, sized), r),
                         pixels, f"cpu = ocio_cpu({sized_path!r}, 'INTERP_TETRAHEDRAL')", r)
            ocio_row(row, "lut1d 4096 linear, 1 thread", best_of(lambda: proc.apply_lut(img, curve), r), pixels,
                     f"cpu = ocio_cpu({curve_path!r})", r)
            # f16 input: vfxpy converts inside its block loop; OCIO reads half buffers itself
            halves = pixels.astype(np.float16)
            half_img = vfxpy.Image(halves.copy())
            cube.interpolation = "tetrahedral"
            bench_peers.rows(row, "lut3d 33^3 tetrahedral, f16 in/out, 1 thread",
                             best_of(lambda: proc.apply_lut(half_img, cube), r), "OCIO CPU applyRGBA (half)",
                             "cpu.applyRGBA(flat)", setup=HALF_SETUP.format(path=path), data={"halves": halves},
                             repeat=r)
        finally:
            vfxpy.set_threads(0)
            for peer in bench_peers.peers():
                peer.forget(pixels, halves)
