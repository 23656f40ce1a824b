"""Processor ops on a 4K f32 RGBA image beside numpy and OpenColorIO's CPU processor
(in the bench's peer processes: OCIO 2.6 from PyPI, Debian's 2.1 as a second row where it
differs), and the memory-copy floor (one read and one write of the image)."""

import numpy as np

import bench_peers
import vfxpy

# The peer side of the OCIO rows: ``cpu`` applied to ``work`` restored from ``base`` each run
# (bench_peers subtracts the restore's time).
OCIO_SETUP = """
import PyOpenColorIO as OCIO
work = base.copy()

def ocio_cpu(transform):
    config = OCIO.Config.CreateRaw()
    return config.getProcessor(transform).getOptimizedCPUProcessor(
        OCIO.BIT_DEPTH_F32, OCIO.BIT_DEPTH_F32, OCIO.OPTIMIZATION_DEFAULT)
"""


def ocio_row(row, name, ours, base, setup, r):
    bench_peers.rows(row, name, ours, "OCIO CPU", "np.copyto(work, base); cpu.applyRGBA(work.reshape(-1))",
                     setup=OCIO_SETUP + setup, data={"base": base}, repeat=r, reset="np.copyto(work, base)")


def run(row, best_of, args):
    w, h = 3840, 2160
    r = args.repeat
    base = np.random.default_rng(0).uniform(0, 1.5, (h, w, 4)).astype(np.float32)
    work = base.copy()
    img = vfxpy.Image(work)
    proc = vfxpy.Processor()
    dst = np.empty_like(base)
    print("color ops, 4K f32 RGBA, in place (each run starts from the same pixels):")
    floor = best_of(lambda: np.copyto(dst, work), r)
    restore = floor

    def fresh(op):
        """Time of op on freshly restored pixels (ops applied again and again would
        drift the values towards overflow or denormals and time those instead)."""
        def both():
            np.copyto(work, base)
            op()
        return max(best_of(both, r) - restore, 1e-6)

    row("memory-copy floor (np.copyto)", floor, floor, "itself")

    def np_exposure():
        work[..., :3] *= np.float32(2.0)

    ours = fresh(lambda: proc.exposure(img, 1.0))
    row("exposure", ours, fresh(np_exposure), "numpy rgb *= 2**s")
    ocio_row(row, "exposure", ours, base, """
t = OCIO.ExposureContrastTransform()
t.setStyle(OCIO.EXPOSURE_CONTRAST_LINEAR)
t.setExposure(1.0)
cpu = ocio_cpu(t)
""", r)
    row("exposure vs copy floor", ours, floor, "np.copyto")

    slope, offset, power, sat = (1.1, 1.0, 0.9), (0.01, 0.0, -0.01), (1.2, 1.0, 0.8), 1.1
    luma = np.array([0.2126, 0.7152, 0.0722], np.float32)

    def np_cdl():
        rgb = work[..., :3] * np.float32(slope) + np.float32(offset)
        rgb = np.where(rgb > 0, np.power(np.maximum(rgb, 0), np.float32(power)), rgb)
        y = (rgb @ luma)[..., None]
        work[..., :3] = y + np.float32(sat) * (rgb - y)

    ours = fresh(lambda: proc.cdl(img, slope=slope, offset=offset, power=power, saturation=sat))
    row("cdl (no_clamp, power != 1)", ours, fresh(np_cdl), "numpy expression")
    ocio_row(row, "cdl (no_clamp, power != 1)", ours, base, f"""
t = OCIO.CDLTransform()
t.setSlope({slope}); t.setOffset({offset}); t.setPower({power}); t.setSat({sat})
t.setStyle(OCIO.CDL_NO_CLAMP)
cpu = ocio_cpu(t)
""", r)
    row("cdl vs copy floor", ours, floor, "np.copyto")
    # the row above skips pow on its unit-power green channel; here every channel pays it
    every = fresh(lambda: proc.cdl(img, slope=slope, offset=offset, power=(1.2, 0.9, 0.8), saturation=sat))
    row("cdl, all powers != 1 vs copy floor", every, floor, "np.copyto")
    linear = fresh(lambda: proc.cdl(img, slope=slope, offset=offset, saturation=sat))
    row("cdl (power 1: slope, offset, sat)", linear, floor, "np.copyto")
    row("contrast vs copy floor", fresh(lambda: proc.contrast(img, 1.1)), floor, "np.copyto")

    def chain():
        proc.chain(img).exposure(0.1).saturation(1.05).cdl(slope=slope, offset=offset, power=power).contrast(1.1).run()

    def one_by_one():
        proc.exposure(img, 0.1).saturation(img, 1.05).cdl(img, slope=slope, offset=offset, power=power)
        proc.contrast(img, 1.1)

    fused = fresh(chain)
    row("4-op chain fused vs one by one", fused, fresh(one_by_one), "4 separate passes")
    from vfxpy import lut

    cube = lut.Lut3D.identity(33)
    row("4-op chain fused vs one 33^3 LUT", fused, fresh(lambda: proc.apply_lut(img, cube)), "apply_lut tetrahedral")
