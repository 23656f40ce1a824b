"""Figure: the example plate before and after a Processor grade (exposure +0.7,
saturation 1.3, contrast 1.15 about 18% gray), both in the notebook preview's sRGB view."""

from _common import make_plate, out_path, plt, rgb8, show_pixels

import vfxpy

plate = make_plate(960, 540)
graded = plate.copy()
vfxpy.Processor().chain(graded).exposure(0.7).saturation(1.3).contrast(1.15).run()

fig, axes = plt.subplots(1, 2, figsize=(9.8, 3.0))
show_pixels(axes[0], rgb8(plate, 480), "before: the plate (scene-linear, sRGB view)")
show_pixels(axes[1], rgb8(graded, 480), "after: exposure +0.7, saturation 1.3, contrast 1.15")
fig.tight_layout()
fig.savefig(out_path("grade.png"))
