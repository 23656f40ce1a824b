"""Color ops on every stored pixel format: each row times one op in place on a 4K image
of that format (CPU backend) against the same op on a 4K f32 RGBA image, so the ratio is
the per-pixel cost of loading and storing the format beside f32's in-place run. Goals:
f16 at most 1.2, u8/u16 at most 1.5."""

import numpy as np

import vfxpy
from vfxpy import lut


def _pixels(dtype, channels, rng, w, h):
    """Pixels spread over the format's range: floats in [0, 1.5), integers over all codes."""
    if dtype in (np.uint8, np.uint16):
        return rng.integers(0, np.iinfo(dtype).max, (h, w, channels), endpoint=True, dtype=dtype)
    return rng.uniform(0, 1.5, (h, w, channels)).astype(dtype)


def _cube(size=33):
    g = np.linspace(0, 1, size)
    r, gg, b = np.meshgrid(g, g, g, indexing="ij")
    rgb = np.stack([r, gg, b], axis=-1)
    m = np.array([[0.9, 0.2, -0.1], [0.05, 0.8, 0.15], [-0.1, 0.3, 1.1]])
    return lut.Lut3D((np.sign(rgb @ m.T) * np.abs(rgb @ m.T) ** 0.8).astype(np.float32))


def run(row, best_of, args):
    w, h = 3840, 2160
    r = args.repeat
    rng = np.random.default_rng(0)
    proc = vfxpy.Processor(backend="cpu")
    cube = _cube()
    slope, offset, power, sat = (1.1, 1.0, 0.9), (0.01, 0.0, -0.01), (1.2, 1.0, 0.8), 1.1
    ops = {
        "exposure": lambda img: proc.exposure(img, 0.1),
        "cdl": lambda img: proc.cdl(img, slope=slope, offset=offset, power=power, saturation=sat),
        "lut3d 33^3": lambda img: proc.apply_lut(img, cube),
        "4-op chain": lambda img: proc.chain(img).exposure(0.1).saturation(1.05)
        .cdl(slope=slope, offset=offset, power=power).contrast(1.1).run(),
    }

    def timer(dtype, channels):
        """op -> time of op on freshly restored pixels (restore time subtracted: ops applied
        again and again would drift the values, and clamp integers to flat images)."""
        base = _pixels(dtype, channels, rng, w, h)
        work = base.copy()
        img = vfxpy.Image(work)
        restore = best_of(lambda: np.copyto(work, base), r)

        def time(op):
            def both():
                np.copyto(work, base)
                op(img)
            return max(best_of(both, r) - restore, 1e-6)
        return time

    print("color ops per pixel format, 4K, in place, CPU backend (ratio: format / f32 RGBA):")
    f32 = timer(np.float32, 4)
    reference = {name: f32(op) for name, op in ops.items()}
    for label, dtype, channels in (("f16", np.float16, 4), ("u16", np.uint16, 4), ("u8", np.uint8, 4),
                                   ("f16 RGB", np.float16, 3)):
        time = timer(dtype, channels)
        for name, op in ops.items():
            row(f"{name} {label} vs f32", time(op), reference[name], "same op, f32 RGBA")
