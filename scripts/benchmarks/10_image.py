"""vfxpy.Image conversions, fill and copy on a 4K RGBA image, beside numpy."""

import numpy as np

import vfxpy


def run(row, best_of, args):
    w, h = 3840, 2160
    rng = np.random.default_rng(0)
    f32 = rng.uniform(-0.1, 1.2, (h, w, 4)).astype(np.float32)
    u8 = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
    u16 = rng.integers(0, 65536, (h, w, 4), dtype=np.uint16)
    img32, img8, img16 = vfxpy.Image(f32), vfxpy.Image(u8), vfxpy.Image(u16)
    r = args.repeat

    def np_to_u8():
        return np.floor(np.clip(f32, 0, 1) * np.float32(255) + np.float32(0.5)).astype(np.uint8)

    print(f"4K RGBA ({w}x{h}x4):")
    row("astype f32 -> f16", best_of(lambda: img32.astype("f16"), r),
        best_of(lambda: f32.astype(np.float16), r), "ndarray.astype")
    row("astype f32 -> u8 (clamp, round)", best_of(lambda: img32.astype("u8"), r),
        best_of(np_to_u8, r), "numpy clip/round/cast")
    row("astype u8 -> f32 (/255)", best_of(lambda: img8.astype("f32"), r),
        best_of(lambda: u8.astype(np.float32) / np.float32(255), r), "numpy astype / 255")
    row("astype u16 -> f32 (/65535)", best_of(lambda: img16.astype("f32"), r),
        best_of(lambda: u16.astype(np.float32) / np.float32(65535), r), "numpy astype / 65535")
    dst = np.empty_like(f32)

    def np_fill():
        dst[...] = (0.1, 0.2, 0.3, 1.0)

    row("fill (0.1, 0.2, 0.3, 1.0) f32", best_of(lambda: img32.fill((0.1, 0.2, 0.3, 1.0)), r),
        best_of(np_fill, r), "arr[...] = rgba")
    row("copy f32", best_of(lambda: img32.copy(), r), best_of(lambda: f32.copy(), r), "ndarray.copy")
    row("Image.new f32 (zeroed)", best_of(lambda: vfxpy.Image.new(w, h), r),
        best_of(lambda: np.zeros((h, w, 4), np.float32), r), "np.zeros")
    row("Image(arr) zero-copy wrap + numpy()", best_of(lambda: vfxpy.Image(f32).numpy(), r),
        best_of(lambda: np.asarray(f32), r), "np.asarray")
