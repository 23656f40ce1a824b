"""Figure: vfxpy.ops.blend's modes as a grid: a soft-edged disc with a hue ramp (the
foreground, premultiplied) blended onto the example plate (the background)."""

import colorsys

import numpy as np

from _common import make_plate, out_path, plt, rgb8, show_pixels

from vfxpy import Image, ops

w, h = 240, 135
bg = ops.resize(make_plate(960, 540), w, filter="box")
y, x = np.mgrid[0:h, 0:w].astype(np.float32) + 0.5
alpha = np.clip((0.42 * h - np.hypot(x - w / 2, y - h / 2)) / 10, 0, 1)
hues = np.array([colorsys.hsv_to_rgb(v, 0.8, 0.9) for v in np.linspace(0, 1, w, endpoint=False)], dtype=np.float32)
fg_pixels = np.empty((h, w, 4), dtype=np.float32)
fg_pixels[..., :3] = hues[None, :, :] * np.linspace(1.0, 0.25, h, dtype=np.float32)[:, None, None]
fg_pixels[..., 3] = alpha
fg = ops.premultiply(Image(fg_pixels))

cells = [("foreground (over black)", fg), ("background", bg)]
cells += [(mode, ops.blend(fg, bg, mode)) for mode in ops.BLEND_MODES]
fig, axes = plt.subplots(4, 4, figsize=(10.4, 6.6))
for ax, (title, img) in zip(axes.flat, cells):
    show_pixels(ax, rgb8(img), title)
fig.suptitle("ops.blend(fg, bg, mode), opacity 1")
fig.tight_layout()
fig.savefig(out_path("blend_modes.png"))
