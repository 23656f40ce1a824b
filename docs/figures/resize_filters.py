"""Figure: vfxpy.ops.resize's filters shrinking a zone plate 4x (512 -> 128 pixels).

The zone plate's rings get finer outward, reaching the source's Nyquist limit at its
edge (faded out beyond, so the source itself does not alias). After a 4x shrink,
everything past a quarter of the radius is too fine for the result: a good filter
leaves it flat gray, a poor one folds it back as false rings (aliasing)."""

import numpy as np

from _common import out_path, plt, rgb8, show_pixels

from vfxpy import Image, ops

n = 512
y, x = np.mgrid[0:n, 0:n].astype(np.float64) + 0.5 - n / 2
r2 = x * x + y * y
window = np.clip((n / 2 - np.sqrt(r2)) / 24, 0, 1)  # fade out before the corners alias in the source
zone = Image((0.18 + 0.16 * np.cos(np.pi * r2 / n) * window).astype(np.float32))

filters = ["nearest", "box", "bilinear", "catmull-rom", "mitchell", "lanczos3", "gaussian"]
fig, axes = plt.subplots(2, 4, figsize=(10.4, 6.0))
show_pixels(axes[0, 0], rgb8(ops.crop(zone, 192, 192, 128, 128)),
            "source: centre 128x128, 1:1")
for ax, name in zip(axes.flat[1:], filters):
    show_pixels(ax, rgb8(ops.resize(zone, 128, filter=name)), f"{name}")
fig.suptitle("ops.resize(zone, 128, filter=...): 512 -> 128 pixels, enlarged here without smoothing")
fig.tight_layout()
fig.savefig(out_path("resize_filters.png"))
